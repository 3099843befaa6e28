"""The dashboard's view of background work: the task queue (waiting, running, failed) and each webhook's last delivery."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db.models import OuterRef, Subquery

from articles.models import WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)


@dataclass
class QueueCounts:
    waiting: int
    running: int
    failed: int


def _database_counts() -> QueueCounts:
    from django_tasks_db.models import DBTaskResult

    tasks = DBTaskResult.objects.filter(queue_name=settings.TASKS_QUEUE)
    return QueueCounts(
        waiting=tasks.filter(status="READY").count(),  # now, or for a later time (a retry)
        running=tasks.running().count(),
        failed=tasks.failed().count(),
    )


def _rq_counts() -> QueueCounts:
    import django_rq

    queue = django_rq.get_queue(settings.TASKS_QUEUE)
    return QueueCounts(
        waiting=queue.count + queue.scheduled_job_registry.count,
        running=queue.started_job_registry.count,
        failed=queue.failed_job_registry.count,
    )


def queue_counts() -> QueueCounts | None:
    """Tasks waiting (now or for a later time), running and failed; None when the queue cannot be read."""
    try:
        return _rq_counts() if settings.TASKS_BACKEND == "rq" else _database_counts()
    except Exception:  # noqa: BLE001 - Redis away: the dashboard says so instead of failing
        logger.warning("The task queue could not be read for the dashboard", exc_info=True)
        return None


def webhook_overview(limit: int = 20) -> list[WebhookEndpoint]:
    """Every webhook with its last delivery's status, time and response code, in one query."""
    last = WebhookDelivery.objects.filter(endpoint=OuterRef("pk")).order_by("-last_attempt_at", "-pk")
    return list(
        WebhookEndpoint.objects.annotate(
            last_status=Subquery(last.values("status")[:1]),
            last_at=Subquery(last.values("last_attempt_at")[:1]),
            last_code=Subquery(last.values("response_status")[:1]),
        ).order_by("pk")[:limit]
    )
