"""The read API at /api/v1/: one NinjaAPI, its error answers, and its URL patterns (mounted by cms.urls)."""

import functools

from django.db import transaction
from django.http import Http404
from django.urls import re_path
from django.utils.functional import lazy
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import ValidationError

from articles.api import lists, stories
from articles.api.access import KeyHeader, KeyRefused, TooManyRequests
from articles.api.http import error_response

API_DESCRIPTION = _(
    "News from this site as IPTC ninjs 2.x documents that say where each story came from: the "
    "outlet it was republished from and the agencies it cites (infosources), the source's terms "
    "(usageterms) and the disclaimer as published. Public stories need no key; a key (made in "
    "the admin) raises the request limit and may read scheduled stories before their time. "
    "Lists are paged by cursor: follow “next” until it is null."
)


def _both_languages(text) -> str:
    """The description in English and in Arabic, one after the other (the docs page has no language switch)."""
    with override("en"):
        english = str(text)
    with override("ar"):
        arabic = str(text)
    return english if arabic == english else f"{english}\n\n{arabic}"


api = NinjaAPI(
    title="Khabar API",
    version="1",
    description=lazy(_both_languages, str)(API_DESCRIPTION),
    urls_namespace="api",
    auth=KeyHeader(),
)
api.add_router("", stories.router)
api.add_router("", lists.router)


@api.exception_handler(KeyRefused)
def _key_refused(request, error):
    response = error_response(gettext("This API key is not valid. Send a working key, or none."), status=401)
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@api.exception_handler(TooManyRequests)
def _too_many(request, error):
    response = error_response(gettext("Too many requests. Please wait a moment and try again."), status=429)
    response["Retry-After"] = str(error.retry_after)
    return response


@api.exception_handler(ValidationError)
def _invalid(request, error):
    problems = "; ".join(
        f"{'.'.join(str(part) for part in problem.get('loc', ())[1:])}: {problem.get('msg', '')}" for problem in error.errors
    )
    return error_response(gettext("Invalid parameters: %(problems)s") % {"problems": problems}, status=400)


@api.exception_handler(Http404)
def _not_found(request, error):
    return error_response(gettext("Not found."), status=404)


def _head_as_get(view):
    """HEAD answered as GET without the body (ninja routes GET only; curl -I and CDNs ask HEAD)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "HEAD":
            return view(request, *args, **kwargs)
        request.method = "GET"
        try:
            response = view(request, *args, **kwargs)
        finally:
            request.method = "HEAD"
        if not response.streaming:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response

    return wrapper


def _read_only(patterns: list) -> list:
    """Every API view outside the request-wide transaction (ATOMIC_REQUESTS): they only read."""
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            _read_only(pattern.url_patterns)
        else:
            pattern.callback = transaction.non_atomic_requests(_head_as_get(pattern.callback))
    return patterns


def _no_such_endpoint(request, rest: str):
    return error_response(gettext("Not found."), status=404)


# Anything else under /api/v1/ is a JSON 404 too, never the site's HTML page.
urlpatterns = _read_only([*api.urls[0], re_path(r"^(?P<rest>.*)$", _no_such_endpoint, name="not-found")])
app_name = api.urls[2]
