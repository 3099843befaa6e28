"""Autosaved drafts: kept apart from the story, per person and language, offered back when newer."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from articles.models import Article, ArticleAutosave
from articles.newsroom.autosave import autosave_apply, autosave_discard, autosave_for, autosave_store
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_an_autosave_is_kept_apart_and_cleaned(writer):
    article = make_article(title="العنوان المحفوظ", author=writer)
    autosave_store(article=article, by=writer, language="ar",
                   data={"title": "عنوان\x0bمكتوب", "body": "<p>نص</p><script>alert(1)</script>", "summary": "سطر\nثان"})
    kept = ArticleAutosave.objects.get()
    assert kept.data["title"] == "عنوان مكتوب" and "script" not in kept.data["body"] and kept.data["summary"] == "سطر\nثان"
    assert Article.objects.get(pk=article.pk).safe_translation_getter("title", language_code="ar") == "العنوان المحفوظ"


def test_only_someone_who_may_edit_the_story_can_autosave_it(writer, other_writer):
    article = make_article(author=other_writer)
    with pytest.raises(PermissionDenied):
        autosave_store(article=article, by=writer, language="ar", data={"title": "اختراق"})
    assert not ArticleAutosave.objects.exists()


def test_an_autosave_is_offered_only_when_newer_than_the_last_save(writer):
    article = make_article(author=writer)
    autosave_store(article=article, by=writer, language="ar", data={"title": "أحدث"})
    assert autosave_for(article=article, by=writer, language="ar") is not None
    assert autosave_for(article=article, by=writer, language="en") is None
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now() + timedelta(minutes=1))
    assert autosave_for(article=Article.objects.get(pk=article.pk), by=writer, language="ar") is None
    autosave_discard(article=article, by=writer, language="ar")
    assert not ArticleAutosave.objects.exists()


def test_applying_an_autosave_changes_the_story_in_memory_only(writer):
    article = make_article(title="الأصل", author=writer)
    autosave = autosave_store(article=article, by=writer, language="ar", data={"title": "المكتوب"})
    autosave_apply(article=article, autosave=autosave)
    assert article.title == "المكتوب"
    assert Article.objects.get(pk=article.pk).safe_translation_getter("title", language_code="ar") == "الأصل"
