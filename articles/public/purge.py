"""Tell a CDN to drop its copies when a story changes state (CDN_PURGE_URL).

The hook POSTs JSON to the configured URL: the story's public addresses in every language and
the surrogate key every public page carries (``articles.public.cache.SURROGATE_KEY``), since home,
section and feed pages change with it. Point it at the CDN's purge API or at a small relay that
speaks the CDN's dialect. A failed purge is logged and never stops the editor's action: pages
still expire after PUBLIC_SHARED_MAX_AGE.
"""

import logging

import httpx
from django.conf import settings

from articles.public.cache import SURROGATE_KEY
from articles.public.links import article_path

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
    headers = {"Authorization": f"Bearer {settings.CDN_PURGE_TOKEN}"} if settings.CDN_PURGE_TOKEN else {}
    try:
        response = httpx.post(
            settings.CDN_PURGE_URL, json=purge_payload(article), headers=headers, timeout=settings.CDN_PURGE_TIMEOUT
        )
        response.raise_for_status()
    except httpx.HTTPError as error:
        logger.warning("CDN purge for article %s failed: %s", article.pk, error)
        return False
    return True
