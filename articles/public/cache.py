"""Whole-page caching of the public site for anonymous readers.

Every cached page is stored under the current *content generation*. Saving or deleting a
story, a translation, a correction, a section, a tag or a source starts a new generation
(see ``articles.public.receivers``), so readers never see a page older than the last change. Time
changes what readers may see too: a scheduled story appears when its publication time
passes, and a breaking story leaves the strip after ``BREAKING_NEWS_HOURS``. The generation
remembers the next such moment; once it has passed a new generation starts, and no page is
kept beyond it.
"""

import contextlib
import functools
import hashlib
import math
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.http import http_date
from django.utils.translation import get_language

from articles.public.routers import public_reads
from articles.search.text import clean_query

# The generation is kept as a pickle that names its class's module. When this module (or the
# page-part and feed classes kept under a generation) moves, the key gets a new name, so no
# worker ever unpickles an entry written under the old module path: ":2" since the move into
# articles/public/. Every page and fragment key carries the generation token, so old entries
# are simply never read again and expire by their timeouts.
GENERATION_KEY = "khabar:public:generation:2"
LAST_CHANGE_KEY = "khabar:public:last-change"
PAGE_KEY_PREFIX = "khabar:public:page"
SURROGATE_KEY = "khabar-public"


@dataclass(frozen=True)
class Generation:
    """One state of the public content: its id, when it began, and when time will end it."""

    token: str
    changed_at: float
    expires_at: float | None

    def seconds_left(self, now: float) -> int | None:
        return None if self.expires_at is None else max(0, int(self.expires_at - now))


