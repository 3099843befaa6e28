"""Counting reads for "most read": an atomic counter per story and hour in the cache, flushed to
``StoryReads`` rows every few minutes.

A reader's beacon (``articles.public.beacon``) costs a few cache operations and no query:
``add(key, 0)`` then ``incr(key)`` on the story's bucket of the current hour. With Redis that is
``SET NX`` and ``INCRBY``, atomic across every process, so concurrent readers never lose a count.
The first read of a story in an hour (``incr`` answered 1) also writes the story's id into the
hour's index (a numbered slot), so the flush knows which buckets exist without scanning keys.

The flush (``reads_flush``, a periodic task) copies each bucket's *total* into its row, keeping
the larger of the stored and the counted total: running it twice, or two at once, writes the
same rows; it never subtracts from a counter. An hour is read for the last time once it has
ended (plus a minute's grace) and is then marked done; buckets live ``READS_KEEP_HOURS`` in the
cache, so a flush that stopped for less than that loses nothing.

Without Redis (development) the counters live in each process's memory (LocMem, with the same
``add``/``incr`` semantics under its lock): only the process that counted can flush them, so the
web process flushes its own counters from a thread (``flush_in_process_soon``) and the workers'
flush finds nothing. With several web processes each would write only its own share of a
bucket (the larger wins): run more than one process only with Redis. Counters are cache
entries, so a cache that evicts them (LocMem's ``MAX_ENTRIES``, Redis's ``maxmemory``) or
restarts loses the reads not yet flushed.
"""

import logging
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import close_old_connections, connection

from articles.models import Article, StoryReads

logger = logging.getLogger(__name__)

PREFIX = "reads"
VERSION_KEY = f"{PREFIX}:version"
# After an hour ends, its buckets are read once more this much later (beacons counted at the
# boundary), then the hour is done.
GRACE_SECONDS = 60
BATCH = 1000


def current_hour(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // 3600)


def _count_key(hour: int, pk: int) -> str:
    return f"{PREFIX}:c:{hour}:{pk}"


def _slots_key(hour: int) -> str:
    return f"{PREFIX}:n:{hour}"


def _slot_key(hour: int, number: int) -> str:
    return f"{PREFIX}:i:{hour}:{number}"


def _done_key(hour: int) -> str:
    return f"{PREFIX}:done:{hour}"


def _keep_seconds() -> int:
    return settings.READS_KEEP_HOURS * 3600


def _add_then_incr(key: str) -> int | None:
    """The counter ``key`` plus one, made at 0 first when missing; None when the cache cannot count."""
    cache.add(key, 0, _keep_seconds())
    try:
        return cache.incr(key)
    except ValueError:  # the cache is away (ResilientRedisCache), or evicted the key in between
        return None


def count_read(pk: int, now: float | None = None) -> bool:
    """Count one read of story ``pk`` in the current hour's bucket; False when the cache could not."""
    hour = current_hour(now)
    value = _add_then_incr(_count_key(hour, pk))
    if value is None:
        return False
    if value == 1:  # the story's first read this hour: name its bucket in the hour's index
        number = _add_then_incr(_slots_key(hour))
        if number is not None:
            cache.set(_slot_key(hour, number), pk, _keep_seconds())
    return True


def _get_many(keys: list[str]) -> dict:
    found = {}
    for start in range(0, len(keys), BATCH):
        found.update(cache.get_many(keys[start : start + BATCH]))
    return found


def counted(now: float | None = None) -> dict[tuple[int, int], int]:
    """``{(story id, hour): total}`` of every bucket in the cache of the hours not yet done."""
    last = current_hour(now)
    hours = range(last - settings.READS_KEEP_HOURS + 1, last + 1)
    done = cache.get_many([_done_key(hour) for hour in hours])
    pending = [hour for hour in hours if _done_key(hour) not in done]
    slots = cache.get_many([_slots_key(hour) for hour in pending])
    numbered = [
        (hour, _slot_key(hour, number)) for hour in pending for number in range(1, int(slots.get(_slots_key(hour), 0)) + 1)
    ]
    ids = _get_many([key for _hour, key in numbered])
    buckets = {(int(ids[key]), hour) for hour, key in numbered if key in ids}
    keys = {_count_key(hour, pk): (pk, hour) for pk, hour in buckets}
    totals = _get_many(list(keys))
    return {keys[key]: int(value) for key, value in totals.items() if int(value) > 0}


def reads_flush(now: float | None = None) -> int:
    """Write every counted bucket's total into ``StoryReads``; returns the rows written. Safe to run twice."""
    now = time.time() if now is None else now
    totals = counted(now)
    known = set(Article.objects.filter(pk__in={pk for pk, _hour in totals}).values_list("pk", flat=True))
    rows = [(pk, hour, total) for (pk, hour), total in sorted(totals.items()) if pk in known]
    written = StoryReads.objects.upsert_totals(rows)
    # Hours over (and past the grace minute) were read for the last time: never read again.
    last = current_hour(now - GRACE_SECONDS)
    ended = range(last - settings.READS_KEEP_HOURS + 1, last)
    cache.set_many({_done_key(hour): 1 for hour in ended}, _keep_seconds())
    if written:
        # The kept "most read" lists are named after this: they are built again after a flush.
        cache.set(VERSION_KEY, uuid.uuid4().hex[:12], None)
    return written


def reads_version() -> str:
    """Changes at every flush that wrote something: part of the kept lists' keys."""
    return cache.get(VERSION_KEY) or "0"


def process_local_cache() -> bool:
    """Whether the counters live in this process's memory (no shared cache such as Redis)."""
    return isinstance(caches["default"], LocMemCache)


class _InProcessFlush:
    """Without a shared cache only this process can flush its counters: a counted beacon schedules a
    flush READS_FLUSH_SECONDS later in a thread, unless one is scheduled already (the beacon never waits)."""

    def __init__(self):
        self.scheduled = False
        self.lock = threading.Lock()

    def soon(self) -> None:
        if self.scheduled:  # the common case: one attribute read
            return
        with self.lock:
            if self.scheduled:
                return
            self.scheduled = True
        timer = threading.Timer(settings.READS_FLUSH_SECONDS, self.run)
        timer.name, timer.daemon = "khabar-reads-flush", True
        timer.start()

    def run(self) -> None:
        self.scheduled = False  # beacons counted during this flush schedule the next one
        _flush_in_thread()


def _flush_in_thread() -> None:
    try:
        close_old_connections()
        reads_flush()
    except Exception:  # noqa: BLE001 - counts stay in the cache for the next flush
        logger.exception("Could not flush the read counters")
    finally:
        connection.close()


_in_process = _InProcessFlush()


def flush_in_process_soon() -> None:
    """Called by each counted beacon: flush from this process when its cache is its own (see the module)."""
    if settings.READS_FLUSH_IN_PROCESS and process_local_cache():
        _in_process.soon()
