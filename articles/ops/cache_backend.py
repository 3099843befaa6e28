"""A Redis cache that the site survives losing: Django's ``RedisCache`` with errors logged, not raised.

The cache is an accelerator, not a dependency. When Redis cannot be reached, every operation
answers as an empty cache that keeps nothing would (``get`` gives the default, ``add`` and
``delete`` give False, ``incr`` finds no key), so pages are built from the database instead.

A circuit breaker keeps a dead Redis from costing every request a connection attempt: the
first connection or timeout error opens it, and for ``RETRY_SECONDS`` (``CACHE_RETRY_SECONDS``)
every operation of this process answers at once without touching the network. Then one
operation tries Redis again: if it answers, the breaker closes; if not, it stays open for
another interval. Short socket timeouts (``CACHE_CONNECT_TIMEOUT``, ``CACHE_READ_TIMEOUT``, set in
``OPTIONS``) bound what that one attempt can cost.

What was written meanwhile never reached the cache, invalidations included: a Redis that comes
back with its old entries would serve pages older than the changes made during the outage. So
when the breaker closes, the process calls ``ON_RECOVERY`` (a dotted path; settings name
``articles.public.cache.invalidate_public_pages``, which starts a new content generation).

Settings name it by dotted path (``articles.ops.cache_backend.ResilientRedisCache``); it imports
nothing of ``articles``.
"""

import functools
import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.utils.module_loading import import_string
from redis.exceptions import RedisError, ResponseError

logger = logging.getLogger(__name__)

DEFAULT_RETRY_SECONDS = 5.0
# Redis away (refused, unreachable, silent, restarting, or not Redis at all: a wrong port that
# answers something else): open the breaker. An error *reply* of Redis (ResponseError: a write
# refused while memory is full, a read-only replica) concerns one operation; Redis is there.
OUTAGE_ERRORS = (RedisError, OSError)


class CircuitBreaker:
    """Whether to try the cache now: closed (yes), open (no, until ``retry_at``), one trial at a time."""

    def __init__(self, retry_seconds: float):
        self.retry_seconds = retry_seconds
        self.retry_at = 0.0  # 0: closed
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        return self.retry_at != 0.0

    def allows(self) -> bool:
        """True when an operation may reach Redis; once the interval is over, only the first caller may."""
        if not self.retry_at:  # the common case costs one attribute read, no lock
            return True
        with self._lock:
            now = time.monotonic()
            if not self.retry_at:
                return True
            if now < self.retry_at:
                return False
            # This caller makes the trial; everyone else waits for another interval meanwhile.
            self.retry_at = now + self.retry_seconds
            return True

    def failed(self, error: Exception) -> None:
        with self._lock:
            was_open = self.is_open
            self.retry_at = time.monotonic() + self.retry_seconds
        if not was_open:
            logger.error("Cache unavailable, serving without it (next try in %g s): %s", self.retry_seconds, error)

    def succeeded(self) -> bool:
        """Close the breaker; True when this closed it (the cache is back after an outage)."""
        if not self.retry_at:
            return False
        with self._lock:
            closed, self.retry_at = bool(self.retry_at), 0.0
        if closed:
            logger.warning("Cache available again.")
        return closed


# One breaker per Redis address and process, shared by the threads' cache objects (Django makes
# one per thread), so a process discovers an outage once, not once per thread.
_breakers: dict[tuple, CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(servers, retry_seconds: float) -> CircuitBreaker:
    key = (tuple(servers), retry_seconds)
    with _breakers_lock:
        return _breakers.setdefault(key, CircuitBreaker(retry_seconds))


def _degrading(answer):
    """Run a cache operation through the breaker; on an outage (or while open) give ``answer(*args)`` instead."""

    def decorator(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            breaker = self.breaker
            if not breaker.allows():
                return answer(*args, **kwargs)
            try:
                result = method(self, *args, **kwargs)
            except ResponseError as error:  # Redis answered, with a refusal: the cache itself is there
                if breaker.succeeded():
                    self.recovered()
                logger.warning("Cache operation %s failed: %s", method.__name__, error)
                return answer(*args, **kwargs)
            except OUTAGE_ERRORS as error:
                breaker.failed(error)
                return answer(*args, **kwargs)
            if breaker.succeeded():
                self.recovered()
            return result

        return wrapper

    return decorator


def _missing(key, *args, **kwargs):
    raise ValueError(f"Key {key!r} not found (the cache is unavailable).")


def _default(key, default=None, *args, **kwargs):
    return default


class ResilientRedisCache(RedisCache):
    """Django's ``RedisCache`` whose failures degrade to a miss, behind a circuit breaker.

    ``OPTIONS`` are Django's (``socket_connect_timeout``, ``socket_timeout``… go to redis-py),
    plus ``RETRY_SECONDS``: how long the cache is left alone after a failure, and ``ON_RECOVERY``:
    the dotted path of a function called when it answers again.
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        retry_seconds = float(options.pop("RETRY_SECONDS", DEFAULT_RETRY_SECONDS))
        self.on_recovery = options.pop("ON_RECOVERY", None)
        super().__init__(server, {**params, "OPTIONS": options})
        self.breaker = breaker_for(self._servers, retry_seconds)

    def recovered(self) -> None:
        """The cache answers again after an outage: let the site forget what it may have missed."""
        if not self.on_recovery:
            return
        try:
            import_string(self.on_recovery)()
        except Exception:  # the page being served must not fail for it
            logger.exception("Cache recovery hook %s failed", self.on_recovery)

    @property
    def available(self) -> bool:
        """False while the breaker is open: callers may skip work that only feeds the cache."""
        return not self.breaker.is_open

    @_degrading(lambda *args, **kwargs: False)
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().add(key, value, timeout, version)

    @_degrading(_default)
    def get(self, key, default=None, version=None):
        return super().get(key, default, version)

    @_degrading(lambda *args, **kwargs: None)
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set(key, value, timeout, version)

    @_degrading(lambda *args, **kwargs: False)
    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return super().touch(key, timeout, version)

    @_degrading(lambda *args, **kwargs: False)
    def delete(self, key, version=None):
        return super().delete(key, version)

    @_degrading(lambda *args, **kwargs: {})
    def get_many(self, keys, version=None):
        return super().get_many(keys, version)

    @_degrading(lambda *args, **kwargs: False)
    def has_key(self, key, version=None):
        return super().has_key(key, version)

    @_degrading(_missing)
    def incr(self, key, delta=1, version=None):
        return super().incr(key, delta, version)

    @_degrading(lambda data, *args, **kwargs: list(data))
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set_many(data, timeout, version)

    @_degrading(lambda *args, **kwargs: None)
    def delete_many(self, keys, version=None):
        return super().delete_many(keys, version)

    @_degrading(lambda *args, **kwargs: False)
    def clear(self):
        return super().clear()
