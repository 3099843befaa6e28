"""Work a web request starts and does not wait for: one bounded daemon thread per key.

A stand-in for a task queue, kept small on purpose: at most one thread per key (a feed) and
THREADS_MAX per process, each a daemon that starts once the request's transaction commits (so
it sees what the request saw) and closes its database connections when done. A thread lives as
long as its work: reading a feed, whose download ends by INGEST_TOTAL_TIMEOUT. A process that
stops takes its threads with it; a run they leave unfinished is marked interrupted later.
"""

import enum
import logging
import threading
import time
from collections.abc import Callable
from functools import partial

from django.db import connections, transaction

logger = logging.getLogger(__name__)

# Threads at once per process, each with its own database connection.
THREADS_MAX = 4
# A key promised to a transaction that never committed (rolled back) is free again after this.
PROMISE_SECONDS = 60


class Started(enum.Enum):
    STARTED = "started"
    ALREADY = "already"  # this process is doing the work for this key already
    BUSY = "busy"  # this process runs THREADS_MAX threads already


# Key -> its thread, or the time.monotonic() it was promised at (before the commit starts it).
_threads: dict[object, threading.Thread | float] = {}
_lock = threading.Lock()


def start_on_commit(key: object, target: Callable[..., None], *args) -> Started:
    """Run ``target(*args)`` in a daemon thread once the current transaction commits."""
    now = time.monotonic()
    with _lock:
        for stale in [k for k, v in _threads.items() if isinstance(v, float) and now - v > PROMISE_SECONDS]:
            del _threads[stale]
        if key in _threads:
            return Started.ALREADY
        if len(_threads) >= THREADS_MAX:
            return Started.BUSY
        _threads[key] = now
    transaction.on_commit(partial(_start, key, target, args), robust=True)
    return Started.STARTED


def _start(key: object, target: Callable[..., None], args: tuple) -> None:
    thread = threading.Thread(target=_run, args=(key, target, args), name=f"khabar-background-{key}", daemon=True)
    with _lock:
        _threads[key] = thread
    thread.start()


def _run(key: object, target: Callable[..., None], args: tuple) -> None:
    try:
        target(*args)
    except Exception:  # noqa: BLE001 - a thread has no one to raise to: the log is where it goes
        logger.exception("Background work %s failed", key)
    finally:
        with _lock:
            _threads.pop(key, None)
        connections.close_all()
