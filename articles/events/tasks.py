"""The outbox's entry points on the task queue: thin shells over the services, each safe to run twice."""

from django.utils import timezone

from articles.events import webhooks
from articles.events.consumers import Consumer, register
from articles.events.services import event_dispatch, outbox_overdue
from sources.tasking import enqueue_now, periodic, task


@task()
def dispatch_event(event_pk: int) -> int:
    """Hand one due story event to every consumer."""
    return event_dispatch(event_pk)


@task()
def deliver_webhook(delivery_pk: int) -> str:
    """One attempt of one webhook delivery; a failure re-enqueues this task for later, with backoff."""
    next_at = webhooks.delivery_attempt(delivery_pk)
    if next_at is not None:
        enqueue_now(deliver_webhook, delivery_pk, run_after=next_at)
        return "retry"
    return "done"


@periodic
@task()
def sweep_outbox() -> int:
    """Periodic: enqueue again the events and deliveries whose task was lost (a worker killed, Redis down)."""
    work = outbox_overdue(timezone.now())
    for consumer_task, pk in work:
        enqueue_now(consumer_task or dispatch_event, pk)
    return len(work)


register(Consumer(name="webhooks", fan_out=webhooks.fan_out, overdue=webhooks.overdue, task=deliver_webhook))
