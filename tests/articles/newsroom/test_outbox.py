"""The outbox: every change readers will see writes its story event in the same transaction, and only then."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from articles.models import Article, StoryEvent
from articles.newsroom.services import (
    article_correct,
    article_publish,
    article_schedule,
    article_unschedule,
    article_withdraw,
)
from tests.articles.helpers import change_url, form_data, logged_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def _events(article):
    return list(StoryEvent.objects.filter(article_pk=article.pk).order_by("pk").values_list("type", "version"))


def test_publishing_writes_story_published_with_the_new_version(editor):
    article = article_publish(article=make_article(), by=editor)
    event = StoryEvent.objects.get()
    assert (event.type, event.article_pk, event.version, event.language) == ("story.published", article.pk, article.version, "ar")
    assert event.due_at == article.published_at and event.uid.startswith("evt_")


def test_a_refused_publication_writes_nothing(writer):
    with pytest.raises(PermissionDenied):
        article_publish(article=make_article(), by=writer)
    assert not StoryEvent.objects.exists()


def test_scheduling_writes_story_published_due_at_the_publication_time(editor):
    at = timezone.now() + timedelta(hours=2)
    article = article_schedule(article=make_article(), by=editor, at=at)
    event = StoryEvent.objects.get(article_pk=article.pk)
    assert (event.type, event.due_at, event.cancelled_at) == ("story.published", at, None)


def test_unscheduling_cancels_the_waiting_publication_event(editor):
    article = article_schedule(article=make_article(), by=editor, at=timezone.now() + timedelta(hours=2))
    article_unschedule(article=article, by=editor)
    assert StoryEvent.objects.get().cancelled_at is not None


def test_rescheduling_leaves_one_waiting_publication_event(editor):
    article = article_schedule(article=make_article(), by=editor, at=timezone.now() + timedelta(hours=2))
    article_publish(article=article, by=editor)  # published now instead
    waiting = StoryEvent.objects.filter(cancelled_at__isnull=True)
    assert waiting.count() == 1 and waiting.get().due_at <= timezone.now()


def test_withdrawing_and_correcting_write_their_events(editor):
    article = article_publish(article=make_article(), by=editor)
    article_correct(article=article, by=editor, text="صُحّح اسم المدينة.", language="en")
    article_withdraw(article=article, by=editor, comment="خبر غير دقيق")
    assert [t for t, _v in _events(article)] == ["story.published", "story.corrected", "story.withdrawn"]
    assert StoryEvent.objects.get(type="story.corrected").language == "en"


def test_editing_a_published_story_in_the_admin_writes_story_updated(editor):
    article = article_publish(article=make_article(), by=editor)
    response = logged_in(editor).post(change_url(article, "ar"), form_data(article, title="عنوان مُحدَّث"))
    assert response.status_code == 302
    assert [t for t, _v in _events(article)] == ["story.published", "story.updated"]
    assert _events(article)[-1][1] == article.version + 1


def test_saving_a_published_story_unchanged_writes_no_event(editor):
    """An editor who opens a story and presses Save without changing anything tells subscribers nothing."""
    article = article_publish(article=make_article(), by=editor)
    response = logged_in(editor).post(change_url(article, "ar"), form_data(article))
    assert response.status_code == 302
    assert [t for t, _v in _events(article)] == ["story.published"]


def test_editing_a_draft_writes_no_event(editor):
    article = make_article()
    response = logged_in(editor).post(change_url(article, "ar"), form_data(article, title="مسودة معدلة"))
    assert response.status_code == 302
    assert not StoryEvent.objects.exists()


def _correction(text="صُحّح اسم الوزير.") -> dict:
    return {"corrections-TOTAL_FORMS": "1", "corrections-0-language": "ar", "corrections-0-text": text}


def test_a_correction_through_the_story_form_writes_one_corrected_event(editor):
    article = article_publish(article=make_article(), by=editor)

    response = logged_in(editor).post(change_url(article, "ar"), form_data(article, **_correction()))

    assert response.status_code == 302
    assert [t for t, _v in _events(article)] == ["story.published", "story.corrected"]


def test_a_correction_saved_with_a_changed_text_writes_only_the_corrected_event(editor):
    article = article_publish(article=make_article(), by=editor)

    data = form_data(article, title="عنوان مُصحَّح", **_correction())
    response = logged_in(editor).post(change_url(article, "ar"), data)

    assert response.status_code == 302
    # The note explains the changed text: one event, at the version that holds both.
    assert _events(article)[1:] == [("story.corrected", Article.objects.get(pk=article.pk).version)]


def test_an_edit_after_a_correction_still_writes_story_updated(editor):
    article = article_publish(article=make_article(), by=editor)
    logged_in(editor).post(change_url(article, "ar"), form_data(article, **_correction()))

    response = logged_in(editor).post(change_url(article, "ar"), form_data(article, title="عنوان لاحق"))

    assert response.status_code == 302
    assert [t for t, _v in _events(article)] == ["story.published", "story.corrected", "story.updated"]
    assert _events(article)[-1][1] == Article.objects.get(pk=article.pk).version
