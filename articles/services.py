"""Article services: the one place that changes what readers can see."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext

from .ingest.checks import ingest_problems
from .models import Article


def publication_problems(article: Article, *, automatic: bool = False, at: datetime | None = None) -> list[str]:
    """Everything that stops ``article`` from being published, in the editor's language."""
    problems: list[str] = []
    default = settings.PARLER_DEFAULT_LANGUAGE_CODE
    title = article.safe_translation_getter("title", language_code=default) if article.has_translation(default) else ""
    body = article.safe_translation_getter("body", language_code=default) if article.has_translation(default) else ""
    if not (title or "").strip():
        problems.append(gettext("A headline in Arabic is missing."))
    if not strip_tags(body or "").strip():
        problems.append(gettext("The Arabic text of the story is missing."))
    if article.is_republished:
        source = article.source if article.source_id else None
        if source is None:
            problems.append(gettext("A republished story needs its source."))
        else:
            if source.terms_expired(at):
                problems.append(gettext("The republication terms of %(source)s have expired.") % {"source": source})
            if article.lead_image and article.lead_image_from_source and not source.terms_images_allowed:
                problems.append(gettext("The terms of %(source)s do not allow reusing its images.") % {"source": source})
            if automatic and not source.terms_auto_publish:
                problems.append(gettext("The terms of %(source)s do not allow automatic publishing.") % {"source": source})
        for language in article.get_available_languages():
            if not article.render_disclaimer(language, stored=False):
                problems.append(gettext("The disclaimer does not render in %(language)s.") % {"language": language})
    else:
        byline = article.safe_translation_getter("byline", language_code=default) if article.has_translation(default) else ""
        if not (byline or "").strip():
            problems.append(gettext("Original reporting needs a byline."))

    # Ingested drafts: the source's as-is terms (articles.ingest.checks).
    problems += ingest_problems(article)
    return problems


@transaction.atomic
def article_publish(*, article: Article, at: datetime | None = None, automatic: bool = False) -> Article:
    """Publish ``article`` now (or at ``at``), freezing its disclaimer; refuse with every problem listed."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    problems = publication_problems(article, automatic=automatic, at=at)
    if problems:
        raise ValidationError(problems)
    article.status = Article.Status.PUBLISHED
    article.published_at = at or timezone.now()
    article.store_disclaimers()
    article.save()
    return article
