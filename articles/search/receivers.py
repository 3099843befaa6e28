"""Keep the search index current: any change that alters what a story says re-indexes it on commit.

The receivers only collect article ids; the index is rebuilt once per id after the transaction
commits (``transaction.on_commit``), so a rolled-back edit never reaches the index and an admin
save that touches the article, two translations and its tags re-indexes it once.
"""

import threading
from collections.abc import Iterable

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from articles.models import Article, Tag, TaggedArticle
from articles.search.engine import index_articles
from sources.models import Source, SourceAlias

ArticleTranslation = Article._parler_meta.root_model
SourceTranslation = Source._parler_meta.root_model

_pending = threading.local()


def schedule_index(article_ids: Iterable[int]) -> None:
    """Re-index these articles once the current transaction commits (at once outside one)."""
    ids = {pk for pk in article_ids if pk is not None}
    if not ids:
        return
    if not hasattr(_pending, "ids"):
        _pending.ids = set()
    _pending.ids |= ids
    # One flush per call; after the first flush of a commit the others find nothing left to do.
    # Ids left behind by a rolled-back transaction are re-indexed (harmlessly) with the next flush.
    # Robust: the edit is already committed, so an indexing failure is logged, not shown to the
    # editor as an error; `manage.py rebuild_search_index` repairs the index.
    transaction.on_commit(_flush, robust=True)


def _flush() -> None:
    ids = getattr(_pending, "ids", set())
    _pending.ids = set()
    if ids:
        index_articles(ids)


@receiver(post_save, sender=Article, dispatch_uid="search_article_saved")
def _article_saved(sender, instance: Article, raw: bool = False, **kwargs) -> None:
    if not raw:
        schedule_index([instance.pk])


@receiver(post_save, sender=ArticleTranslation, dispatch_uid="search_translation_saved")
@receiver(post_delete, sender=ArticleTranslation, dispatch_uid="search_translation_deleted")
def _translation_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        schedule_index([instance.master_id])


@receiver(post_save, sender=TaggedArticle, dispatch_uid="search_tagging_saved")
@receiver(post_delete, sender=TaggedArticle, dispatch_uid="search_tagging_deleted")
def _tagging_changed(sender, instance: TaggedArticle, raw: bool = False, **kwargs) -> None:
    if not raw:
        schedule_index([instance.content_object_id])


@receiver(m2m_changed, sender=TaggedArticle, dispatch_uid="search_tags_changed")
def _tags_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if isinstance(instance, Article):
        schedule_index([instance.pk])
    elif pk_set:
        schedule_index(pk_set)


@receiver(post_save, sender=Tag, dispatch_uid="search_tag_renamed")
def _tag_saved(sender, instance: Tag, created: bool, raw: bool = False, **kwargs) -> None:
    if not created and not raw:
        schedule_index(TaggedArticle.objects.filter(tag=instance).values_list("content_object_id", flat=True))


@receiver(post_save, sender=SourceTranslation, dispatch_uid="search_source_renamed")
def _source_renamed(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        schedule_index(Article.objects.filter(source_id=instance.master_id).values_list("pk", flat=True))


@receiver(post_save, sender=SourceAlias, dispatch_uid="search_alias_saved")
@receiver(post_delete, sender=SourceAlias, dispatch_uid="search_alias_deleted")
def _alias_changed(sender, instance: SourceAlias, raw: bool = False, **kwargs) -> None:
    if not raw:
        schedule_index(Article.objects.filter(source_id=instance.source_id).values_list("pk", flat=True))
