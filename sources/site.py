"""The site's own name on each edition (``SITE_NAME``, and ``SITE_NAME_EN`` on the English one)."""

from django.conf import settings
from django.utils.translation import get_language


def site_name(language: str | None = None) -> str:
    """The site's name for readers of ``language`` (default: the active one)."""
    language = language or get_language() or settings.LANGUAGE_CODE
    return settings.SITE_NAME_EN if language == "en" else settings.SITE_NAME
