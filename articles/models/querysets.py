"""Chainable article querysets: what readers may see is decided here, at query time."""

import secrets

from django.db import transaction
from django.utils import timezone
from parler.managers import TranslatableQuerySet


def new_render_stamp() -> int:
    """A value no rendering was made under: random, not counted up, so a save that writes back a
    story's stamp as it was loaded can never make an older rendering current again."""
    return secrets.randbits(62) + 1


# What the public site's lists (``articles.models.listing``) are made of, on the story's row.
LISTED_FIELDS = frozenset({"status", "published_at", "section", "section_id", "source", "source_id"})


class ArticleQuerySet(TranslatableQuerySet):
    def update(self, **kwargs) -> int:
        """Every bulk update of stories may change what their pages show: their stored renderings
        (``articles.models.renderings``) are retired in the same statement, and when it changes
        what lists they are in, their rows of those lists are written again."""
        kwargs.setdefault("render_stamp", new_render_stamp())
        if LISTED_FIELDS.isdisjoint(kwargs):
            return super().update(**kwargs)
        from articles.models.listing import ListedStory

        with transaction.atomic(using=self.db):
            pks = list(self.values_list("pk", flat=True))  # first: the update may change what the filter matches
            updated = super().update(**kwargs)
            ListedStory.objects.refresh(pks)
        return updated

    def retire_renderings(self) -> int:
        """Retire the stored renderings of these stories (something they show has changed)."""
        return super().update(render_stamp=new_render_stamp())

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

    def in_review(self) -> "ArticleQuerySet":
        return self.filter(status="in_review")

    def scheduled(self, at=None) -> "ArticleQuerySet":
        """Published stories whose publication time is still ahead: the scheduled queue."""
        return self.filter(status="published", published_at__gt=at or timezone.now())

    def withdrawn(self) -> "ArticleQuerySet":
        return self.filter(status="withdrawn")

    def in_state(self, state: str, at=None) -> "ArticleQuerySet":
        """Stories in an editorial state (articles.models.workflow.State), telling scheduled from published."""
        at = at or timezone.now()
        if state == "scheduled":
            return self.scheduled(at)
        if state == "published":
            return self.published(at)
        return self.filter(status=state)


def translations_from_prefetch(objects) -> None:
    """Put each object's prefetched translations (``prefetch_related("translations")``) into its
    own translation cache. Read through parler's getter instead, each translation is first
    written to the shared cache (parler's caching), one round trip per object with Redis: on a
    list of a hundred stories and two hundred filter choices, most of the page's time."""
    for obj in objects:
        if obj is not None:
            obj._read_prefetched_translations()
