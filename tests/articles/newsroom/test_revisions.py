"""Revisions in the admin: every save keeps one; editors compare two and restore one."""

import re

import pytest
from django.urls import reverse

from articles.models import Article
from articles.newsroom.revisions import article_revisions, as_lines
from tests.articles.helpers import change_url, form_data, logged_in

pytestmark = pytest.mark.django_db


def test_as_lines_reads_paragraphs_of_html():
    assert as_lines("<p>الأولى</p><p>الثانية &amp; الثالثة<br>سطر</p>") == ["الأولى", "الثانية & الثالثة", "سطر"]


def test_every_admin_save_keeps_a_revision_of_all_translations_and_tags(editor):
    from tests.factories import make_article

    article = make_article(en={"title": "English", "body": "<p>Text</p>"})
    client = logged_in(editor)
    client.post(change_url(article, "ar"), form_data(article, title="النسخة الأولى", tags="سوريا, لبنان"))
    client.post(change_url(article, "en"), form_data(article, "en", title="Second English"))
    revisions = list(article_revisions(article))
    assert len(revisions) == 2 and all(r.user == editor for r in revisions)
    types = {v.content_type.model for v in revisions[0].version_set.all()}
    assert types == {"article", "articletranslation", "taggedarticle"}
    assert revisions[0].version_set.filter(content_type__model="articletranslation").count() == 2


def test_compare_two_revisions_shows_a_readable_text_diff_and_restore_round_trips(editor, writer):
    from tests.factories import make_article

    article = make_article(body="<p>فقرة ثابتة</p><p>فقرة قديمة</p>", en={"title": "Old", "body": "<p>Old text</p>"})
    client = logged_in(editor)
    client.post(change_url(article, "ar"), form_data(article, tags="سوريا"))
    client.post(
        change_url(article, "ar"),
        form_data(article, title="عنوان جديد", body="<p>فقرة ثابتة</p><p>فقرة جديدة</p>", tags="سوريا, أذربيجان"),
    )
    client.post(change_url(article, "en"), form_data(article, "en", title="New"))
    newest, _middle, oldest = article_revisions(article)

    listing = client.get(reverse("admin:articles_article_revisions", args=[article.pk])).content.decode()
    assert listing.count('name="a"') == 3 and "restore" in listing

    compare = client.get(reverse("admin:articles_article_compare", args=[article.pk]), {"a": oldest.pk, "b": newest.pk})
    content = compare.content.decode()
    assert compare.status_code == 200
    assert re.search(r'class="removed"><del>فقرة قديمة</del>', content)
    assert re.search(r'class="added"><ins>فقرة جديدة</ins>', content)
    assert re.search(r'class="equal">فقرة ثابتة<', content)
    assert "<ins>أذربيجان</ins>" in content and "<del>Old</del>" in content and "<ins>New</ins>" in content

    # Writers may look but not restore.
    restore_url = reverse("admin:articles_article_restore_revision", args=[article.pk, oldest.pk])
    assert logged_in(writer).post(restore_url).status_code == 403

    assert client.post(restore_url).status_code == 302
    restored = Article.objects.get(pk=article.pk)
    assert restored.safe_translation_getter("title", language_code="ar") == "عنوان تجريبي"
    assert "فقرة قديمة" in restored.safe_translation_getter("body", language_code="ar")
    assert restored.safe_translation_getter("title", language_code="en") == "Old"
    assert list(restored.tags.names()) == ["سوريا"]
    timeline = client.get(change_url(article)).content.decode()
    assert 'class="event-revert"' in timeline


def test_compare_refuses_revisions_of_another_story(editor):
    from tests.factories import make_article

    first, second = make_article(), make_article()
    client = logged_in(editor)
    client.post(change_url(first, "ar"), form_data(first))
    client.post(change_url(second, "ar"), form_data(second))
    foreign = article_revisions(second).first()
    mine = article_revisions(first).first()
    response = client.get(reverse("admin:articles_article_compare", args=[first.pk]), {"a": mine.pk, "b": foreign.pk})
    assert response.status_code == 302
    restore = client.post(reverse("admin:articles_article_restore_revision", args=[first.pk, foreign.pk]))
    assert restore.status_code == 302
    assert not first.events.exists()


def test_restoring_a_revision_older_than_text_cleaning_cleans_it(editor):
    """A revision keeps text as it was saved; one kept before issue 22's cleaning is cleaned on restore."""
    from reversion.models import Version

    from articles.newsroom.services import article_restore_revision
    from tests.factories import make_article

    article = make_article(title="عنوان قديم")
    client = logged_in(editor)
    client.post(change_url(article, "ar"), form_data(article))
    client.post(change_url(article, "ar"), form_data(article, title="عنوان جديد"))
    oldest = list(article_revisions(article))[-1]
    version = oldest.version_set.get(content_type__model="articletranslation")
    version.serialized_data = version.serialized_data.replace("عنوان قديم", "عنوان\\u000b\\u2069\\u202eقديم")
    Version.objects.filter(pk=version.pk).update(serialized_data=version.serialized_data)

    article_restore_revision(article=article, by=editor, revision_id=oldest.pk)

    translation = Article._parler_meta.root_model.objects.get(master_id=article.pk, language_code="ar")
    assert translation.title == "عنوان قديم"


def test_compare_shows_the_search_and_share_fields(editor):
    from tests.factories import make_article

    article = make_article()
    client = logged_in(editor)
    client.post(change_url(article, "ar"), form_data(article, seo_title="عنوان البحث الأول"))
    client.post(change_url(article, "ar"), form_data(article, seo_title="عنوان البحث الثاني", seo_description="وصف"))
    newest, oldest = article_revisions(article)
    content = client.get(
        reverse("admin:articles_article_compare", args=[article.pk]), {"a": oldest.pk, "b": newest.pk}
    ).content.decode()
    assert "<del>عنوان البحث الأول</del>" in content and "<ins>عنوان البحث الثاني</ins>" in content
    assert "<ins>وصف</ins>" in content
