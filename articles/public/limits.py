"""Bounds on the work one public request can ask for: page numbers and request rates.

A search query's own bounds belong to the search engine (``articles.search.text.clean_query``).

Public list views call these instead of trusting the query string, so no URL makes the
database count, sort or search without limit; a search that reaches the database counts against
its client's rate (``over_rate_limit``).
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext

# A reader never needs page 10 000 of the archive; crawlers that ask get a 404.
MAX_PAGE = getattr(settings, "PUBLIC_MAX_PAGE", 100)


def page_number(value: str | None, *, max_page: int = MAX_PAGE) -> int:
    """The page asked for in ``?page=``: 1 when missing, 404 when not a number or beyond ``max_page``."""
    if value is None or value == "":
        return 1
    text = value.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 6:
        raise Http404(gettext("There is no such page."))
    number = int(text)
    if number < 1 or number > max_page:
        raise Http404(gettext("There is no such page."))
    return number


def client_address(request) -> str:
    """The reader's IP address: REMOTE_ADDR, or the one the trusted proxies appended (PROXY_COUNT)."""
    proxies = getattr(settings, "PROXY_COUNT", 0)
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def address_key(address: str) -> str:
    """A reader's address as the cache may keep it: HMAC-SHA256 keyed with SECRET_KEY, cut to 20 hex
    digits (80 bits, so two readers sharing a count is negligible); without the key the address
    cannot be found again, not even by hashing every IPv4 address."""
    return salted_hmac("khabar.rate.address", address, algorithm="sha256").hexdigest()[:20]


def over_rate_limit(request, scope: str, *, limit: int, window: int, client: str | None = None) -> bool:
    """Count one request of ``scope`` for this client; True once it made more than ``limit`` in ``window`` seconds.

    ``client`` names who is counted when it is not the address (an API key counts wherever it is used from).
    Otherwise the address is counted under a keyed hash (``address_key``): readers' addresses are
    not written to the cache.

    A fixed window in the cache (shared by all workers with Redis): cheap enough to run before
    a search or a feed is built, and it forgets a client by itself.
    """
    if limit <= 0:  # switched off (e.g. SEARCH_RATE_LIMIT=0 for a benchmark)
        return False
    bucket = int(time.time() // window)
    key = f"rate:{scope}:{client or address_key(client_address(request))}:{bucket}"
    if cache.add(key, 1, timeout=window + 1):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 1)
        return False
    return count > limit


class RateLimited(Exception):
    """A client has made too many requests of a kind in the window."""


def rate_limited_response(*, window: int) -> HttpResponse:
    """429 with Retry-After: the answer to a client over its rate limit."""
    response = HttpResponse(
        gettext("Too many requests. Please wait a moment and try again."),
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(window)
    return response
