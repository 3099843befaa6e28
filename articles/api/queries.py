"""What the read API reads: public stories (and, for a key that may, scheduled ones), a page at a time.

Every list starts from ``Article.objects.published()`` as the site does; a key allowed to read
under embargo adds the scheduled stories (published, time still ahead) and nothing else: drafts,
stories in review and withdrawn stories never reach the API. A page is read on an index in
keyset order (``cursors``), and what a document shows beyond the story's own row comes in two
more queries, whatever the number of stories: their translations, then the names of their
sections and sources, their tags, cited sources and corrections together.
"""

import functools
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import connections
from django.db.models import OuterRef, Q, QuerySet, Subquery, TextField, Value, prefetch_related_objects

from articles.api.cursors import Cursor, Order
from articles.models import Article, Correction, Section, Tag, TaggedArticle
from articles.public import fragments, page_parts, selectors, stored
from sources.models import Source


@dataclass(frozen=True)
class StoryFilters:
    """What a client narrowed the list to; ``None`` leaves a filter out."""

    language: str
    section: Section | None = None
    tag: Tag | None = None
    source: Source | None = None
    origin: str | None = None
    since: datetime | None = None


def readable_stories(*, embargoed: bool) -> QuerySet[Article]:
    """Stories the API may show: public ones, and with ``embargoed`` scheduled ones too."""
    if embargoed:
        return Article.objects.filter(status=Article.Status.PUBLISHED)
    return Article.objects.published()


def story_list(filters: StoryFilters, *, embargoed: bool) -> QuerySet[Article]:
    """The stories matching ``filters`` in their language, unordered (the page orders them).

    A list of changes (``since``) also names the stories withdrawn since, so a client keeping a
    copy learns to take them down (they are shown as tombstones).
    """
    stories = readable_stories(embargoed=embargoed)
    if filters.since is not None:
        stories = stories | Article.objects.filter(status=Article.Status.WITHDRAWN)
    stories = stories.filter(translations__language_code=filters.language)
    if filters.section is not None:
        stories = stories.filter(section=filters.section)
    if filters.tag is not None:
        stories = stories.filter(tags=filters.tag)
    if filters.source is not None:
        stories = stories.filter(source=filters.source)
    if filters.origin is not None:
        stories = stories.filter(origin=filters.origin)
    if filters.since is not None:
        stories = stories.filter(updated_at__gt=filters.since)
    return stories


def story_page(
    stories: QuerySet[Article], order: Order, cursor: Cursor | None, size: int, *, language: str
) -> tuple[list[Article], bool]:
    """Up to ``size`` stories after ``cursor`` in ``order``, with their source, and whether more follow.

    Keyset paging: the page starts strictly after the last story the client saw, so a story
    published meanwhile is never repeated and pushes nothing out of the pages still to come.
    """
    field = order.field
    if cursor is not None:
        after = "gt" if order.ascending else "lt"
        stories = stories.filter(
            Q(**{f"{field}__{after}": cursor.value}) | Q(**{field: cursor.value, f"pk__{after}": cursor.pk})
        )
    sign = "" if order.ascending else "-"
    rows = list(with_stored_documents(stories, language).select_related("source").order_by(f"{sign}{field}", f"{sign}pk")[: size + 1])
    return rows[:size], len(rows) > size


def with_stored_documents(stories: QuerySet[Article], language: str) -> QuerySet[Article]:
    """``stories`` each with ``stored_document``: its current stored document in ``language`` (JSON
    text, addresses on ``stored.ORIGIN``), or None; read in the same query as the stories."""
    if not fragments.enabled():
        return stories.annotate(stored_document=Value(None, output_field=TextField()))
    documents = stored.current("api", language).filter(article_id=OuterRef("pk")).values("content")[:1]
    return stories.annotate(stored_document=Subquery(documents, output_field=TextField()))


def story_get(pk: int) -> Article | None:
    """Story ``pk`` whatever its state, with its source (the caller decides what it may see)."""
    return Article.objects.filter(pk=pk).select_related("source").first()


def _tables() -> dict[str, str]:
    section_translation = Section._parler_meta.root_model._meta.db_table
    return {
        "article": Article._meta.db_table,
        "section_tr": section_translation,
        "source": Source._meta.db_table,
        "source_tr": Source._parler_meta.root_model._meta.db_table,
        "tagged": TaggedArticle._meta.db_table,
        "tag": Tag._meta.db_table,
        "tag_tr": Tag._parler_meta.root_model._meta.db_table,
        "cited": Article.cited_sources.through._meta.db_table,
        "correction": Correction._meta.db_table,
    }


