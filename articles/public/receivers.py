"""Decoupled side effects of content changes: the public page cache is emptied, the CDN purged."""

import threading

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from articles.models import (
    Article,
    Author,
    Contribution,
    Correction,
    GalleryItem,
    ListedStory,
    LiveCoverage,
    LiveEntry,
    Picture,
    Section,
    Tag,
    TaggedArticle,
)
from articles.newsroom.signals import article_transitioned
from articles.public import stored, stored_pages  # noqa: F401  (stored_pages registers its builders)
from articles.public.cache import invalidate_public_pages
from articles.public.purge import purge_article
from articles.public.tasks import make_picture_renditions, store_renderings
from sources.models import DisclaimerTemplate, Source
from sources.tasking import enqueue_now, enqueue_on_commit

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


# Stored renderings (``articles.public.stored``): each change raises the render stamp of the
# stories whose page it changes, in the same transaction, and renders them again after commit.
# Changes to many stories at once (a section renamed) leave them to the fill task.
RENDER_NOW_AT_MOST = 50


_pending = threading.local()


def _render_after_commit(pks) -> None:
    """Render ``pks`` again once the transaction commits, each once however many parts changed."""
    connection = transaction.get_connection()
    if not any(entry[1] is _enqueue_pending for entry in connection.run_on_commit):
        _pending.pks = set()  # a new transaction (what a rolled-back one left is dropped)
    _pending.pks = getattr(_pending, "pks", set()) | set(pks)
    transaction.on_commit(_enqueue_pending, robust=True)


def _enqueue_pending() -> None:
    # The first callback of a transaction takes every story; the others find nothing left.
    pks, _pending.pks = getattr(_pending, "pks", set()), set()
    if pks:
        enqueue_now(store_renderings, sorted(pks))


def _retire_one(pk: int) -> None:
    if Article.objects.filter(pk=pk, status=Article.Status.PUBLISHED).retire_renderings():
        _render_after_commit([pk])


def _retire(stories, *, many: bool = False) -> None:
    stories = stories.filter(status=Article.Status.PUBLISHED)
    pks = [] if many else list(stories.values_list("pk", flat=True)[: RENDER_NOW_AT_MOST + 1])
    if len(pks) > RENDER_NOW_AT_MOST or many:
        if stories.retire_renderings():
            transaction.on_commit(stored.restart_fill)
    elif pks:
        Article.objects.filter(pk__in=pks).retire_renderings()
        _render_after_commit(pks)


def _story_saved(*, instance, raw=False, **kwargs) -> None:
    if not raw and instance.status == Article.Status.PUBLISHED:
        _retire_one(instance.pk)


def _story_part_saved(*, instance, raw=False, **kwargs) -> None:
    """A translation, correction, tag, contributor or live coverage of one story."""
    if raw:
        return
    master = instance._state.fields_cache.get("master")
    if master is not None and master.status != Article.Status.PUBLISHED:
        return  # a draft's translation (ingest writes thousands): no rendering to retire
    pk = getattr(instance, "master_id", None) or getattr(instance, "article_id", None) or getattr(instance, "content_object_id", None)
    if pk is None and isinstance(instance, LiveEntry):
        pk = instance.coverage_id
    if pk is not None:
        _retire_one(pk)


def _shown_thing_saved(*, sender, instance, raw=False, created=False, **kwargs) -> None:
    """A section, tag, source, person, picture or disclaimer template, or one of their translations."""
    if raw or (created and sender in (Tag, Author, Picture, Source, Section)):
        return  # nothing shows a new one yet
    translated = getattr(sender, "shared_model", None) if hasattr(instance, "master_id") else None
    shown, pk = (translated, instance.master_id) if translated is not None else (sender, instance.pk)
    if pk is not None:
        stories, many = _showing(shown, pk)
        _retire(stories, many=many)


