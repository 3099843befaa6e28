"""Feeds on the task queue: the reading task, the periodic task that queues the due feeds, and "Read now"."""

from django.utils import timezone

from articles.ingest.services import Started, feed_hold, feed_read_held, feeds_claim_due
from articles.models import Feed
from sources.tasking import enqueue_now, enqueue_on_commit, periodic, task


@task()
def read_feed(feed_pk: int, held: bool = False) -> str:
    """Read one feed, unless another worker is reading it already (then nothing: safe to run twice)."""
    run = feed_read_held(feed_pk, held=held)
    return "busy" if run is None else run.status


@periodic
@task()
def enqueue_due_feeds() -> int:
    """Periodic: queue a reading of every feed whose next run time has come; each is claimed, so queued once."""
    due = feeds_claim_due(timezone.now())
    for feed_pk in due:
        enqueue_now(read_feed, feed_pk)
    return len(due)


def feed_read_soon(feed: Feed) -> Started:
    """Queue a reading of ``feed`` once the request's transaction commits; the result lands in its run log.

    Held until the worker is done (or, if no worker takes it, until the claim lapses after the
    download's deadline plus a margin).
    """
    # Claimed now, in the request's transaction: asked twice, it is read once; rolled back, it is free again.
    if not feed_hold(feed.pk, timezone.now()):
        return Started.ALREADY
    enqueue_on_commit(read_feed, feed.pk, held=True)
    return Started.STARTED
