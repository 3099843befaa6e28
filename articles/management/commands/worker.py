"""Run one background worker: the queue's tasks, plus the clock that enqueues the periodic ones."""

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils import timezone

from articles.events import tasks as event_tasks  # noqa: F401  (registers the outbox sweep)
from articles.ingest import tasks as ingest_tasks  # noqa: F401  (registers the due-feeds task)
from articles.models import TaskBeat
from articles.newsroom import pictures as picture_tasks  # noqa: F401  (registers the rights-expiry task)
from articles.public import tasks as public_tasks  # noqa: F401  (registers the flush of the read counters)
from sources.tasking import enqueue_now, periodic_tasks

logger = logging.getLogger(__name__)


def beat_once(now=None) -> list[str]:
    """Enqueue each periodic task whose time has come; with many workers, one UPDATE lets one of them do it."""
    now = now or timezone.now()
    every = timedelta(seconds=settings.TASKS_BEAT_SECONDS)
    queued = []
    for name, task_obj in periodic_tasks().items():
        if TaskBeat.objects.claim(name, now=now, every=every):
            enqueue_now(task_obj)
            queued.append(name)
    return queued


def _beat_forever(stop: threading.Event) -> None:
    pause = max(min(settings.TASKS_BEAT_SECONDS / 2, 5), 0.2)
    while not stop.wait(pause):
        try:
            close_old_connections()
            beat_once()
        except Exception:  # noqa: BLE001 - the clock must outlive a database hiccup
            logger.exception("The workers' clock could not enqueue the periodic tasks")
        finally:
            connection.close()


class Command(BaseCommand):
    help = (
        "Run a background worker: the tasks of the queue chosen by TASKS_BACKEND (the database, or RQ on Redis) "
        "and the clock that enqueues periodic work (due feeds, the outbox sweep). Run as many as you need."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-beat", action="store_true", help="Leave periodic tasks to the other workers.")
        parser.add_argument("--interval", type=float, default=0.5, help="Database backend: seconds between polls.")

    def handle(self, *args, **options):
        stop = threading.Event()
        if not options["no_beat"]:
            threading.Thread(target=_beat_forever, args=(stop,), name="khabar-beat", daemon=True).start()
        try:
            if settings.TASKS_BACKEND == "rq":
                call_command(
                    "rqworker", settings.TASKS_QUEUE, job_class="django_tasks_rq.Job", with_scheduler=True
                )
            else:
                call_command(
                    "db_worker",
                    queue_name=settings.TASKS_QUEUE,
                    interval=options["interval"],
                    reload=False,
                    startup_delay=False,
                    verbosity=options["verbosity"],
                )
        finally:
            stop.set()
