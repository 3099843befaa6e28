"""Live coverage services: who may post, versions, withdrawals, the outbox."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from articles.models import LiveEntry, StoryEvent
from articles.newsroom.live import (
    live_end,
    live_entry_edit,
    live_entry_flag,
    live_entry_post,
    live_entry_withdraw,
    live_start,
)
from tests.factories import make_article, make_published

pytestmark = pytest.mark.django_db


def test_editors_post_on_any_story_writers_on_their_own_translators_never(editor, writer, other_writer, translator):
    story = make_published(author=writer)
    live_start(article=story, by=editor)
    assert live_entry_post(article=story, by=editor, body="<p>من المحرر</p>").author_name == "مازن المحرر"
    assert live_entry_post(article=story, by=writer, body="<p>من الكاتبة</p>").author == writer
    for outsider in (other_writer, translator):
        with pytest.raises(PermissionDenied):
            live_entry_post(article=story, by=outsider, body="<p>لا</p>")
    with pytest.raises(PermissionDenied):
        live_end(article=story, by=writer)


def test_every_change_raises_the_version_and_stamps_the_entry(editor):
    story = make_published()
    coverage = live_start(article=story, by=editor)
    first = live_entry_post(article=story, by=editor, body="<p>أول</p>")
    second = live_entry_post(article=story, by=editor, body="<p>ثان</p>", key_event=True)
    assert (first.revision, second.revision) == (1, 2)
    edited = live_entry_edit(article=story, entry_id=first.pk, by=editor, body="<p>أول، مصحح</p>")
    assert edited.revision == 3 and edited.edited_at is not None
    pinned = live_entry_flag(article=story, entry_id=second.pk, by=editor, flag="pin", value=True)
    assert pinned.is_pinned and pinned.revision == 4
    coverage.refresh_from_db()
    assert coverage.version == 4


def test_bodies_are_sanitized_and_empty_ones_refused(editor):
    story = make_published()
    live_start(article=story, by=editor)
    entry = live_entry_post(article=story, by=editor, body='<p onclick="x()">نص<script>alert(1)</script></p>')
    assert "onclick" not in entry.body and "<script" not in entry.body
    with pytest.raises(ValidationError):
        live_entry_post(article=story, by=editor, body="<p> </p>")


def test_withdrawing_keeps_the_entry_with_its_note_and_unpins_it(editor):
    story = make_published()
    live_start(article=story, by=editor)
    entry = live_entry_post(article=story, by=editor, body="<p>خطأ</p>", pinned=True)
    live_entry_withdraw(article=story, entry_id=entry.pk, by=editor, note="معلومة غير دقيقة")
    entry.refresh_from_db()
    assert entry.is_withdrawn and not entry.is_pinned and entry.withdrawal_note == "معلومة غير دقيقة"
    with pytest.raises(ValidationError):
        live_entry_flag(article=story, entry_id=entry.pk, by=editor, flag="key", value=True)


def test_ending_freezes_the_coverage_and_keeps_every_entry(editor):
    story = make_published()
    live_start(article=story, by=editor)
    live_entry_post(article=story, by=editor, body="<p>أول</p>")
    coverage = live_end(article=story, by=editor)
    assert coverage.ended_at is not None
    with pytest.raises(ValidationError):
        live_entry_post(article=story, by=editor, body="<p>بعد النهاية</p>")
    assert LiveEntry.objects.filter(coverage=coverage).count() == 1
    assert live_start(article=story, by=editor).ended_at is None


def test_a_posted_entry_of_a_public_story_goes_to_the_outbox(editor):
    story = make_published()
    draft = make_article()
    live_start(article=story, by=editor)
    live_start(article=draft, by=editor)
    entry = live_entry_post(article=story, by=editor, body="<p>حدث مهم</p>", key_event=True)
    live_entry_post(article=draft, by=editor, body="<p>مسودة</p>")
    events = list(StoryEvent.objects.filter(type=StoryEvent.Type.LIVE_ENTRY))
    assert [event.article_pk for event in events] == [story.pk]
    assert events[0].detail["id"] == entry.pk and events[0].detail["key_event"] is True
    assert events[0].detail["text"] == "حدث مهم"


def test_the_webhook_message_carries_the_entry(editor):
    from articles.events.payload import event_payload

    story = make_published()
    live_start(article=story, by=editor)
    live_entry_post(article=story, by=editor, body="<p>حدث</p>", key_event=True)
    event = StoryEvent.objects.get(type=StoryEvent.Type.LIVE_ENTRY)
    payload = event_payload(event)
    assert payload["type"] == "story.live_entry"
    assert payload["data"]["entry"]["key_event"] is True
