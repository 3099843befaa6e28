"""Telegram channels (Bot API over HTTPS at TELEGRAM_API_URL, one bot: TELEGRAM_BOT_TOKEN).

Published: the story is posted (``sendPhoto`` with the lead image, else ``sendMessage``) to every
enabled channel that carries its section or tags in its language, unless the story is marked
"do not distribute" or a source's terms forbid it. Corrected: the post is edited
(``editMessageCaption``/``editMessageText``) with the correction line. Withdrawn: the post is
deleted (``deleteMessage``), or, once older than Telegram lets a bot delete (TELEGRAM_DELETE_HOURS),
replaced with a withdrawal note. The message ids are kept per story and channel (``TelegramPost``).

A channel's pushes go one at a time and in order: a worker holds the channel while it sends the
oldest waiting push (``busy_until``), then hands the next one to the queue. At most
TELEGRAM_RATE_LIMIT requests go to one channel per TELEGRAM_RATE_WINDOW_SECONDS; a 429's
``retry_after`` holds the channel that long. A burst of publications waits; nothing is dropped.
"""

import json
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles.events import distribution, telegram_message
from articles.models import Article, Distribution, StoryEvent, TelegramChannel, TelegramPost

CHANNEL = Distribution.Channel.TELEGRAM
Action = Distribution.Action


def enabled() -> bool:
    return bool(settings.TELEGRAM_BOT_TOKEN)


def carries(channel: TelegramChannel, article: Article) -> bool:
    """Whether the channel takes this story: its language, and its sections and tags when it names some."""
    if not telegram_message.channel_language_ok(article, channel.language):
        return False
    sections = {section.pk for section in channel.sections.all()}
    tags = {tag.pk for tag in channel.tags.all()}
    if sections and article.section_id not in sections:
        return False
    return not tags or bool(tags & {tag.pk for tag in article.tags.all()})


def may_distribute(article: Article) -> bool:
    return not article.do_not_distribute and not article.redistribution_forbidden()


def _posted_channels(article_pk: int) -> list[TelegramChannel]:
    """Channels the story was posted to, or is waiting to be posted to (the queue keeps their order)."""
    posted = Q(telegrampost__article_id=article_pk, telegrampost__deleted_at__isnull=True)
    waiting = Q(
        distribution__article_pk=article_pk,
        distribution__action=Action.POST,
        distribution__status=Distribution.Status.PENDING,
    )
    return list(TelegramChannel.objects.filter(is_enabled=True).filter(posted | waiting).distinct())


def fan_out(event: StoryEvent) -> list[int]:
    """The pushes an event means for the channels: post, edit or delete; nothing for plain updates."""
    if not enabled():
        return []
    article = Article.objects.select_related("source", "via_source").filter(pk=event.article_pk).first()
    if article is None:
        return []
    if event.type == StoryEvent.Type.PUBLISHED:
        if not may_distribute(article):
            return []
        channels = [c for c in TelegramChannel.objects.filter(is_enabled=True) if carries(c, article)]
        action = Action.POST
    elif event.type in (StoryEvent.Type.CORRECTED, StoryEvent.Type.WITHDRAWN):
        channels = _posted_channels(article.pk)
        action = Action.EDIT if event.type == StoryEvent.Type.CORRECTED else Action.DELETE
    else:
        return []
    return [
        distribution.create(event, channel=CHANNEL, target=c.chat_id, action=action, telegram_channel=c)
        for c in channels
    ]


def _head(channel_pk: int) -> Distribution | None:
    """The channel's oldest waiting push: the only one that may go now."""
    return (
        Distribution.objects.filter(channel=CHANNEL, telegram_channel_id=channel_pk, status=Distribution.Status.PENDING)
        .select_related("event", "telegram_channel")
        .order_by("event__occurred_at", "event_id", "pk")
        .first()
    )


def overdue(now: datetime) -> list[int]:
    """Each channel's head when it is well past its time and free: the chain that should send it was lost."""
    late = now - timedelta(seconds=settings.TASKS_LOST_AFTER_SECONDS)
    heads = [_head(pk) for pk in TelegramChannel.objects.values_list("pk", flat=True)]
    return [
        head.pk
        for head in heads
        if head and (head.next_attempt_at is None or head.next_attempt_at <= late)
        and (head.claimed_until is None or head.claimed_until < now)
    ]


def _lease(channel_pk: int, now: datetime) -> bool:
    hold = now + timedelta(seconds=settings.DISTRIBUTION_TIMEOUT + settings.TASKS_LOST_AFTER_SECONDS)
    free = Q(busy_until__isnull=True) | Q(busy_until__lt=now)
    return bool(TelegramChannel.objects.filter(pk=channel_pk).filter(free).update(busy_until=hold))


def _release(channel_pk: int) -> None:
    TelegramChannel.objects.filter(pk=channel_pk).update(busy_until=None)


def _rate_free_at(channel_pk: int, now: datetime) -> datetime | None:
    """When the channel may be sent to again, if its window is full."""
    window = timedelta(seconds=settings.TELEGRAM_RATE_WINDOW_SECONDS)
    recent = list(
        Distribution.objects.filter(channel=CHANNEL, telegram_channel_id=channel_pk, last_attempt_at__gt=now - window)
        .order_by("-last_attempt_at")
        .values_list("last_attempt_at", flat=True)[: settings.TELEGRAM_RATE_LIMIT]
    )
    if len(recent) < settings.TELEGRAM_RATE_LIMIT:
        return None
    # A margin of 2 % of the window: requests arrive with some jitter, and Telegram counts arrivals.
    return recent[-1] + window * 1.02


