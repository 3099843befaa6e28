"""``/healthz``: may a load balancer send readers here? Yes while the database answers.

The cache only makes pages faster: without it they are built from the database, so a cache that
does not answer is reported as ``"degraded"`` (for monitoring) with HTTP 200 (for the load
balancer), and only a database that does not answer takes the node out with 503.

It lives in ``articles`` because the public site it vouches for is this app's; ``cms`` only
wires it (outside the language prefixes, so a probe never gets a redirect).
"""

import logging
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError as error:
        logger.error("Health check: database unavailable: %s", error)
        return False


def _cache_ok() -> bool:
    """Whether a value written to the cache can be read back (the Redis backend swallows its errors)."""
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=10)
        ok = cache.get(key) == "ok"
        cache.delete(key)
    except Exception as error:  # any backend failure (redis.ConnectionError, OSError…) means "down"
        logger.error("Health check: cache unavailable: %s", error)
        return False
    if not ok:
        logger.error("Health check: cache unavailable: a value written could not be read back")
    return ok


@transaction.non_atomic_requests
@never_cache
@require_safe
def healthz(request):
    """200 while the database answers ("degraded" when the cache does not), else 503."""
    database, cache_ok = _database_ok(), _cache_ok()
    checks = {"database": "ok" if database else "fail", "cache": "ok" if cache_ok else "degraded"}
    status = "unavailable" if not database else "ok" if cache_ok else "degraded"
    return JsonResponse({"status": status, "checks": checks}, status=200 if database else 503)
