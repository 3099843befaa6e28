"""An ingest run's batch work: the items a document may repeat, read in a few queries, and its
new drafts and items written a few hundred at a time.

The batch insert does what ``Article.save`` and ``IngestedItem.save`` do one by one (the same
preparation of each row and translation, the same signals, so the search index, the page cache
and the stored renderings hear of every draft), in a handful of statements instead of five per item.
"""

from dataclasses import dataclass

from django.db import router
from django.db.models import Model, Q
from django.db.models.signals import post_save, pre_save
from parler.cache import _cache_translation, is_missing
from parler.signals import post_translation_save, pre_translation_save

from articles.ingest.parse import Entry
from articles.models import Article, IngestedItem, Tag
from sources.models import Source


class KnownItems:
    """The items a document's entries may repeat (same source and GUID, or same address), read in
    one query per few hundred entries before the first is ingested, and kept current as the run adds
    items. The database's unique constraints still decide when another run races this one."""

    BATCH = 500
    FIELDS = ("pk", "source_id", "guid_key", "url_key", "content_key")

    def __init__(self, source: Source, keys: list[dict[str, str]]):
        self.source_id = source.pk
        self.by_guid: dict[str, IngestedItem] = {}
        self.by_url: dict[str, IngestedItem] = {}
        guids = sorted({k["guid_key"] for k in keys})
        urls = sorted({k["url_key"] for k in keys if k["url_key"]})
        for start in range(0, max(len(guids), len(urls)), self.BATCH):
            condition = Q(source=source, guid_key__in=guids[start : start + self.BATCH])
            if urls[start : start + self.BATCH]:
                condition |= Q(url_key__in=urls[start : start + self.BATCH])
            for item in IngestedItem.objects.filter(condition).only(*self.FIELDS).order_by("pk"):
                self.add(item)

    def add(self, item: IngestedItem) -> None:
        if item.source_id == self.source_id:
            self.by_guid.setdefault(item.guid_key, item)
        if item.url_key:
            self.by_url.setdefault(item.url_key, item)

    def find(self, keys: dict[str, str]) -> IngestedItem | None:
        """The oldest item with the entry's GUID (from this source) or its address, as _find_existing."""
        found = [self.by_guid.get(keys["guid_key"]), self.by_url.get(keys["url_key"]) if keys["url_key"] else None]
        found = [item for item in found if item is not None]
        return min(found, key=lambda item: item.pk) if found else None


@dataclass
class NewItem:
    """A new entry's item and draft, built and checked, not yet written."""

    entry: Entry
    item: IngestedItem
    article: Article
    cited: list[int]


class PendingItems:
    """New items held back to be written together, and the entries that repeat them. They are
    younger than any item already in the database, so an entry repeating one of them (its GUID or
    address) is a duplicate once it is written."""

    SIZE = 200

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.items: list[NewItem] = []
        self.guid_keys: set[str] = set()
        self.url_keys: set[str] = set()

    def __len__(self) -> int:
        return len(self.entries)

    def add(self, new: NewItem) -> str:
        self.entries.append(new.entry)
        self.items.append(new)
        self.guid_keys.add(new.item.guid_key)
        if new.item.url_key:
            self.url_keys.add(new.item.url_key)
        return "pending"

    def add_repeat(self, entry: Entry) -> str:
        self.entries.append(entry)
        return "pending"

    def holds(self, keys: dict[str, str]) -> bool:
        return keys["guid_key"] in self.guid_keys or bool(keys["url_key"] and keys["url_key"] in self.url_keys)

    def take(self) -> tuple[list[Entry], list[NewItem]]:
        """Every entry held back (in document order) and the new items among them; empties the batch."""
        taken = self.entries, self.items
        self.__init__()
        return taken


def write_new_items(news: list[NewItem], *, tags: list[Tag]) -> None:
    """Write the drafts (with their translations, tags and cited sources) and then the items, as
    the one-by-one path does, in one insert per table. Call inside a transaction."""
    articles = [new.article for new in news]
    for article in articles:
        article.prepare_save()
    _insert(Article, articles)
    _insert_translations(articles)
    if tags:
        for article in articles:
            article.tags.add(*tags)
    # New drafts cite nothing yet and are not public: the links need no look-up and no m2m signal.
    link = Article.cited_sources.through
    link.objects.bulk_create([link(article_id=new.article.pk, source_id=pk) for new in news for pk in new.cited])
    for new in news:
        new.item.article = new.article
    _insert(IngestedItem, [new.item for new in news])


def _insert(model: type[Model], rows: list[Model]) -> None:
    """``bulk_create`` with the ``pre_save`` and ``post_save`` signals ``save`` would have sent."""
    using = router.db_for_write(model)
    for row in rows:
        pre_save.send(sender=model, instance=row, raw=False, using=using, update_fields=None)
    model._default_manager.bulk_create(rows)
    for row in rows:
        post_save.send(sender=model, instance=row, created=True, update_fields=None, raw=False, using=using)


def _insert_translations(articles: list[Article]) -> None:
    """What parler's ``save_translations`` does for new drafts (``Article.prepare_translation``
    first, its signals and its cache after), one insert for them all."""
    translations = []
    for article in articles:
        for meta in article._parler_meta:
            for translation in article._translations_cache[meta.model].values():
                if is_missing(translation):
                    continue
                article.prepare_translation(translation)
                translation._state.db = article._state.db
                translation.master = article
                translations.append(translation)
    if not translations:
        return
    model = type(translations[0])
    using = router.db_for_write(model)
    for translation in translations:
        pre_translation_save.send(sender=translation.shared_model, instance=translation, raw=False, using=using)
    _insert(model, translations)
    for translation in translations:
        translation._original_values = translation._get_field_values()
        _cache_translation(translation)
        post_translation_save.send(
            sender=translation.shared_model, instance=translation, created=True, raw=False, using=using
        )
