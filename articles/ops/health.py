"""``/healthz``: may a load balancer send readers here? Yes when the database and cache answer.

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
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=10)
        ok = cache.get(key) == "ok"
        cache.delete(key)
        return ok
    except Exception as error:  # any backend failure (redis.ConnectionError, OSError…) means "down"
        logger.error("Health check: cache unavailable: %s", error)
        return False


@transaction.non_atomic_requests
@never_cache
@require_safe
def healthz(request):
    """200 with {"status": "ok"} when every dependency answers, else 503 naming the failing ones."""
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "unavailable", "checks": {k: "ok" if v else "fail" for k, v in checks.items()}}
    return JsonResponse(body, status=200 if healthy else 503)
