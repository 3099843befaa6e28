"""Every plain-text field of a story, section, tag, event and correction is cleaned when saved
(issue 22): by a model save, the admin form and ingest alike; and the migration cleans what
was stored before."""

import importlib

import pytest
from django.apps import apps
from django.db import transaction

from articles.models import Article, ArticleEvent, Correction, Feed, Section, Tag
from articles.models.workflow import State
from sources.text import clean_markup, clean_text
from tests.articles.helpers import change_url, form_data, logged_in
from tests.dirty_text import SPILL, balanced, dirty, dirty_stored, has_controls
from tests.factories import make_article, make_section, make_source

pytestmark = pytest.mark.django_db

SINGLE_LINE = {
    "title": "عنوان الخبر",
    "byline": "محرر الموقع",
    "dateline": "باكو",
    "lead_image_alt": "صورة الوزير",
    "lead_image_caption": "الوزير في باكو",
}
MULTILINE = {"summary": "موجز\nالخبر"}


def assert_clean(value: str, *, multiline: bool = False) -> None:
    assert not has_controls(value), repr(value)
    assert balanced(value), repr(value)
    assert SPILL not in value
    if not multiline:
        assert "\n" not in value and "\t" not in value


def _translation(article: Article, language: str = "ar"):
    return Article._parler_meta.root_model.objects.get(master_id=article.pk, language_code=language)


def test_article_save_cleans_every_plain_field_and_the_body():
    article = make_article(
        title=dirty(SINGLE_LINE["title"]),
        summary=dirty(MULTILINE["summary"]),
        byline=dirty(SINGLE_LINE["byline"]),
        body=f"<p>{dirty('نص الخبر')}</p><p>&#11;&#x202E;فقرة&#0;</p>",
        lead_image_credit=dirty("وكالة"),
        en={"title": dirty("Headline"), "dateline": dirty("Baku")},
    )
    article.set_current_language("ar")
    article.dateline = dirty(SINGLE_LINE["dateline"])
    article.lead_image_alt = dirty(SINGLE_LINE["lead_image_alt"])
    article.lead_image_caption = dirty(SINGLE_LINE["lead_image_caption"])
    article.save()

    stored = _translation(article)
    for name in SINGLE_LINE:
        assert_clean(getattr(stored, name))
        assert getattr(stored, name) == clean_text(dirty(SINGLE_LINE[name]))
    assert_clean(stored.summary, multiline=True)
    assert stored.summary.startswith("موجز\n") and stored.summary.endswith("الخبر")  # it keeps its line breaks
    assert_clean(stored.body, multiline=True)
    assert stored.body.startswith("<p>نص") and "فقرة" in stored.body
    assert stored.body == clean_markup(stored.body)
    assert_clean(Article.objects.get(pk=article.pk).lead_image_credit)
    english = _translation(article, "en")
    assert_clean(english.title) and assert_clean(english.dateline)
    assert english.title.startswith("Head") and english.title.endswith("line")


def test_article_admin_form_cleans_what_an_editor_pastes(editor):
    article = make_article()
    pasted = {name: dirty(value, nul=False, surrogates=False) for name, value in {**SINGLE_LINE, **MULTILINE}.items()}
    data = form_data(
        article,
        **pasted,
        body=f"<p>{dirty('نص', nul=False, surrogates=False)}</p>",
        lead_image_credit=dirty("وكالة", nul=False, surrogates=False),
    )
    response = logged_in(editor).post(change_url(article, "ar"), data)
    assert response.status_code == 302, response.content.decode()[:2000]

    stored = _translation(article)
    for name in SINGLE_LINE:
        assert_clean(getattr(stored, name))
    assert_clean(stored.summary, multiline=True)
    assert_clean(stored.body, multiline=True)
    assert_clean(Article.objects.get(pk=article.pk).lead_image_credit)


def test_lone_surrogates_are_removed_before_the_database_sees_them():
    # Neither database can store one (the driver cannot encode it as UTF-8): save removes them first.
    article = make_article(title="عنوان\ud800الخبر", summary="\udfffموجز", body="<p>نص\udc80</p>")
    stored = _translation(article)
    assert (stored.title, stored.summary, stored.body) == ("عنوانالخبر", "موجز", "<p>نص</p>")
    with pytest.raises(UnicodeEncodeError), transaction.atomic():
        Article._parler_meta.root_model.objects.filter(pk=stored.pk).update(title="عنوان\ud800")


