"""Request plumbing for the whole site, public pages and admin alike.

``DatabaseUnavailableMiddleware`` answers a short translated 503 page, never a traceback, when
the database cannot be reached, or the last copy it kept of a public page when it has one.
``MediaNonceMiddleware`` stamps the request's CSP nonce on form media, so the rich-text
editor's inline import map runs under a policy without unsafe-inline.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import get_language
from js_asset import Media

logger = logging.getLogger(__name__)


def database_unavailable_response() -> HttpResponse:
    """The 503 page; rendered without a request context, so nothing on it touches the database."""
    retry_after = settings.DATABASE_UNAVAILABLE_RETRY_AFTER
    response = HttpResponse(
        render_to_string("503.html", {"retry_after": retry_after}),
        status=503,
        content_type="text/html; charset=utf-8",
    )
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


# A kept copy is refreshed at most this often per URL, so readers' requests rarely write.
STALE_REFRESH_SECONDS = 60
STALE_MAX_BYTES = 1024 * 1024


# The parameters that pick a page of a list (?page= of lists, ?p= of sitemaps), and the highest
# page number a copy is kept for.
PAGE_NUMBER_PARAMETERS = ("page", "p")
MAX_KEPT_PAGE = getattr(settings, "PUBLIC_MAX_PAGE", 100)


def _plain_page_number(value: str) -> bool:
    return value.isascii() and value.isdigit() and value == str(int(value)) and 1 <= int(value) <= MAX_KEPT_PAGE


def _stale_key(request) -> str | None:
    """Where the copy of this page is kept: its path and page number, nothing else of the query string.

    Copies are kept for a day, so only for a bounded set of addresses; None: keep no copy.
    Other parameters either leave the page as it is (tracking tags: the copy without them
    serves) or make a search (a view naming more parameters in ``page_cache_parameters``): the
    variety of searches has no bound, so of a search page only the bare address is kept. A page
    number is kept only as written plainly, up to ``PUBLIC_MAX_PAGE``.
    """
    declared = set(getattr(request, "page_cache_parameters", PAGE_NUMBER_PARAMETERS))
    if declared - set(PAGE_NUMBER_PARAMETERS) and declared & set(request.GET):
        return None
    numbers = [(name, request.GET[name]) for name in PAGE_NUMBER_PARAMETERS if name in request.GET]
    if not all(_plain_page_number(value) for _name, value in numbers):
        return None
    params = "&".join(f"{name}={value}" for name, value in numbers)
    digest = hashlib.sha256(f"{get_language()}|{request.path}?{params}".encode()).hexdigest()
    return f"stale-page:{digest}"


def _is_public_page(request, response) -> bool:
    """A page any anonymous reader gets alike: safe to keep and to show to anyone later."""
    cache_control = response.get("Cache-Control", "")
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "private" not in cache_control
        and "no-store" not in cache_control
        and response.get("Content-Type", "").startswith(("text/html", "application/rss+xml", "application/atom+xml",
                                                         "application/xml", "text/xml"))
        and len(response.content) <= STALE_MAX_BYTES
    )


class DatabaseUnavailableMiddleware(MiddlewareMixin):
    """Turn a lost or refused database connection into the 503 page, or a kept copy of the page.

    Public pages that any reader sees alike are kept in the cache (for STALE_PAGE_SECONDS) as
    they are served, so that readers still get them while the database is away.
    """

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable while serving %s: %s", request.path, exception)
        return self._kept_copy(request) or database_unavailable_response()

    def process_response(self, request, response):
        if settings.STALE_PAGE_SECONDS and _is_public_page(request, response):
            key = _stale_key(request)
            if key is None:
                return response
            try:
                if cache.add(f"{key}:fresh", 1, timeout=STALE_REFRESH_SECONDS):
                    cache.set(key, (response.content, response["Content-Type"]), timeout=settings.STALE_PAGE_SECONDS)
            except Exception as error:  # a cache outage must never break the page being served
                logger.warning("Could not keep a copy of %s: %s", request.path, error)
        return response

    @staticmethod
    def _kept_copy(request) -> HttpResponse | None:
        if request.method not in {"GET", "HEAD"} or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return None
        key = _stale_key(request)
        if key is None:
            return None
        try:
            kept = cache.get(key)
        except Exception as error:  # the cache may be down too; then the 503 page it is
            logger.warning("No kept copy of %s: %s", request.path, error)
            return None
        if kept is None:
            return None
        content, content_type = kept
        response = HttpResponse(content, content_type=content_type)
        patch_cache_control(response, no_cache=True)
        return response


class MediaNonceMiddleware(MiddlewareMixin):
    """Give the form media of a template response (the admin's ``media``) the CSP nonce.

    django-prose-editor renders an inline ``<script type="importmap">`` through js_asset's
    ``Media``, which adds a nonce to every tag it renders once it knows one.
    """

    def process_template_response(self, request, response):
        # A template response restored from the page cache no longer carries its context.
        context = getattr(response, "context_data", None)
        nonce = getattr(request, "csp_nonce", None)
        if context is None or nonce is None:
            return response
        media = context.get("media")
        if isinstance(media, Media):
            context["media"] = media.with_nonce(str(nonce))
        return response
