"""The public site's work on the task queue: flushing the read counters into ``StoryReads``."""

from django.conf import settings
from django.core.cache import cache

from articles.public.reads import reads_flush
from sources.tasking import periodic, task

FLUSH_DUE_KEY = "reads:flush-due"


@periodic
@task()
def flush_reads() -> int:
    """Periodic: every READS_FLUSH_SECONDS (the clock asks more often; the others return at once), copy
    the read counters' totals into the database. Safe to run twice: totals are written, not added."""
    if not cache.add(FLUSH_DUE_KEY, 1, settings.READS_FLUSH_SECONDS):
        return 0
    return reads_flush()
