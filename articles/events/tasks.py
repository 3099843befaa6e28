"""The outbox's entry points on the task queue: thin shells over the services, each safe to run twice."""

from django.utils import timezone

from articles.events import indexnow, telegram, webhooks, websub
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


@task()
def deliver_telegram(distribution_pk: int) -> str:
    """The channel's oldest waiting push, if its turn has come; the next one (or this retry) is enqueued for later."""
    follow = telegram.attempt(distribution_pk)
    if follow is not None:
        enqueue_now(deliver_telegram, follow[0], run_after=follow[1])
        return "next"
    return "done"


def _retried(task_obj, attempt, pk: int) -> str:
    next_at = attempt(pk)
    if next_at is not None:
        enqueue_now(task_obj, pk, run_after=next_at)
        return "retry"
    return "done"


@task()
def deliver_websub(distribution_pk: int) -> str:
    """One ping of one WebSub hub; a failure re-enqueues this task for later, with backoff."""
    return _retried(deliver_websub, websub.attempt, distribution_pk)


@task()
def deliver_indexnow(distribution_pk: int) -> str:
    """One IndexNow submission; a failure re-enqueues this task for later, with backoff."""
    return _retried(deliver_indexnow, indexnow.attempt, distribution_pk)


@periodic
@task()
def sweep_outbox() -> int:
    """Periodic: enqueue again the events and deliveries whose task was lost (a worker killed, Redis down)."""
    work = outbox_overdue(timezone.now())
    for consumer_task, pk in work:
        enqueue_now(consumer_task or dispatch_event, pk)
    return len(work)


register(Consumer(name="webhooks", fan_out=webhooks.fan_out, overdue=webhooks.overdue, task=deliver_webhook))
register(Consumer(name="telegram", fan_out=telegram.fan_out, overdue=telegram.overdue, task=deliver_telegram))
register(Consumer(name="websub", fan_out=websub.fan_out, overdue=websub.overdue, task=deliver_websub))
register(Consumer(name="indexnow", fan_out=indexnow.fan_out, overdue=indexnow.overdue, task=deliver_indexnow))
