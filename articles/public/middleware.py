"""The page cache's middleware: anonymous readers are answered from the page cache before the
session, the locale and the rest of the stack run (``articles.public.cache`` keeps the pages)."""

import logging

from django.conf import settings
from django.utils.deprecation import MiddlewareMixin

from articles.public.cache import keep_early, serve_early

logger = logging.getLogger(__name__)


class PageCacheMiddleware(MiddlewareMixin):
    """Serve a public page kept by ``articles.public.cache.public_page`` without running the rest of the stack.

    Placed above the session, locale, CSRF, authentication and message middleware: a cached page
    then costs one generation read and one cache read. The view decides what may be kept (an
    anonymous reader's successful page whose address names its language); this middleware keeps
    it on the way out, with the headers every middleware below it added.
    """

    def __init__(self, get_response):
        super().__init__(get_response)
        self._skipped: tuple[str, ...] | None = None

    def skipped_prefixes(self) -> tuple[str, ...]:
        """Addresses never cached as public pages, so they pay no look-up: the admin in every
        language, the health check, the icon (made once per process, kept by browsers a week),
        the read API (its answers have their own validators), and the benchmark's floor view
        (which must measure the stack without it)."""
        if self._skipped is None:
            from articles.public.links import page_path

            self._skipped = (
                "/bench/",
                "/healthz",
                "/favicon.ico",
                "/api/",
                *(page_path(code, "admin:index") for code, _name in settings.LANGUAGES),
            )
        return self._skipped

    def process_request(self, request):
        if request.path_info.startswith(self.skipped_prefixes()):
            return None
        try:
            return serve_early(request)
        except Exception as error:  # noqa: BLE001 - the cache or the database is away: the view decides what to answer
            logger.warning("No early look-up for %s: %s", request.path, error)
            return None

    def process_response(self, request, response):
        try:
            keep_early(request, response)
        except Exception as error:  # noqa: BLE001 - a cache outage must never break the page being served
            logger.warning("Could not keep %s: %s", request.path, error)
        return response
