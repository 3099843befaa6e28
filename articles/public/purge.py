"""Tell a CDN to drop its copies when a story changes state (CDN_PURGE_URL).

The hook POSTs JSON to the configured URL: the story's public addresses in every language and
the surrogate key every public page carries (``articles.public.cache.SURROGATE_KEY``), since home,
section and feed pages change with it. Point it at the CDN's purge API or at a small relay that
speaks the CDN's dialect. A failed purge is logged and never stops the editor's action: pages
still expire after PUBLIC_SHARED_MAX_AGE. The request goes through the guarded client
(``sources.outbound``) like every other: a relay on an internal address must be named in
``OUTBOUND_ALLOWED_HOSTS``.
"""

import json
import logging

from django.conf import settings

from articles.public.cache import SURROGATE_KEY
from articles.public.links import article_path
from sources import outbound

logger = logging.getLogger(__name__)


def purge_payload(article) -> dict:
    languages = [code for code, _name in settings.LANGUAGES if article.has_translation(code)]
    return {
        "surrogate_keys": [SURROGATE_KEY],
        "paths": [article_path(article, code) for code in languages],
        "article": article.pk,
    }


def purge_article(article) -> bool:
    """POST the purge request for ``article``; True when the CDN accepted it."""
    if not settings.CDN_PURGE_URL:
        return False
    headers = {"Content-Type": "application/json"}
    if settings.CDN_PURGE_TOKEN:
        headers["Authorization"] = f"Bearer {settings.CDN_PURGE_TOKEN}"
    timeout = settings.CDN_PURGE_TIMEOUT
    limits = outbound.Limits(connect=timeout, read=timeout, total=timeout, redirects=0)
    body = json.dumps(purge_payload(article)).encode()
    try:
        with outbound.stream("POST", settings.CDN_PURGE_URL, limits=limits, headers=headers, content=body) as response:
            status = response.status
    except outbound.OutboundError as error:
        logger.warning("CDN purge for article %s failed: %s", article.pk, error)
        return False
    if not 200 <= status < 300:
        logger.warning("CDN purge for article %s failed: HTTP %s", article.pk, status)
        return False
    return True
