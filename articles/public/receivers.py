"""Decoupled side effects of content changes: the public page cache is emptied, the CDN purged."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from articles.models import (
    Article,
    Author,
    Contribution,
    Correction,
    LiveCoverage,
    LiveEntry,
    Picture,
    Section,
    Tag,
    TaggedArticle,
)
from articles.newsroom.signals import article_transitioned
from articles.public.cache import invalidate_public_pages
from articles.public.purge import purge_article
from articles.public.tasks import make_picture_renditions
from sources.models import DisclaimerTemplate, Source
from sources.tasking import enqueue_on_commit

_CONTENT_MODELS = (
    Article,
    Picture,
    Picture._parler_meta.root_model,
    Article._parler_meta.root_model,
    Correction,
    LiveCoverage,
    LiveEntry,
    Section,
    Section._parler_meta.root_model,
    Tag,
    Tag._parler_meta.root_model,
    TaggedArticle,
    Author,
    Author._parler_meta.root_model,
    Contribution,
    Source,
    Source._parler_meta.root_model,
    DisclaimerTemplate,
)


def _content_changed(**kwargs) -> None:
    # Once now, and once more after the transaction commits, so a page rendered meanwhile from
    # the old rows is not kept.
    invalidate_public_pages()
    transaction.on_commit(invalidate_public_pages)


for _model in _CONTENT_MODELS:
    post_save.connect(_content_changed, sender=_model, dispatch_uid=f"public-cache-save-{_model._meta.label}")
    post_delete.connect(_content_changed, sender=_model, dispatch_uid=f"public-cache-delete-{_model._meta.label}")


@receiver(m2m_changed, sender=Article.cited_sources.through, dispatch_uid="public-cache-cited-sources")
def _cited_sources_changed(**kwargs) -> None:
    _content_changed()


@receiver(post_save, sender=Picture, dispatch_uid="picture-renditions")
def _picture_saved(*, instance, raw=False, **kwargs) -> None:
    # Every format of every crop, made in the background once the picture is committed.
    if not raw and instance.file:
        enqueue_on_commit(make_picture_renditions, instance.pk)


@receiver(article_transitioned, dispatch_uid="public-cache-transition")
def _article_transitioned(**kwargs) -> None:
    invalidate_public_pages()


@receiver(article_transitioned, dispatch_uid="cdn-purge-transition")
def _purge_cdn(*, article, **kwargs) -> None:
    purge_article(article)
