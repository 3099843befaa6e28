"""What Telegram, WebSub and IndexNow share: the delivery row's claim, one guarded request, the settling.

Like a webhook delivery, a ``Distribution`` is claimed by one worker at a time (a killed one lets
it go when the claim runs out), sent through ``sources.outbound`` without following redirects,
and settled: done, given up (an answer that will never change), or tried again later with the
queue's backoff (or when the channel says, e.g. Telegram's ``retry_after``).
"""

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q

from articles.models import Distribution, StoryEvent
from sources import outbound
from sources.tasking import retry_at

EXCERPT_BYTES = 1024
USER_AGENT = "Khabar-Distribution/1.0"


@dataclass
class Outcome:
    """One request's answer, and what it means: done, give up, or try again (at ``retry_after`` if given)."""

    status: int | None = None
    body: bytes = b""
    error: str = ""
    done: bool = False
    give_up: bool = False
    retry_after: float | None = None
    reference: str = ""
    headers: dict = field(default_factory=dict)

    def json(self) -> dict:
        try:
            value = json.loads(self.body.decode("utf-8"))
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}


def send(method: str, url: str, *, body: bytes, content_type: str) -> Outcome:
    """One request through the guarded client; the answer's status, first bytes and headers."""
    timeout = settings.DISTRIBUTION_TIMEOUT
    limits = outbound.Limits(connect=timeout, read=timeout, total=timeout, redirects=0)
    headers = {"Content-Type": content_type, "User-Agent": USER_AGENT}
    try:
        with outbound.stream(method, url, limits=limits, headers=headers, content=body, follow_redirects=False) as answer:
            excerpt = bytearray()
            for chunk in answer.iter_raw():
                excerpt += chunk
                if len(excerpt) >= 64 * EXCERPT_BYTES:
                    break
            return Outcome(status=answer.status, body=bytes(excerpt), headers=dict(answer.headers))
    except outbound.Timeout:
        return Outcome(error="timeout")
    except outbound.InvalidAddress:
        return Outcome(error="invalid_address", give_up=True)
    except outbound.OutboundError:
        return Outcome(error="unreachable")


def judge_http(outcome: Outcome, *, done: tuple[int, ...] = ()) -> Outcome:
    """What a plain HTTP answer means: ``done`` statuses (any 2xx when empty) are done, 429 and
    server errors are tried again (after ``Retry-After`` seconds when given), other 4xx are given up."""
    status = outcome.status
    if status is None:
        return outcome
    outcome.done = status in done if done else 200 <= status < 300
    outcome.give_up = not outcome.done and 400 <= status < 500 and status != 429
    if status == 429 and outcome.headers.get("retry-after", "").isdigit():
        outcome.retry_after = float(outcome.headers["retry-after"])
    return outcome


def due_filter(now: datetime) -> Q:
    return Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now + timedelta(seconds=1))


def free_filter(now: datetime) -> Q:
    return Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)


def claim(pk: int, now: datetime) -> bool:
    """Take the row for one attempt; False when it is settled, not due, or another worker holds it."""
    hold = timedelta(seconds=settings.DISTRIBUTION_TIMEOUT + settings.TASKS_LOST_AFTER_SECONDS)
    return bool(
        Distribution.objects.filter(pk=pk, status=Distribution.Status.PENDING)
        .filter(due_filter(now))
        .filter(free_filter(now))
        .update(claimed_until=now + hold)
    )


def settle(row: Distribution, outcome: Outcome, now: datetime) -> datetime | None:
    """Record the attempt; the time of the next one (None: done or given up)."""
    row.attempts += 1
    row.last_attempt_at = now
    row.response_status = outcome.status
    row.response_excerpt = outcome.body[:EXCERPT_BYTES].decode("utf-8", errors="replace")
    row.error = outcome.error[:300]
    row.reference = outcome.reference or row.reference
    row.claimed_until = None
    next_at = None
    if outcome.done:
        row.status = Distribution.Status.SUCCEEDED
    elif outcome.give_up or row.attempts >= settings.DISTRIBUTION_MAX_ATTEMPTS:
        row.status = Distribution.Status.FAILED
    elif outcome.retry_after is not None:
        next_at = now + timedelta(seconds=outcome.retry_after)
    else:
        next_at = retry_at(row.attempts, now)
    row.next_attempt_at = next_at
    row.save()
    return next_at


def skip(row: Distribution, reason: str) -> None:
    row.status, row.error, row.claimed_until = Distribution.Status.SKIPPED, reason, None
    row.save(update_fields=["status", "error", "claimed_until"])


def create(event: StoryEvent, *, channel: str, target: str, action: str, urls=(), telegram_channel=None) -> int:
    """The row for ``event`` at ``target`` (again: the same row); its id."""
    row, _created = Distribution.objects.get_or_create(
        channel=channel,
        target=target,
        event=event,
        defaults={
            "article_pk": event.article_pk,
            "action": action,
            "urls": list(urls),
            "telegram_channel": telegram_channel,
            "next_attempt_at": event.due_at,
        },
    )
    return row.pk


def overdue(channel: str, now: datetime) -> list[int]:
    """Waiting rows of ``channel`` well past their time that no worker holds: their task was lost."""
    late = now - timedelta(seconds=settings.TASKS_LOST_AFTER_SECONDS)
    return list(
        Distribution.objects.filter(channel=channel, status=Distribution.Status.PENDING, next_attempt_at__lte=late)
        .filter(free_filter(now))
        .order_by("pk")
        .values_list("pk", flat=True)[:500]
    )