def _next_time_change(now: datetime) -> datetime | None:
    """The next moment the public site changes by itself: a scheduled story or a breaking story expiring."""
    from articles.models import Article

    scheduled = (
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    window = timedelta(hours=settings.BREAKING_NEWS_HOURS)
    oldest_breaking = (
        Article.objects.published(now)
        .filter(is_breaking=True, published_at__gt=now - window)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    moments = [m for m in (scheduled, oldest_breaking + window if oldest_breaking else None) if m]
    return min(moments) if moments else None


_serving: ContextVar[Generation | None] = ContextVar("khabar_serving_generation", default=None)


@contextlib.contextmanager
def generation_scope(generation: Generation) -> Iterator[None]:
    """While one page is served, every part of it belongs to ``generation`` (one cache read, not one per part)."""
    token = _serving.set(generation)
    try:
        yield
    finally:
        _serving.reset(token)


_fresh: ContextVar[bool] = ContextVar("khabar_fresh_page", default=False)


def serving_fresh() -> bool:
    """Whether the page being served must be built from the database alone (for a logged-in editor)."""
    return _fresh.get()


@contextlib.contextmanager
def fresh_page() -> Iterator[None]:
    """Build the page being served from the database alone, without kept parts (for editors)."""
    token = _fresh.set(True)
    try:
        yield
    finally:
        _fresh.reset(token)


def current_generation() -> Generation:
    """The generation pages are cached under, starting a new one when its time is up."""
    serving = _serving.get()
    if serving is not None:
        return serving
    now = time.time()
    generation = cache.get(GENERATION_KEY)
    if generation is None or (generation.expires_at is not None and generation.expires_at <= now):
        change = _next_time_change(timezone.now())
        # Last-Modified has whole seconds: a change within the second of the previous one must
        # still move it forward, or a conditional request would wrongly get 304.
        changed_at = max(now, math.floor(cache.get(LAST_CHANGE_KEY, 0)) + 1)
        generation = Generation(
            token=hashlib.sha1(f"{now}:{time.perf_counter_ns()}".encode(), usedforsecurity=False).hexdigest()[:12],
            changed_at=changed_at,
            expires_at=change.timestamp() if change else None,
        )
        cache.set_many({GENERATION_KEY: generation, LAST_CHANGE_KEY: changed_at}, timeout=None)
    return generation


def invalidate_public_pages() -> None:
    """Drop every cached public page: the next request starts a new generation."""
    cache.delete(GENERATION_KEY)


# The only query parameters that change a public page: list pages and sitemap pages. Others
# (tracking tags added by social networks) share the cached page instead of multiplying it.
PAGE_PARAMETERS = ("page", "p")


def _page_key(request, generation: Generation) -> str:
    # Only the parameters that change the page are part of the key (a view may name its own, as
    # the search page does), so made-up parameters cannot bypass the cache. A view whose
    # parameters have many spellings (a search) gives their values spelled one way.
    values = getattr(request, "page_cache_values", None)
    if values is None:
        names = getattr(request, "page_cache_parameters", PAGE_PARAMETERS)
        values = [(name, request.GET[name]) for name in names if name in request.GET]
    params = "&".join(f"{name}={value}" for name, value in values)
    url = f"{request.scheme}://{request.get_host()}{request.path}?{params}"
    # The display settings are part of the key, so changing one never serves pages in the old style.
    style = f"{settings.DIGITS}:{settings.MONTH_NAMES}"
    digest = hashlib.sha256(f"{request.method}:{get_language()}:{style}:{url}".encode()).hexdigest()
    return f"{PAGE_KEY_PREFIX}:{generation.token}:{digest}"


def _is_anonymous(request) -> bool:
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


# Every parameter some public page reads (the lists' page numbers, the search form's fields).
# The early look-up (``PageCacheMiddleware``) keys pages on these alone, so a shared link with
# tracking parameters (utm_source, fbclid) is served the page cached without them.
KNOWN_PARAMETERS = frozenset({"page", "p", "q", "section", "source", "tag", "language", "date_from", "date_to"})
EARLY_KEY_PREFIX = "khabar:public:early"


def _path_language(request) -> str:
    """The language a public URL is in, read from its prefix alone (Arabic has none)."""
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


def early_key(request, generation: Generation) -> str:
    """The key a page is found under before the request reaches the view (or the session, or the locale).

    A search's words count as ``clean_query`` leaves them (blanks collapsed, cut to length), as
    the search page reads them, so padded or re-spaced spellings of one search share a page.
    """
    params = "&".join(
        f"{name}={clean_query(value) if name == 'q' else value}"
        for name, value in sorted(request.GET.items())
        if name in KNOWN_PARAMETERS
    )
    style = f"{settings.DIGITS}:{settings.MONTH_NAMES}"
    raw = f"{request.method}:{_path_language(request)}:{style}:{request.scheme}://{request.get_host()}{request.path}?{params}"
    return f"{EARLY_KEY_PREFIX}:{generation.token}:{hashlib.sha256(raw.encode()).hexdigest()}"


def may_be_served_early(request) -> bool:
    """Whether the early look-up may answer this request: an anonymous reader's GET or HEAD.

    Without a session cookie nobody is logged in; with one, the request goes the whole way so
    an editor gets a fresh private page.
    """
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


def _early_alias_allowed(request) -> bool:
    """Whether the page just built is the one the early look-up would find for this request: the
    language came from the URL and every known parameter present is one the page reads."""
    declared = set(getattr(request, "page_cache_parameters", PAGE_PARAMETERS))
    present = set(request.GET)
    return (
        may_be_served_early(request)
        and get_language() == _path_language(request)
        and (present & KNOWN_PARAMETERS) <= declared
        and (present & declared) <= KNOWN_PARAMETERS
    )


def _page_cache_timeout(generation: Generation, request) -> int:
    """How long to keep this page: PAGE_CACHE_SECONDS, less when the view says so (``page_cache_seconds``:
    a search not asked before gets 0) or when the generation ends sooner."""
    timeout = min(settings.PAGE_CACHE_SECONDS, getattr(request, "page_cache_seconds", settings.PAGE_CACHE_SECONDS))
    left = generation.seconds_left(time.time())
    return timeout if left is None else min(timeout, left)


def _small_enough(request, response) -> bool:
    """Whether the page is within the size its view allows to keep (``page_cache_max_bytes``; no limit by default)."""
    limit = getattr(request, "page_cache_max_bytes", None)
    return limit is None or len(response.content) <= limit


def public_headers(response, generation: Generation) -> None:
    """HTTP caching headers of a public page for anonymous readers: how long browsers and CDNs
    may keep it (never past the generation's end) and the surrogate key that purges it."""
    # A view may keep it shorter (``max_age_limit``: a live story's poll answer).
    max_age = min(settings.PUBLIC_MAX_AGE, getattr(response, "max_age_limit", settings.PUBLIC_MAX_AGE))
    left = generation.seconds_left(time.time())
    if left is not None:
        max_age = min(max_age, left)
    if response.status_code in (200, 301, 404, 410):
        patch_cache_control(response, public=True, max_age=max_age)
        if settings.PUBLIC_SHARED_MAX_AGE:
            shared = min(settings.PUBLIC_SHARED_MAX_AGE, getattr(response, "max_age_limit", settings.PUBLIC_SHARED_MAX_AGE))
            shared = shared if left is None else min(shared, left)
            patch_cache_control(response, s_maxage=shared)
        # CDNs that purge by tag (Fastly, Varnish xkey, Cloudflare's Cache-Tag) drop every
        # public page at once when a story is published (see articles.public.purge).
        response["Surrogate-Key"] = SURROGATE_KEY


def keep_early(request, response) -> None:
    """Keep the finished response (every middleware's headers included) for the early look-up,
    when the view marked it as the page any anonymous reader of this URL gets."""
    kept = getattr(request, "_keep_early", None)
    if kept is None or response.status_code != 200 or response.streaming or response.cookies:
        return
    generation, timeout = kept
    cache.set(early_key(request, generation), response, timeout)


def serve_early(request):
    """The kept page for this request, with fresh caching headers; None when there is none."""
    if not may_be_served_early(request) or settings.PAGE_CACHE_SECONDS <= 0:
        return None
    if not getattr(cache, "available", True):
        # The cache is away (articles.ops.cache_backend): nothing is kept, so the generation (two
        # queries without the cache) is worked out once, by the page, not here as well.
        return None
    generation = current_generation()
    response = cache.get(early_key(request, generation))
    if response is not None:
        public_headers(response, generation)
    return response


def public_page(view):
    """Cache a public view's successful answers whole for anonymous readers, with HTTP caching headers.

    Logged-in users (editors checking their work) always get a fresh, private page.
    """

    # Public pages only read; the request-wide transaction (ATOMIC_REQUESTS) would cost two
    # queries on every page, cached ones included.
    @transaction.non_atomic_requests
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        if not _is_anonymous(request):
            with fresh_page():
                response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        generation = current_generation()
        key = _page_key(request, generation)
        response = cache.get(key)
        if response is None:
            settled = time.time() - generation.changed_at >= settings.DATABASE_REPLICA_LAG_SECONDS
            with public_reads(settled), generation_scope(generation):
                response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if not response.streaming:
                # One chunk: a feed is written piece by piece, and a WSGI server sends every piece
                # of a response in its own write (thousands of system calls per RSS request).
                response.content = response.content
            if response.status_code == 200 and not response.streaming:
                response["Last-Modified"] = http_date(generation.changed_at)
                # Computed once here, not by ConditionalGetMiddleware on every cached answer.
                set_response_etag(response)
                timeout = _page_cache_timeout(generation, request)
                if timeout > 0 and _small_enough(request, response):
                    cache.set(key, response, timeout)
                    if _early_alias_allowed(request):
                        request._keep_early = (generation, timeout)
        public_headers(response, generation)
        patch_vary_headers(response, ("Cookie",))
        return response

    return wrapper
