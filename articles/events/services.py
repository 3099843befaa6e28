"""Handing due story events to the outbox's consumers, and sweeping up what a stopped worker left.

``event_dispatch`` is safe to run twice: under the event's row lock, an event already handed
out (or cancelled, or not yet due) is left alone, and each consumer's delivery rows are unique
per event. ``outbox_overdue`` finds what the queue lost: events due but never handed out
(the worker or Redis was down when they were committed) and deliveries nobody is sending.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles.events.consumers import registered
from articles.events.payload import event_payload
from articles.models import StoryEvent
from sources.tasking import enqueue_on_commit


@transaction.atomic
def event_dispatch(event_pk: int, now: datetime | None = None) -> int:
    """Freeze the event's message and create every consumer's deliveries; how many were queued."""
    now = now or timezone.now()
    event = StoryEvent.objects.select_for_update().filter(pk=event_pk).first()
    if event is None or event.dispatched_at or event.cancelled_at or event.due_at > now:
        return 0
    event.payload = event_payload(event)
    event.dispatched_at = now
    event.save(update_fields=["payload", "dispatched_at"])
    queued = 0
    for consumer in registered():
        for delivery_pk in consumer.fan_out(event):
            enqueue_on_commit(consumer.task, delivery_pk)
            queued += 1
    return queued


def events_waiting(now: datetime) -> list[int]:
    """Events due a while ago and still not handed out: the task that should have done it was lost."""
    late = now - timedelta(seconds=settings.TASKS_LOST_AFTER_SECONDS)
    return list(
        StoryEvent.objects.filter(dispatched_at__isnull=True, cancelled_at__isnull=True, due_at__lte=late)
        .order_by("due_at")
        .values_list("pk", flat=True)[:500]
    )


def outbox_overdue(now: datetime | None = None) -> list[tuple[object, int]]:
    """Every (consumer task, delivery id) whose work was lost, and the events never handed out, as (None, id)."""
    now = now or timezone.now()
    work: list[tuple[object, int]] = [(None, pk) for pk in events_waiting(now)]
    for consumer in registered():
        work += [(consumer.task, pk) for pk in consumer.overdue(now)]
    return work