def _showing(shown, pk: int) -> tuple:
    """The stories whose page shows the ``shown`` (a model) ``pk``, and whether they may be many."""
    if shown is Section:
        return Article.objects.filter(section_id=pk), True
    if shown is Tag:
        return Article.objects.filter(pk__in=TaggedArticle.objects.filter(tag_id=pk).values("content_object_id")), False
    if shown is Source:
        cited = Article.cited_sources.through.objects.filter(source_id=pk).values("article_id")
        return Article.objects.filter(Q(source_id=pk) | Q(via_source_id=pk) | Q(pk__in=cited)), True
    if shown is Author:
        return Article.objects.filter(pk__in=Contribution.objects.filter(author_id=pk).values("article_id")), False
    if shown is Picture:
        gallery = GalleryItem.objects.filter(picture_id=pk).values("article_id")
        return Article.objects.filter(Q(picture_id=pk) | Q(pk__in=gallery)), False
    return Article.objects.filter(origin=Article.Origin.REPUBLISHED), True  # a disclaimer template


for _model in (Article._parler_meta.root_model, Correction, TaggedArticle, Contribution, LiveCoverage, LiveEntry):
    post_save.connect(_story_part_saved, sender=_model, dispatch_uid=f"stored-part-save-{_model._meta.label}")
    post_delete.connect(_story_part_saved, sender=_model, dispatch_uid=f"stored-part-delete-{_model._meta.label}")
post_save.connect(_story_saved, sender=Article, dispatch_uid="stored-story-save")
for _model in (Section, Tag, Source, Author, Picture, DisclaimerTemplate):
    for _shown in (_model, getattr(_model, "_parler_meta", None) and _model._parler_meta.root_model):
        if _shown is not None:
            post_save.connect(_shown_thing_saved, sender=_shown, dispatch_uid=f"stored-shown-save-{_shown._meta.label}")
            post_delete.connect(_shown_thing_saved, sender=_shown, dispatch_uid=f"stored-shown-delete-{_shown._meta.label}")


@receiver(m2m_changed, sender=Article.cited_sources.through, dispatch_uid="stored-cited-sources")
def _stored_cited_changed(*, instance, action, reverse, pk_set, **kwargs) -> None:
    if action.startswith("post_"):
        _retire(Article.objects.filter(pk__in=pk_set or ()) if reverse else Article.objects.filter(pk=instance.pk))


@receiver(article_transitioned, dispatch_uid="stored-transition")
def _stored_transition(*, article, **kwargs) -> None:
    # Published, withdrawn, restored...: rendered again, or its renderings dropped; a scheduled
    # story once its time has come.
    _render_after_commit([article.pk])
    if article.status == Article.Status.PUBLISHED and article.published_at and article.published_at > timezone.now():
        enqueue_on_commit(store_renderings, [article.pk], run_after=article.published_at)


# The public site's lists (``ListedStory``): a story's rows are written again, in the
# same transaction, whenever the story, one of its translations or its tags change.
def _listed_story_saved(*, instance, raw=False, created=False, **kwargs) -> None:
    if not raw and not (created and instance.status != Article.Status.PUBLISHED):  # a new draft is in no list
        ListedStory.objects.refresh([instance.pk])


def _listed_story_deleted(*, instance, **kwargs) -> None:
    ListedStory.objects.forget([instance.pk])


def _listed_part_changed(*, instance, raw=False, **kwargs) -> None:
    """A translation of a story (its languages) or one of its tags."""
    if raw:
        return
    story = instance._state.fields_cache.get("master") or instance._state.fields_cache.get("content_object")
    if story is not None and story.status != Article.Status.PUBLISHED:
        return  # a draft's translation or tag (ingest writes thousands): in no list
    ListedStory.objects.refresh([getattr(instance, "master_id", None) or getattr(instance, "content_object_id", None)])


post_save.connect(_listed_story_saved, sender=Article, dispatch_uid="listing-story-save")
post_delete.connect(_listed_story_deleted, sender=Article, dispatch_uid="listing-story-delete")
for _model in (Article._parler_meta.root_model, TaggedArticle):
    post_save.connect(_listed_part_changed, sender=_model, dispatch_uid=f"listing-part-save-{_model._meta.label}")
    post_delete.connect(_listed_part_changed, sender=_model, dispatch_uid=f"listing-part-delete-{_model._meta.label}")
