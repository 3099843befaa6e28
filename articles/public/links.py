"""Addresses of public pages in a given language (the slug differs per translation)."""

from django.urls import reverse
from django.utils import translation


def _slug(obj, language: str) -> str:
    return obj.safe_translation_getter("slug", language_code=language, any_language=True) or "-"


def article_path(article, language: str) -> str:
    """The canonical path of ``article`` in ``language``, percent-encoded."""
    with translation.override(language):
        return reverse("articles:detail", kwargs={"pk": article.pk, "slug": _slug(article, language)})


def article_short_path(article, language: str) -> str:
    """The short id-based path used in share links, e.g. ``/a/123``."""
    with translation.override(language):
        return reverse("articles:short", kwargs={"pk": article.pk})


def section_path(section, language: str) -> str:
    with translation.override(language):
        return reverse("articles:section", kwargs={"slug": _slug(section, language)})


def page_path(language: str, name: str, **kwargs) -> str:
    """The path of any named public page in ``language``."""
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)
