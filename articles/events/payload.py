"""The message every consumer sends for a story event: what happened, when, and the story as readers see it."""

from datetime import UTC

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from articles.models import Article, StoryEvent, credit_name


def _iso(value) -> str | None:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else None


def _attribution(article: Article, language: str) -> dict:
    """Where the story comes from, as honestly as the reader's page says it."""
    source = article.source
    return {
        "origin": article.origin,
        "source": (
            {"name": source.safe_translation_getter("name", language_code=language, any_language=True),
             "slug": source.slug, "url": source.homepage_url}
            if source
            else None
        ),
        "cited_sources": [
            cited.safe_translation_getter("name", language_code=language, any_language=True)
            for cited in article.cited_sources.all()
        ],
        "disclaimer": article.safe_translation_getter("disclaimer_text", language_code=language, any_language=True) or "",
        "original_url": article.original_url,
    }


def _contributors(article: Article, language: str) -> list[dict]:
    """Everyone credited on the story, in order, with their role and their author page."""
    site = settings.SITE_URL.rstrip("/")
    found = []
    for credit in article.credits or ():
        with translation.override(language):
            try:
                url = site + reverse("articles:author", kwargs={"slug": credit["slug"]})
            except NoReverseMatch:
                url = ""
        found.append({"name": credit_name(credit, language), "role": credit["role"], "slug": credit["slug"], "url": url})
    return found


def story_summary(article: Article, language: str) -> dict:
    """The story's id, version, headline, summary, public address and attribution in ``language``."""
    def text(field: str) -> str:
        return article.safe_translation_getter(field, language_code=language, any_language=True) or ""

    path = article.get_absolute_url()
    return {
        "id": article.pk,
        "language": language,
        "version": article.version,
        "title": text("title"),
        "summary": text("summary"),
        "url": f"{settings.SITE_URL.rstrip('/')}{path}" if path else "",
        "published_at": _iso(article.published_at),
        "attribution": _attribution(article, language),
        "contributors": _contributors(article, language),
    }


def event_payload(event: StoryEvent) -> dict:
    """The Standard Webhooks shape: ``type``, ``timestamp`` and ``data``."""
    article = (
        Article.objects.select_related("source").prefetch_related("cited_sources").filter(pk=event.article_pk).first()
    )
    data = story_summary(article, event.language) if article else {"id": event.article_pk, "language": event.language}
    data["version"] = event.version
    if event.detail:
        # A live entry: its id, time, flags and text (``articles.newsroom.live``).
        data["entry"] = event.detail
    return {"type": event.type, "timestamp": _iso(event.due_at), "id": event.uid, "data": data}
