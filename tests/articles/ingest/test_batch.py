"""New items written a batch at a time: the same drafts as one by one, the same signals, and a
refused batch saved again item by item (issue 14)."""

import pytest
from django.db import IntegrityError, connection
from django.db.models.signals import post_save

from articles.ingest import services
from articles.ingest.services import ingest_file
from articles.models import Article, IngestedItem, Tag
from tests.factories import make_section

from .conftest import feed_path
from .factories import make_afp, make_feed, make_partner

pytestmark = pytest.mark.django_db

ArticleTranslation = Article._parler_meta.root_model
ITEM_SKIP = {"id", "article", "created_at"}
ARTICLE_SKIP = {"id", "created_at", "updated_at", "render_stamp"}


def _drafts() -> dict[str, dict]:
    """Every item with its draft, its translation, tags and cited sources, without ids and times."""
    found = {}
    for item in IngestedItem.objects.select_related("article").order_by("guid"):
        article = item.article
        translation = ArticleTranslation.objects.get(master=article)
        if item.published_guessed:
            item.published_at = None  # the run's own start, which differs from run to run
        found[item.guid] = {
            "item": {
                f.attname: getattr(item, f.attname)
                for f in IngestedItem._meta.concrete_fields
                if f.name not in ITEM_SKIP
            },
            "article": {
                f.attname: getattr(article, f.attname)
                for f in Article._meta.concrete_fields
                if f.name not in ARTICLE_SKIP
            },
            "translation": {
                f.attname: getattr(translation, f.attname)
                for f in ArticleTranslation._meta.concrete_fields
                if f.name not in {"id", "master"}
            },
            "tags": sorted(article.tags.names()),
            "cited": sorted(article.cited_sources.values_list("slug", flat=True)),
        }
    return found


def _ingest(partner, feed) -> tuple:
    run = ingest_file(feed_path("sham_rss.xml"), source=partner, feed=feed)
    return (run.items_new, run.items_duplicate, run.items_failed), _drafts()


def test_batched_drafts_are_the_drafts_saved_one_by_one(monkeypatch):
    make_section(name="أخبار سوريا")
    partner, _afp = make_partner(), make_afp()
    feed = make_feed(partner, default_tags=[Tag.objects.create(name="سوريا")])
    batched = _ingest(partner, feed)
    IngestedItem.objects.all().delete()
    Article.objects.all().delete()

    monkeypatch.setattr(type(connection.features), "can_return_rows_from_bulk_insert", False)
    one_by_one = _ingest(partner, feed)
    assert batched == one_by_one
    assert batched[0] == (3, 2, 0) and any(draft["cited"] for draft in batched[1].values())


def test_every_batched_draft_and_translation_is_announced_as_saved():
    saved = []

    def heard(sender, instance, created, **kwargs):
        saved.append((sender, created))

    post_save.connect(heard, sender=Article, dispatch_uid="test-batch-article")
    post_save.connect(heard, sender=ArticleTranslation, dispatch_uid="test-batch-translation")
    try:
        ingest_file(feed_path("sham_rss.xml"), source=make_partner())
    finally:
        post_save.disconnect(dispatch_uid="test-batch-article", sender=Article)
        post_save.disconnect(dispatch_uid="test-batch-translation", sender=ArticleTranslation)
    assert sorted(saved, key=str) == sorted([(Article, True)] * 3 + [(ArticleTranslation, True)] * 3, key=str)


def test_a_refused_batch_is_saved_again_item_by_item(monkeypatch):
    real = services.write_new_items
    batches = []

    def written_then_refused(news, **kwargs):
        # As when another run takes one of the items just before this batch commits.
        batches.append(len(news))
        real(news, **kwargs)
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(services, "write_new_items", written_then_refused)
    run = ingest_file(feed_path("sham_rss.xml"), source=make_partner())
    assert batches == [3]
    assert (run.items_seen, run.items_new, run.items_duplicate, run.items_failed) == (5, 3, 2, 0)
    assert IngestedItem.objects.count() == Article.objects.count() == ArticleTranslation.objects.count() == 3
