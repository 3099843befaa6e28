"""The public addresses a story event touches: its pages in each language, and the feeds that list it.

Absolute, under SITE_URL, and percent-encoded as RFC 3986 asks (``reverse`` encodes the Arabic
slugs). Built here rather than borrowed from ``articles.public``, a sibling area.
"""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from articles.models import Article

FEED_KINDS = ("rss", "atom")


def absolute(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def languages_of(article: Article) -> list[str]:
    """The site's languages the story is written in (Arabic first)."""
    have = set(article.get_available_languages())
    return [code for code, _name in settings.LANGUAGES if code in have]


def _reverse(language: str, name: str, **kwargs) -> str | None:
    with translation.override(language):
        try:
            return absolute(reverse(name, kwargs=kwargs or None))
        except NoReverseMatch:
            return None


def story_urls(article: Article) -> list[str]:
    """The story's page in every language it has."""
    urls = []
    for language in languages_of(article):
        slug = article.safe_translation_getter("slug", language_code=language, any_language=True) or "-"
        urls.append(_reverse(language, "articles:detail", pk=article.pk, slug=slug))
    return [url for url in urls if url]


def feed_urls(article: Article) -> list[str]:
    """Every feed that lists (or listed) the story: home, its section, tags and sources, per language."""
    urls = []
    for language in languages_of(article):
        for kind in FEED_KINDS:
            urls.append(_reverse(language, f"articles:feed_{kind}"))
            if article.section_id:
                slug = article.section.safe_translation_getter("slug", language_code=language, any_language=True)
                urls.append(_reverse(language, f"articles:section_{kind}", slug=slug))
            for tag in article.tags.all():
                urls.append(_reverse(language, f"articles:tag_{kind}", slug=tag.slug))
            for source in (article.source, article.via_source):
                if source is not None:
                    urls.append(_reverse(language, f"articles:source_{kind}", slug=source.slug))
    return list(dict.fromkeys(url for url in urls if url))