@functools.lru_cache(maxsize=128)
def _extras_sql(count: int) -> str:
    """The UNION ALL of ``_extras_rows`` for ``count`` stories. Written once per page size: built
    with the ORM, its five branches took longer to compile than the database took to answer."""
    ids = ", ".join(["%s"] * count)
    return (
        # The first branch names the date column's type: PostgreSQL types a UNION branch by branch.
        "SELECT a.id, 'section', a.section_id, st.name, st.slug, CAST(NULL AS timestamp with time zone), st.language_code "
        "FROM {article} a JOIN {section_tr} st ON st.master_id = a.section_id WHERE a.id IN ({ids}) "
        "UNION ALL SELECT a.id, 'source', s.id, srt.name, s.slug, NULL, srt.language_code "
        "FROM {article} a JOIN {source} s ON s.id = a.source_id JOIN {source_tr} srt ON srt.master_id = s.id "
        "WHERE a.id IN ({ids}) "
        # The partner that carried it to us (articles.Article.via_source), when it is not the origin.
        "UNION ALL SELECT a.id, 'via', s.id, srt.name, s.slug, NULL, srt.language_code "
        "FROM {article} a JOIN {source} s ON s.id = a.via_source_id JOIN {source_tr} srt ON srt.master_id = s.id "
        "WHERE a.id IN ({ids}) AND a.via_source_id <> a.source_id "
        # A tag's name as written (Arabic), or its translation in the document's language when it has one.
        "UNION ALL SELECT ta.content_object_id, 'tag', t.id, COALESCE(NULLIF(tt.translated_name, ''), t.name), t.slug, NULL, '' "
        "FROM {tagged} ta JOIN {tag} t ON t.id = ta.tag_id "
        "LEFT JOIN {tag_tr} tt ON tt.master_id = t.id AND tt.language_code = %s WHERE ta.content_object_id IN ({ids}) "
        "UNION ALL SELECT cs.article_id, 'cited', s.id, srt.name, s.slug, NULL, srt.language_code "
        "FROM {cited} cs JOIN {source} s ON s.id = cs.source_id JOIN {source_tr} srt ON srt.master_id = s.id "
        "WHERE cs.article_id IN ({ids}) "
        "UNION ALL SELECT c.article_id, 'correction', c.id, c.text, '', c.created_at, '' "
        "FROM {correction} c WHERE c.article_id IN ({ids}) AND c.language = %s"
    ).format(ids=ids, **_tables())


def _extras_rows(ids: list[int], language: str) -> list[tuple]:
    """One UNION ALL of what the documents of stories ``ids`` show beyond their rows, as
    ``(story id, kind, id, text, slug, date, language)``: the names of their section, source and
    partner in every language, their tags (named in ``language`` where translated), the names of the sources they cite, and their corrections in
    ``language``. One query where related objects would take six."""
    with connections[Article.objects.db].cursor() as cursor:
        cursor.execute(_extras_sql(len(ids)), [*ids * 3, language, *ids * 3, language])
        return [(*row[:5], selectors.as_db_datetime(row[5], using=Article.objects.db), row[6]) for row in cursor.fetchall()]


@dataclass
class Names:
    """A section's or source's slug and its name in each language it has."""

    slug: str = ""
    names: dict[str, str] = field(default_factory=dict)
    slugs: dict[str, str] = field(default_factory=dict)

    def name(self, language: str) -> str:
        """The name in ``language``, else in the site's language, else in any; the slug at worst."""
        for code in (language, settings.LANGUAGE_CODE, *sorted(self.names)):
            if self.names.get(code):
                return self.names[code]
        return self.slug

    def slug_in(self, language: str) -> str:
        """The slug in ``language`` (a section's differs per language), falling back as ``name`` does."""
        for code in (language, settings.LANGUAGE_CODE, *sorted(self.slugs)):
            if self.slugs.get(code):
                return self.slugs[code]
        return self.slug


@dataclass
class Extras:
    section: Names | None = None
    source: Names | None = None
    via: Names | None = None
    tags: list[tuple[str, str]] = field(default_factory=list)
    cited: dict[int, Names] = field(default_factory=dict)
    corrections: list[tuple[datetime, str]] = field(default_factory=list)


def _add_row(item: Extras, kind: str, pk: int, text: str, slug: str, at, language: str) -> None:
    if kind == "tag":
        item.tags.append((text, slug))
    elif kind == "correction":
        item.corrections.append((at, text, pk))
    else:
        if kind == "cited":
            names = item.cited.setdefault(pk, Names(slug=slug))
        else:
            names = getattr(item, kind) or Names(slug=slug if kind in ("source", "via") else "")
            setattr(item, kind, names)
        names.names[language] = text
        if kind == "section":
            names.slugs[language] = slug


def load_documents_data(stories: list[Article], language: str) -> dict[int, Extras]:
    """Read what the documents of ``stories`` show beyond their rows, in two queries: their
    translations, then everything else (``_extras_rows``)."""
    if not stories:
        return {}
    prefetch_related_objects(stories, "translations")
    extras = {story.pk: Extras() for story in stories}
    for row in _extras_rows(list(extras), language):
        _add_row(extras[row[0]], *row[1:])
    for item in extras.values():
        item.tags.sort()
        item.corrections = [(at, text) for at, text, _pk in sorted(item.corrections, key=lambda row: (row[0], row[2]))]
        item.cited = dict(sorted(item.cited.items(), key=lambda pair: pair[1].slug))
    return extras


def sections_in_order() -> list[Section]:
    """Active sections in their editorial order, with translations (the navigation's, kept)."""
    return list(page_parts.active_sections().values())


def tags_in_use(*, after: str | None, size: int, language: str) -> tuple[list[Tag], bool]:
    """Tags carried by a public story, by slug, after ``after`` (with their translations on another
    edition than the site's own, where names may be translated)."""
    tags = selectors.tag_list_with_public_stories().order_by("slug")
    if language != settings.PARLER_DEFAULT_LANGUAGE_CODE:
        tags = tags.prefetch_related("translations")
    if after:
        tags = tags.filter(slug__gt=after)
    rows = list(tags[: size + 1])
    return rows[:size], len(rows) > size


def sources_in_order() -> list[Source]:
    """Every active source, by slug, with translations."""
    return list(Source.objects.filter(is_active=True).prefetch_related("translations").order_by("slug"))


def stories_by_id(ids: list[int]) -> list[Article]:
    """The public stories among ``ids`` (search results), with their section and source."""
    return list(Article.objects.published().filter(pk__in=ids).select_related("source"))
