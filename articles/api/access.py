"""Who is asking: anonymous, or the holder of an API key; and whether they asked too often.

A key comes in the ``X-Api-Key`` header (or ``Authorization: Bearer <key>``). A wrong, unknown or
deactivated key is refused (401), never quietly treated as anonymous. Anonymous clients are
counted by address (``API_RATE_LIMIT`` a minute), key holders by key (the key's own limit), in
fixed one-minute windows in the cache, as the site counts searches (``public.limits``).
"""

import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from ninja.security import APIKeyHeader

from articles.models import ApiKey
from articles.models.api import KEY_PREFIX_LENGTH, key_digest
from articles.public.limits import over_rate_limit

RATE_WINDOW = 60
# A key is looked up once in this many seconds per worker-shared cache, and its last use written
# at most this often: a deactivated key stops working within the same time.
KEY_CACHE_SECONDS = 30
LAST_USED_EVERY = timedelta(minutes=10)


class KeyRefused(Exception):
    """The key sent is not a working key of this site."""


class TooManyRequests(Exception):
    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Client:
    """The caller of one request: ``key`` is None for anonymous clients."""

    key_id: int | None = None
    name: str = ""
    limit: int = 0
    embargo: bool = False

    @property
    def anonymous(self) -> bool:
        return self.key_id is None


def _find_key(plain: str) -> Client | None:
    """The working key ``plain`` stands for, kept briefly in the cache under its digest (never the key)."""
    digest = key_digest(plain)
    cache_key = f"khabar:api:key:{digest}"
    client = cache.get(cache_key)
    if client is not None:
        return client or None
    key = ApiKey.objects.filter(prefix=plain[:KEY_PREFIX_LENGTH], is_active=True).first()
    if key is None or not key.matches(plain):
        cache.set(cache_key, False, KEY_CACHE_SECONDS)
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_EVERY:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    client = Client(key_id=key.pk, name=key.name, limit=key.requests_per_minute, embargo=key.may_read_embargoed)
    cache.set(cache_key, client, KEY_CACHE_SECONDS)
    return client


def identify(request, plain: str | None) -> Client:
    """The client of ``request``, counted against its rate limit. Raises KeyRefused or TooManyRequests."""
    client = _find_key(plain.strip()) if plain else None
    if client is not None:
        over = over_rate_limit(request, "api-key", limit=client.limit, window=RATE_WINDOW, client=str(client.key_id))
    else:
        # A refused key counts against its address like any anonymous request: guessing keys is throttled too.
        over = over_rate_limit(request, "api", limit=settings.API_RATE_LIMIT, window=RATE_WINDOW)
    if over:
        # The counters are fixed windows: the client may ask again when this one ends.
        raise TooManyRequests(int(RATE_WINDOW - time.time() % RATE_WINDOW) + 1)
    if plain and client is None:
        raise KeyRefused
    return client or Client(limit=settings.API_RATE_LIMIT)


class KeyHeader(APIKeyHeader):
    """The key header as the OpenAPI document names it; a request without one is anonymous."""

    param_name = "X-Api-Key"

    def _get_key(self, request):
        key = request.headers.get(self.param_name)
        if not key:
            scheme, _sep, value = request.headers.get("Authorization", "").partition(" ")
            key = value if scheme.lower() == "bearer" else None
        return key

    def authenticate(self, request, key):
        return identify(request, key)
