"""Chainable article querysets: what readers may see is decided here, at query time."""

from django.utils import timezone
from parler.managers import TranslatableQuerySet


class ArticleQuerySet(TranslatableQuerySet):
    def published(self, at=None) -> "ArticleQuerySet":
        """Stories readers may see: published, with a publication time that has passed.

        Scheduled stories (a future publication time) appear exactly when their time comes,
        with no cron job involved.
        """
        return self.filter(status="published", published_at__lte=at or timezone.now())

    def drafts(self) -> "ArticleQuerySet":
        return self.filter(status="draft")

    def for_source(self, source) -> "ArticleQuerySet":
        return self.filter(source=source)
