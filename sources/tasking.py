"""How every area hands work to the task queue (Django's Tasks API, through the django-tasks backport).

Here, the lowest layer, because feeds, the outbox and every later channel follow the same
three rules: a task is enqueued only once the transaction that asked for it commits (it must
see what was committed, and a rolled-back change must start nothing); a retry is a new
enqueue with ``run_after``, waiting exponentially longer with jitter; the queue backend is
chosen by settings (TASKS_BACKEND), never by the code that enqueues.
"""

import logging
import random
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

try:  # Django 6 ships the framework; until then the django-tasks backport provides it.
    from django.tasks import default_task_backend  # type: ignore[import-not-found]
    from django.tasks import task as _task  # type: ignore[import-not-found]
except ImportError:
    from django_tasks import default_task_backend
    from django_tasks import task as _task

__all__ = ["backoff", "enqueue_now", "enqueue_on_commit", "periodic", "periodic_tasks", "retry_at", "task"]

logger = logging.getLogger(__name__)


def task(**options):
    """Django's ``@task()``, on the queue named by TASKS_QUEUE (a backend accepts only the queues it lists).

    A ``priority`` is a wish: backends that cannot order by it (RQ) run the task in turn instead.
    """
    if "priority" in options and not default_task_backend.supports_priority:
        options.pop("priority")
    return _task(queue_name=settings.TASKS_QUEUE, **options)


def backoff(attempt: int) -> timedelta:
    """How long to wait before attempt ``attempt + 1``: base * 2**(attempt-1), capped, with ±20 % jitter.

    Jitter spreads out the retries of many failures that started together (a receiver that was down).
    """
    base = settings.TASKS_RETRY_BASE_SECONDS
    seconds = min(base * 2 ** max(attempt - 1, 0), settings.TASKS_RETRY_MAX_SECONDS)
    return timedelta(seconds=seconds * random.uniform(0.8, 1.2))  # noqa: S311 - jitter, not a secret


def retry_at(attempt: int, now: datetime | None = None) -> datetime:
    """The time of the next attempt after ``attempt`` failed ones."""
    return (now or timezone.now()) + backoff(attempt)


def enqueue_now(task_obj, *args, run_after: datetime | None = None, **kwargs) -> None:
    """Enqueue at once; a queue that cannot be reached is logged, not raised: the periodic sweep catches up."""
    try:
        task_obj.using(queue_name=settings.TASKS_QUEUE, run_after=run_after).enqueue(*args, **kwargs)
    except Exception:  # noqa: BLE001 - Redis down: the work is kept in the database and swept later
        logger.exception("Could not enqueue %s%r; the periodic sweep will pick it up", task_obj.name, args)


def enqueue_on_commit(task_obj, *args, run_after: datetime | None = None, **kwargs) -> None:
    """Enqueue ``task_obj(*args, **kwargs)`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(partial(enqueue_now, task_obj, *args, run_after=run_after, **kwargs), robust=True)


# Tasks the workers' clock enqueues every TASKS_BEAT_SECONDS, by name (see `manage.py worker`).
_PERIODIC: dict[str, object] = {}


def periodic(task_obj):
    """Mark ``task_obj`` as periodic: one worker enqueues it every TASKS_BEAT_SECONDS. Returns it."""
    _PERIODIC[task_obj.module_path] = task_obj
    return task_obj


def periodic_tasks() -> dict[str, object]:
    return dict(_PERIODIC)
