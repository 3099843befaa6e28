"""Ingest and attribution: a partner's item that names another origin becomes a draft whose
proposal names it, and whose cited agencies come from the name matcher."""

import pytest

from articles.ingest.services import ingest_file
from articles.models import Article
from articles.newsroom.attribution import attribution_confirm, attribution_proposal
from sources.models import Source
from tests.factories import make_source

from .factories import make_partner

pytestmark = pytest.mark.django_db

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>شام</title><link>https://sham.example/</link>
<item><title>الحكومة تقر خطة لصيانة الطرق</title><link>https://sham.example/news/roads</link><guid>roads-1</guid>
<description><![CDATA[<p>صنعاء (سبأ) - أقر مجلس الوزراء خطة لصيانة الطرق.</p>
<p>وقال رئيس الجمهورية العربية إن الخطة عاجلة، فيما نقلت وكالة أ.ف.ب عن مسؤول أن التمويل متوفر.</p>]]></description>
</item></channel></rss>"""


def test_ingested_draft_proposes_the_dateline_origin(tmp_path, editor):
    partner = make_partner()
    saba = make_source(name="وكالة سبأ", slug="saba", kind=Source.Kind.AGENCY, aliases=["سبأ"])
    afp = make_source(name="فرانس برس", slug="afp", kind=Source.Kind.AGENCY, aliases=["أ ف ب"])
    make_source(name="العربية", slug="arabiya", aliases=["العربية"])
    from sources.models import SourceAlias

    SourceAlias.objects.filter(name="العربية").update(needs_cue=True)
    path = tmp_path / "feed.xml"
    path.write_text(RSS, encoding="utf-8")
    run = ingest_file(path, source=partner)
    assert run.items_new == 1
    draft = Article.objects.get()
    # The adjective is not the channel; the dotted acronym is the agency; the dateline's agency is named.
    assert set(draft.cited_sources.values_list("slug", flat=True)) == {"saba", "afp"}
    assert draft.source == partner
    proposal = attribution_proposal(draft)
    assert proposal.origin == saba and proposal.partner == partner
    attribution_confirm(article=draft, by=editor)
    draft.refresh_from_db()
    assert (draft.source, draft.via_source) == (saba, partner)
    assert list(draft.cited_sources.all()) == [afp]


def test_auto_publish_waits_for_an_editor_when_the_text_names_another_origin(tmp_path):
    from .factories import make_feed

    partner = make_partner(terms_auto_publish=True)
    make_source(name="وكالة سبأ", slug="saba", kind=Source.Kind.AGENCY, aliases=["سبأ"], terms_auto_publish=True)
    feed = make_feed(partner, auto_publish=True)
    path = tmp_path / "feed.xml"
    path.write_text(RSS, encoding="utf-8")
    run = ingest_file(path, source=partner, feed=feed)
    draft = Article.objects.get()
    assert draft.status == Article.Status.DRAFT
    assert any("سبأ" in str(note) for note in run.notes)
