"""Request plumbing for the whole site, public pages and admin alike.

``DatabaseUnavailableMiddleware`` answers a short translated 503 page, never a traceback, when
the database cannot be reached, or the last copy it kept of a public page when it has one. A
database that is there but busy (SQLite's "database is locked") is no outage: the request is
served again, reading only (``sources.admin_busy`` shows a posted admin form back with its input).
``AdminParametersMiddleware`` answers 400, never a 500, to an admin address whose query string
holds a value no admin page can use (a date beyond the calendar, a NUL, an unknown language).
``MediaNonceMiddleware`` stamps the request's CSP nonce on form media, so the rich-text
editor's inline import map runs under a policy without unsafe-inline.
"""

import hashlib
import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, DataError, InterfaceError, OperationalError, connections
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import get_language, gettext
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


def database_busy_response() -> HttpResponse:
    """409: a write that waited too long for another one; nothing was saved. No queries, like the 503 page."""
    response = HttpResponse(render_to_string("409.html"), status=409, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def database_is_busy(exception: BaseException) -> bool:
    """SQLite's "database is locked": another connection held the write lock past the busy timeout.

    The database is there and answers; it was busy with someone else's write.
    """
    return (
        isinstance(exception, OperationalError)
        and connections[DEFAULT_DB_ALIAS].vendor == "sqlite"
        and "is locked" in str(exception)
    )


@contextmanager
def reading_only(connection):
    """SQLite transactions that never wait for the write lock, and can write nothing.

    A plain (deferred) BEGIN takes no lock until it writes, and in WAL mode readers never wait
    for the writer; ``query_only`` makes any write fail at once instead of half-happening.
    """
    connection.ensure_connection()
    mode = connection.transaction_mode  # from OPTIONS["transaction_mode"]; read at each BEGIN
    connection.transaction_mode = None
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA query_only = ON")
    try:
        yield
    finally:
        connection.transaction_mode = mode
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA query_only = OFF")


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
        if database_is_busy(exception):
            return self._served_while_busy(request, exception)
        logger.error("Database unavailable while serving %s: %s", request.path, exception)
        return self._kept_copy(request) or database_unavailable_response()

    def _served_while_busy(self, request, exception) -> HttpResponse:
        """The request once more, reading only: a page is shown, a posted admin form comes back with its input.

        The request's own transaction never began (or was rolled back), so nothing of it was
        written. A view that still needs to write fails at once under ``query_only``; then a
        POST gets the 409 page and a GET the 503 page (or a kept copy), as it would have.
        """
        logger.warning("Database busy with another write while serving %s %s: %s", request.method, request.path, exception)
        request.database_busy = True
        match = request.resolver_match
        try:
            with reading_only(connections[DEFAULT_DB_ALIAS]):
                return match.func(request, *match.args, **match.kwargs)
        except DatabaseError as error:
            logger.warning("Could not serve %s %s without writing: %s", request.method, request.path, error)
        if request.method in {"GET", "HEAD"}:
            return self._kept_copy(request) or database_unavailable_response()
        return database_busy_response()

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


# The admin's date drill-down (``published_at__year=2024&published_at__month=5&…__day=1``) and
# date lookups: Django builds the bounds from these with ``datetime``, so a year must leave room
# for the next one (9999 + 1 overflows) and every part must be a small number.
_DATE_PARTS = {"year": (1, 9998), "month": (1, 12), "day": (1, 31)}


def malformed_admin_parameter(request) -> str | None:
    """The name of the first query parameter no admin page can use, or None when all are usable.

    NUL characters are refused everywhere (PostgreSQL cannot hold them in any text and raises
    DataError); date parts must be numbers in the calendar; ``language`` (parler's language
    tabs) must be one of LANGUAGES.
    """
    languages = {code for code, _name in settings.LANGUAGES}
    for name, values in request.GET.lists():
        for value in values:
            if "\x00" in name or "\x00" in value:
                return name.replace("\x00", "")
            part = name.rpartition("__")[2]
            if part in _DATE_PARTS:
                low, high = _DATE_PARTS[part]
                if not (value.isascii() and value.isdigit() and len(value) <= 4 and low <= int(value) <= high):
                    return name
            elif name == "language" and value and value not in languages:
                return name
    return None


def bad_parameters_response() -> HttpResponseBadRequest:
    return HttpResponseBadRequest(
        gettext("This address holds a value the newsroom cannot use. Go back and choose again from the page."),
        content_type="text/plain; charset=utf-8",
    )


def _is_admin(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and "admin" in match.namespaces


class AdminParametersMiddleware(MiddlewareMixin):
    """Answer 400 to an admin address with a malformed query string, before any query runs.

    Filters and drill-downs are built from the query string by Django and parler, which trust it:
    a year of twenty digits, ``?language=zz`` or a NUL would otherwise be a 500. What gets past
    the checks and still overflows while reading (an ``id__in`` beyond SQLite's integers, a date
    PostgreSQL cannot hold) is a 400 as well, after the request's transaction was rolled back.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not _is_admin(request):
            return None
        name = malformed_admin_parameter(request)
        if name is None:
            return None
        logger.info("Refused the admin parameter %r on %s", name, request.path)
        return bad_parameters_response()

    def process_exception(self, request, exception):
        if request.method in {"GET", "HEAD"} and _is_admin(request) and isinstance(exception, OverflowError | DataError):
            logger.info("Refused an admin query that does not fit the database on %s: %s", request.path, exception)
            return bad_parameters_response()
        return None


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
