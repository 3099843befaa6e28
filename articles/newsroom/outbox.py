"""Writing story events to the outbox, inside the transaction of the change they report.

The services of this area call these while they hold the story's row lock; nothing here sends
anything. ``articles.events`` reads the outbox once the transaction has committed (and its
periodic sweep reads it again, so an event committed while no worker ran is never lost).
"""

import secrets
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from articles.models import Article, StoryEvent


def outbox_write(
    *,
    article: Article,
    type: str,
    now: datetime,
    due_at: datetime | None = None,
    language: str | None = None,
    detail: dict | None = None,
) -> StoryEvent:
    """Record that ``type`` happened to ``article`` (due now, or at a scheduled publication time)."""
    return StoryEvent.objects.create(
        uid=f"evt_{secrets.token_urlsafe(18)}",
        type=type,
        article=article,
        article_pk=article.pk,
        language=language or settings.LANGUAGE_CODE,
        version=article.version,
        occurred_at=now,
        due_at=due_at or now,
        detail=detail or {},
    )


def outbox_cancel_scheduled(*, article: Article, now: datetime) -> int:
    """Cancel the ``story.published`` still waiting for a scheduled time that no longer holds; how many."""
    return StoryEvent.objects.filter(
        article_pk=article.pk,
        type=StoryEvent.Type.PUBLISHED,
        dispatched_at__isnull=True,
        cancelled_at__isnull=True,
        due_at__gt=now,
    ).update(cancelled_at=now)


def outbox_story_edited(*, article: Article, now: datetime | None = None) -> StoryEvent | None:
    """After an edit saved outside the workflow (the admin form): ``story.updated`` if readers can see the
    story, unless an event already reports the version the story now has.

    One save is one event: a correction added with the edit (``article_correct``, from the form's
    corrections) has already written ``story.corrected`` for the saved version, text changes
    included, and a second ``story.updated`` would only repeat it, with the form's older version
    number, after it. ``article.version`` is brought up to the stored one.
    """
    now = now or timezone.now()
    if not article.is_public(now):
        return None
    article.version = Article.objects.filter(pk=article.pk).values_list("version", flat=True).get()
    if StoryEvent.objects.filter(article_pk=article.pk, version=article.version).exists():
        return None
    return outbox_write(article=article, type=StoryEvent.Type.UPDATED, now=now)
