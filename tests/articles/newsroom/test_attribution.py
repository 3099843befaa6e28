"""The origin a story's own lines name: proposed, confirmed or dismissed, and held before publishing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from articles.models import Article, AttributionDecision
from articles.newsroom.attribution import (
    attribution_confirm,
    attribution_dismiss,
    attribution_pending,
    attribution_proposal,
    body_lines,
)
from articles.newsroom.checks import publication_problems
from sources.models import Source
from tests.factories import make_article, make_source

pytestmark = pytest.mark.django_db

SABA_BODY = "<p>صنعاء (سبأ) - أقر مجلس الوزراء خطة لصيانة الطرق.</p><p>ونقلت وكالة رويترز عن مسؤول أن التمويل متوفر.</p>"


@pytest.fixture
def chain():
    partner = make_source(name="نافذة الوادي", slug="wadi", aliases=["نافذة الوادي"])
    saba = make_source(name="وكالة سبأ", slug="saba", kind=Source.Kind.AGENCY, aliases=["سبأ"])
    reuters = make_source(name="رويترز", slug="reuters", kind=Source.Kind.AGENCY, aliases=["رويترز"])
    article = make_article(origin=Article.Origin.REPUBLISHED, source=partner, body=SABA_BODY)
    return partner, saba, reuters, article


def test_body_lines_keeps_one_paragraph_a_line():
    assert body_lines("<p>أ</p><p>ب<br>ج</p>").split("\n")[:3] == ["أ", "ب", "ج"]


def test_proposal_reads_dateline_and_cited_agency(chain):
    partner, saba, reuters, article = chain
    proposal = attribution_proposal(article)
    assert proposal.origin == saba
    assert proposal.partner == partner
    assert proposal.cited == [reuters]
    assert proposal.reading.evidence.startswith("صنعاء (سبأ) -")
    assert proposal.names_other_origin


def test_original_reporting_has_no_proposal(chain):
    *_, article = chain
    article.origin = Article.Origin.ORIGINAL
    assert attribution_proposal(article) is None


def test_confirm_makes_origin_the_source_and_partner_via(chain, editor):
    partner, saba, reuters, article = chain
    version = article.version
    confirmed = attribution_confirm(article=article, by=editor)
    confirmed.refresh_from_db()
    assert confirmed.source == saba
    assert confirmed.via_source == partner
    assert list(confirmed.cited_sources.all()) == [reuters]
    assert confirmed.version == version + 1
    decision = AttributionDecision.objects.get(article=article)
    assert decision.decision == AttributionDecision.Decision.CONFIRMED
    assert decision.evidence.startswith("صنعاء (سبأ)")
    # Once confirmed, the text's origin is the source: nothing is pending.
    assert attribution_pending(confirmed) is None


def test_undecided_origin_holds_publication_until_decided(chain, editor):
    *_, article = chain
    problems = publication_problems(article)
    assert any("سبأ" in problem for problem in problems)
    attribution_dismiss(article=article, by=editor)
    assert not any("سبأ" in problem for problem in publication_problems(article))
    article.refresh_from_db()
    assert article.source.slug == "wadi"


def test_confirm_without_named_origin_says_so(editor):
    partner = make_source(name="نافذة الوادي", slug="wadi2")
    article = make_article(origin=Article.Origin.REPUBLISHED, source=partner, body="<p>خبر محلي بلا مصدر آخر.</p>")
    with pytest.raises(ValidationError) as error:
        attribution_confirm(article=article, by=editor)
    assert "يدويًا" in " ".join(error.value.messages) or "yourself" in " ".join(error.value.messages)


def test_writer_of_another_story_cannot_confirm(chain, writer):
    *_, article = chain
    with pytest.raises(PermissionDenied):
        attribution_confirm(article=article, by=writer)


def test_partner_terms_are_checked_after_confirming(chain, editor):
    partner, _saba, _reuters, article = chain
    attribution_confirm(article=article, by=editor)
    Source.objects.filter(pk=partner.pk).update(terms_approved=False)
    article = Article.objects.get(pk=article.pk)
    assert any(str(partner) in problem for problem in publication_problems(article))
