"""What the read API reads: public stories (and, for a key that may, scheduled ones), a page at a time.

Every list starts from ``Article.objects.published()`` as the site does; a key allowed to read
under embargo adds the scheduled stories (published, time still ahead) and nothing else: drafts,
stories in review and withdrawn stories never reach the API. A page is read on an index in
keyset order (``cursors``), and what a document shows beyond the story's own row comes in two
more queries: its translations, then its tags, cited sources and corrections together.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import DateTimeField, IntegerField, Q, QuerySet, TextField, Value, prefetch_related_objects
from django.db.models.functions import Cast

from articles.api.cursors import Cursor, Order
from articles.models import Article, Correction, Section, Tag, TaggedArticle
from articles.public import fragments, page_parts, selectors
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
    """The stories matching ``filters`` in their language, unordered (the page orders them)."""
    stories = readable_stories(embargoed=embargoed).filter(translations__language_code=filters.language)
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


def story_page(stories: QuerySet[Article], order: Order, cursor: Cursor | None, size: int) -> tuple[list[Article], bool]:
    """Up to ``size`` stories after ``cursor`` in ``order``, with their section and source, and whether more follow.

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
    rows = list(stories.select_related("section", "source").order_by(f"{sign}{field}", f"{sign}pk")[: size + 1])
    return rows[:size], len(rows) > size


def story_get(pk: int) -> Article | None:
    """Story ``pk`` whatever its state, with its section and source (the caller decides what it may see)."""
    return Article.objects.filter(pk=pk).select_related("section", "source").first()


def _extras_rows(ids: list[int], language: str) -> QuerySet:
    """One UNION ALL of the stories' tags, cited sources and corrections in ``language``, as
    ``(story id, kind, id, text, slug, date)`` rows: one query instead of three."""
    no_date = Cast(Value(None), DateTimeField())
    no_text = Cast(Value(""), TextField())
    tags = TaggedArticle.objects.filter(content_object_id__in=ids).values_list(
        "content_object_id", Value("tag"), Cast("tag_id", IntegerField()), Cast("tag__name", TextField()),
        Cast("tag__slug", TextField()), no_date,
    )
    cited = Article.cited_sources.through.objects.filter(article_id__in=ids).values_list(
        "article_id", Value("cited"), Cast("source_id", IntegerField()), no_text, no_text, no_date
    )
    corrections = Correction.objects.filter(article_id__in=ids, language=language).values_list(
        "article_id", Value("correction"), Cast("pk", IntegerField()), Cast("text", TextField()), no_text, "created_at"
    )
    return tags.order_by().union(cited.order_by(), corrections.order_by(), all=True)


@dataclass
class Extras:
    tags: list[tuple[str, str]]
    cited_ids: list[int]
    corrections: list[tuple[datetime, str]]


def load_documents_data(stories: list[Article], language: str) -> dict[int, Extras]:
    """Read what the documents of ``stories`` show beyond their rows: translations (one query),
    tags, cited sources and corrections (one more); sections and sources come kept per content
    generation (``page_parts.with_parents``), and so do the cited sources' names."""
    if not stories:
        return {}
    prefetch_related_objects(stories, "translations")
    page_parts.with_parents(stories)
    extras = {story.pk: Extras([], [], []) for story in stories}
    for story_id, kind, pk, text, slug, at in _extras_rows(list(extras), language):
        if kind == "tag":
            extras[story_id].tags.append((text, slug))
        elif kind == "cited":
            extras[story_id].cited_ids.append(pk)
        else:
            extras[story_id].corrections.append((at, text, pk))
    for item in extras.values():
        item.tags.sort()
        item.corrections = [(at, text) for at, text, _pk in sorted(item.corrections, key=lambda row: (row[0], row[2]))]
    return extras


def sources_by_id(ids: set[int]) -> dict[int, Source]:
    """The sources ``ids`` with their translations, kept per content generation (as the site keeps them)."""
    def build(missing: list) -> dict:
        found = list(Source.objects.filter(pk__in=[pk for _kind, pk in missing]))
        selectors.load_translations(found)
        return {("source", source.pk): source for source in found}

    kept = fragments.kept_many("parent", sorted(("source", pk) for pk in ids), build)
    return {pk: source for (_kind, pk), source in kept.items()}


def sections_in_order() -> list[Section]:
    """Active sections in their editorial order, with translations (the navigation's, kept)."""
    return list(page_parts.active_sections().values())


def tags_in_use(*, after: str | None, size: int) -> tuple[list[Tag], bool]:
    """Tags carried by a public story, by slug, after ``after``."""
    tags = selectors.tag_list_with_public_stories().order_by("slug")
    if after:
        tags = tags.filter(slug__gt=after)
    rows = list(tags[: size + 1])
    return rows[:size], len(rows) > size


def sources_in_order() -> list[Source]:
    """Every active source, by slug, with translations."""
    return list(Source.objects.filter(is_active=True).prefetch_related("translations").order_by("slug"))


def stories_by_id(ids: list[int]) -> list[Article]:
    """The public stories among ``ids`` (search results), with their section and source."""
    return list(Article.objects.published().filter(pk__in=ids).select_related("section", "source"))