def _hold(row: Distribution, at: datetime) -> None:
    Distribution.objects.filter(pk=row.pk).update(next_attempt_at=at)


def attempt(pk: int, now: datetime | None = None) -> tuple[int, datetime | None] | None:
    """Send the channel's oldest waiting push if ``pk``'s channel is free; the (push, time) to run next.

    A task for a push that is not the channel's head does nothing: the head's task hands on to it.
    """
    now = now or timezone.now()
    row = Distribution.objects.filter(pk=pk, channel=CHANNEL).only("telegram_channel_id", "status").first()
    if row is None or row.status != Distribution.Status.PENDING or not _lease(row.telegram_channel_id, now):
        return None
    channel_pk = row.telegram_channel_id
    try:
        head = _head(channel_pk)
        if head is None:
            return None
        wait = max(filter(None, [head.next_attempt_at, _rate_free_at(channel_pk, now)]), default=None)
        if wait and wait > now:
            _hold(head, wait)
            return head.pk, wait
        if not distribution.claim(head.pk, now):
            return None
        next_at = _send(head, now)
    finally:
        _release(channel_pk)
    if next_at is not None:
        return head.pk, next_at
    after = _head(channel_pk)
    return (after.pk, None) if after else None


# ---- One request to the Bot API ----


def _call(method: str, params: dict) -> distribution.Outcome:
    url = f"{settings.TELEGRAM_API_URL}/bot{settings.TELEGRAM_BOT_TOKEN}/{method}"
    body = json.dumps(params, ensure_ascii=False).encode("utf-8")
    outcome = distribution.send("POST", url, body=body, content_type="application/json")
    answer = outcome.json()
    if outcome.status is None:
        return outcome
    if answer.get("ok"):
        outcome.done = True
        result = answer.get("result")
        if isinstance(result, dict) and result.get("message_id"):
            outcome.reference = str(result["message_id"])
        return outcome
    description = str(answer.get("description", ""))
    outcome.error = description[:300]
    retry_after = (answer.get("parameters") or {}).get("retry_after")
    if outcome.status == 429:
        outcome.retry_after = float(retry_after) if isinstance(retry_after, int | float) else None
    elif "message is not modified" in description:
        outcome.done = True
    elif 400 <= outcome.status < 500:
        outcome.give_up = True
    return outcome


def _send(row: Distribution, now: datetime) -> datetime | None:
    """One request for a claimed push, recorded on the row and the channel's post; when to try again."""
    article = Article.objects.select_related("source", "via_source").filter(pk=row.article_pk).first()
    channel = row.telegram_channel
    post = TelegramPost.objects.filter(channel=channel, article_id=row.article_pk).first()
    if article is None or not channel.is_enabled or not enabled():
        distribution.skip(row, "switched_off")
        return None
    if row.action == Action.POST and post and not post.deleted_at:
        distribution.skip(row, "already_posted")
        return None
    if row.action != Action.POST and (post is None or post.deleted_at):
        distribution.skip(row, "not_posted")
        return None
    if row.action == Action.DELETE and now - post.posted_at > timedelta(hours=settings.TELEGRAM_DELETE_HOURS):
        row.action = Action.NOTE
    method, params, text = _request(row, article, channel, post)
    outcome = _call(method, params)
    if row.action == Action.DELETE and outcome.give_up and "can't be deleted" in outcome.error:
        row.action, outcome.give_up, outcome.retry_after = Action.NOTE, False, 0
    with transaction.atomic():
        if outcome.done:
            _record(row, channel, article, post, outcome, text, now)
        return distribution.settle(row, outcome, timezone.now())


def _request(row: Distribution, article: Article, channel: TelegramChannel, post: TelegramPost | None):
    """The Bot API method, its parameters and the post's text for this push."""
    language, chat = channel.language, channel.chat_id
    if row.action == Action.DELETE:
        row.reference = str(post.message_id)
        return "deleteMessage", {"chat_id": chat, "message_id": post.message_id}, ""
    if row.action == Action.POST:
        photo = telegram_message.photo_url(article)
        text = telegram_message.compose(article, language, with_photo=bool(photo))
        if photo:
            return "sendPhoto", {"chat_id": chat, "photo": photo, "caption": text, "parse_mode": "HTML"}, text
        return "sendMessage", {"chat_id": chat, "text": text, "parse_mode": "HTML"}, text
    correction = article.corrections.filter(language=language).order_by("-created_at", "-pk").first()
    text = telegram_message.compose(
        article, language, with_photo=post.with_photo, correction=correction.text if correction else "",
        withdrawn=row.action == Action.NOTE,
    )
    row.reference = str(post.message_id)
    params = {"chat_id": chat, "message_id": post.message_id, "parse_mode": "HTML"}
    if post.with_photo:
        return "editMessageCaption", {**params, "caption": text}, text
    return "editMessageText", {**params, "text": text}, text


def _record(row, channel, article, post, outcome, text: str, now: datetime) -> None:
    if row.action == Action.POST:
        TelegramPost.objects.update_or_create(
            channel=channel,
            article=article,
            defaults={
                "message_id": int(outcome.reference), "with_photo": bool(telegram_message.photo_url(article)),
                "text": text, "posted_at": now, "edited_at": None, "deleted_at": None,
            },
        )
    elif row.action == Action.DELETE:
        post.deleted_at = now
        post.save(update_fields=["deleted_at"])
    else:
        post.text, post.edited_at = text, now
        post.save(update_fields=["text", "edited_at"])
