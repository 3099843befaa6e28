"""The story form's attribution panel: the evidence line, and the editor's confirm or dismiss."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.html import escape

from articles.models import Article, AttributionDecision
from sources.models import Source
from tests.articles.helpers import change_url, logged_in
from tests.factories import make_article, make_source

pytestmark = pytest.mark.django_db

BODY = "<p>صنعاء (سبأ) - أقر مجلس الوزراء خطة لصيانة الطرق.</p><p>ونقلت وكالة رويترز عن مسؤول أن التمويل متوفر.</p>"


@pytest.fixture
def draft():
    partner = make_source(name="نافذة الوادي", slug="wadi", aliases=["نافذة الوادي"])
    make_source(name="وكالة سبأ", slug="saba", kind=Source.Kind.AGENCY, aliases=["سبأ"])
    make_source(name="رويترز", slug="reuters", kind=Source.Kind.AGENCY, aliases=["رويترز"])
    return make_article(origin=Article.Origin.REPUBLISHED, source=partner, body=BODY)


def attribution_url(article, decision: str) -> str:
    return reverse("admin:articles_article_attribution", args=[article.pk, decision])


def test_form_shows_evidence_and_buttons(editor, draft):
    html = logged_in(editor).get(change_url(draft)).content.decode()
    assert 'id="attribution-proposal"' in html
    assert escape("صنعاء (سبأ) - أقر مجلس الوزراء خطة لصيانة الطرق.") in html
    assert attribution_url(draft, "confirm") in html
    assert attribution_url(draft, "dismiss") in html
    # The chain's arrows point at whoever received the story, in either writing direction.
    chain = html.split('class="chain"')[1].split("</p>")[0]
    assert "→" in chain and "←" not in chain
    english = logged_in(editor).get("/en" + change_url(draft)).content.decode()
    assert "←" in english.split('class="chain"')[1].split("</p>")[0]


def test_confirm_from_the_form(editor, draft):
    client = logged_in(editor)
    response = client.post(attribution_url(draft, "confirm"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.source.slug == "saba" and draft.via_source.slug == "wadi"
    assert [s.slug for s in draft.cited_sources.all()] == ["reuters"]
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "نافذة الوادي" in text
    # Confirmed: the panel shows the chain and the decision, no more buttons.
    html = client.get(change_url(draft)).content.decode()
    assert attribution_url(draft, "confirm") not in html
    assert AttributionDecision.objects.get(article=draft).decided_by == editor


def test_dismiss_from_the_form(editor, draft):
    logged_in(editor).post(attribution_url(draft, "dismiss"))
    draft.refresh_from_db()
    assert draft.source.slug == "wadi" and draft.via_source is None
    assert AttributionDecision.objects.get(article=draft).decision == "dismissed"


def test_get_and_unknown_decisions_change_nothing(editor, draft):
    client = logged_in(editor)
    assert client.get(attribution_url(draft, "confirm")).status_code == 405
    assert client.post(attribution_url(draft, "adopt")).status_code == 405
    draft.refresh_from_db()
    assert draft.source.slug == "wadi"


def test_writer_cannot_confirm_someone_elses_story(writer, draft):
    response = logged_in(writer).post(attribution_url(draft, "confirm"))
    assert response.status_code in {403, 404}
    draft.refresh_from_db()
    assert draft.source.slug == "wadi"


def test_original_reporting_has_no_panel(editor):
    article = make_article()
    assert 'id="attribution-proposal"' not in logged_in(editor).get(change_url(article)).content.decode()
