"""Request plumbing for the whole site, public pages and admin alike.

``DatabaseUnavailableMiddleware`` answers a short translated 503 page, never a traceback, when
the database cannot be reached. ``MediaNonceMiddleware`` stamps the request's CSP nonce on form
media, so the rich-text editor's inline import map runs under a policy without unsafe-inline.
"""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.deprecation import MiddlewareMixin
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


class DatabaseUnavailableMiddleware(MiddlewareMixin):
    """Turn a lost or refused database connection into the 503 page."""

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            logger.error("Database unavailable while serving %s: %s", request.path, exception)
            return database_unavailable_response()
        return None


class MediaNonceMiddleware(MiddlewareMixin):
    """Give the form media of a template response (the admin's ``media``) the CSP nonce.

    django-prose-editor renders an inline ``<script type="importmap">`` through js_asset's
    ``Media``, which adds a nonce to every tag it renders once it knows one.
    """

    def process_template_response(self, request, response):
        context = response.context_data
        nonce = getattr(request, "csp_nonce", None)
        if context is None or nonce is None:
            return response
        media = context.get("media")
        if isinstance(media, Media):
            context["media"] = media.with_nonce(str(nonce))
        return response