def test_headline_with_a_vertical_tab_becomes_one_line():
    article = make_article(title="وزير الخارجية\x0bيصل إلى باكو")
    assert _translation(article).title == "وزير الخارجية يصل إلى باكو"


def test_section_tag_correction_event_and_feed_are_cleaned_on_save():
    section = make_section(name=dirty("أخبار سوريا"), name_en=dirty("Syria news"))
    for language in ("ar", "en"):
        assert_clean(Section._parler_meta.root_model.objects.get(master_id=section.pk, language_code=language).name)
    assert section.safe_translation_getter("slug", language_code="ar") == "أخبار-سوريا"

    article = make_article(tags=[f"سو\x01{SPILL}ريا\x0b", dirty("لبنان")])
    tag = Tag.objects.get(slug="سوريا")
    assert tag.name == tag.normalized == "سوريا"
    assert_clean(Tag.objects.exclude(pk=tag.pk).get().name)
    article.tags.add("سوريا", "\x02سوريا")  # the clean spelling and another dirty one are the same tag
    assert Tag.objects.count() == 2

    correction = Correction.objects.create(article=article, text=dirty("صُحّح\nاسم الوزير"))
    assert_clean(Correction.objects.get(pk=correction.pk).text, multiline=True)
    event = ArticleEvent.objects.create(
        article=article, kind=ArticleEvent.Kind.CORRECT, from_state=State.DRAFT, to_state=State.DRAFT, comment=dirty("ملاحظة")
    )
    assert_clean(ArticleEvent.objects.get(pk=event.pk).comment, multiline=True)

    feed = Feed.objects.create(
        source=make_source(), url="https://example.org/feed.xml", name=dirty("أخبار"), title_prefixes=f"أخبار سوريا\x0b{SPILL}\n\x00عاجل\r\n"
    )
    feed.refresh_from_db()
    assert_clean(feed.name)
    assert_clean(feed.title_prefixes, multiline=True)
    assert feed.prefixes() == ["أخبار سوريا", "عاجل"]


def test_tag_admin_form_finds_the_clean_spelling_already_taken(admin_client):
    Tag.objects.create(name="سوريا")
    response = admin_client.post("/admin/articles/tag/add/", {"name": "سو\x0eريا", "slug": "x"})
    assert response.status_code == 200
    assert Tag.objects.count() == 1


def test_migration_cleans_text_stored_before():
    article = make_article(tags=["سوريا", "لبنان"], en={"title": "Headline"})
    section = make_section()
    correction = Correction.objects.create(article=article, text="تصحيح")
    raw = dirty_stored("عنوان")
    Article._parler_meta.root_model.objects.filter(master_id=article.pk).update(
        title=raw, summary="موجز\r\nثان\x0b", body=f"<p>{raw}</p>", dateline=dirty_stored("باكو")
    )
    Article.objects.filter(pk=article.pk).update(lead_image_credit=raw)
    Section._parler_meta.root_model.objects.filter(master_id=section.pk).update(name=raw)
    Tag.objects.filter(name="سوريا").update(name="سو\x01ريا")
    Tag.objects.filter(name="لبنان").update(name="سوريا\x02")  # cleaned, it would be the first tag's name
    Correction.objects.filter(pk=correction.pk).update(text=raw)

    migration = importlib.import_module("articles.migrations.0008_clean_stored_text")
    migration.clean_stored_text(apps, None)

    for language in ("ar", "en"):
        stored = _translation(article, language)
        assert_clean(stored.title)
        assert_clean(stored.summary, multiline=True)
        assert_clean(stored.body, multiline=True)
        assert_clean(stored.dateline)
    assert _translation(article).summary == "موجز\nثان\n"
    assert _translation(article).title == clean_text(raw)
    assert_clean(Article.objects.get(pk=article.pk).lead_image_credit)
    assert Section._parler_meta.root_model.objects.get(master_id=section.pk, language_code="ar").name == clean_text(raw)
    assert_clean(Correction.objects.get(pk=correction.pk).text, multiline=True)
    # The first tag is cleaned; the second, which would clash with it, is left for an editor to merge.
    assert dict(Tag.objects.values_list("name", "normalized")) == {"سوريا": "سوريا", "سوريا\x02": "لبنان"}
