"""What the public site reads: one query plan per page, whatever the number of rows.

Every list starts from ``ArticleQuerySet.published()`` and keeps only stories translated into
the page's language, so drafts, stories in review, scheduled stories before their time and
withdrawn stories never reach a reader, and English pages never show Arabic-only stories.
Related rows (translations, section, source, tags) come in a fixed number of extra queries.
"""

import functools
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import connections
from django.db.models import Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Window, prefetch_related_objects
from django.db.models.functions import RowNumber
from django.utils import timezone

from articles.models import Article, Author, Contribution, Correction, ListedStory, Section, Tag, TaggedArticle
from sources.models import Source

SECTION_BLOCK_SIZE = 4
RELATED_COUNT = 4
FEED_SIZE = 30


def article_list_published(*, language: str) -> QuerySet[Article]:
    """Public stories that exist in ``language``, newest first, with what a story card shows."""
    return (
        Article.objects.published()
        .filter(translations__language_code=language)
        .select_related("section", "source")
        .prefetch_related("translations", "section__translations", "source__translations")
        .order_by("-published_at", "-pk")
    )


def with_translations(translations: QuerySet) -> list:
    """The objects ``translations`` (a parler translation queryset) belong to, in the order their
    first translation comes, each with all its translations as if prefetched: objects and their
    names in one query, where ``prefetch_related("translations")`` takes two. ``translations``
    must hold every translation of each object it names."""
    rows = list(translations.select_related("master"))
    masters: dict[int, object] = {}
    grouped: dict[int, list] = {}
    for row in rows:
        row.master = masters.setdefault(row.master_id, row.master)
        grouped.setdefault(row.master_id, []).append(row)
    model = type(rows[0]) if rows else None
    for pk, master in masters.items():
        prefetched = model.objects.filter(master=master)
        prefetched._result_cache, prefetched._prefetch_done = grouped[pk], True
        master._prefetched_objects_cache = {"translations": prefetched}
    return list(masters.values())


def section_list_for_nav() -> list[Section]:
    """Active sections in their editorial order, for the navigation bar, with their names (one query)."""
    translations = Section._parler_meta.root_model.objects.filter(master__is_active=True)
    return with_translations(translations.order_by("master__ordering", "master_id", "language_code"))


def breaking_articles(*, language: str) -> list[Article]:
    """Breaking stories still inside the strip's window (``BREAKING_NEWS_HOURS``), with their
    translations, in one query."""
    since = timezone.now() - timedelta(hours=settings.BREAKING_NEWS_HOURS)
    newest = (
        Article.objects.published()
        .filter(is_breaking=True, published_at__gte=since, translations__language_code=language)
        .order_by("-published_at", "-pk")
        .values("pk")[:5]
    )
    translations = Article._parler_meta.root_model.objects.filter(master__in=Subquery(newest))
    return with_translations(translations.order_by("-master__published_at", "-master_id", "language_code"))


@dataclass
class SectionBlock:
    section: Section
    articles: list[Article] = field(default_factory=list)


# The home page's section blocks look this far back first; older stories are read only for
# sections that published fewer than SECTION_BLOCK_SIZE stories in that time.
SECTION_BLOCK_HORIZON = timedelta(days=30)


def _ranked_section_stories(*, language: str, exclude: list[int], condition: Q) -> list[Article]:
    """The newest SECTION_BLOCK_SIZE stories per section among those matching ``condition``."""
    return list(
        article_list_published(language=language)
        .filter(condition, section__is_active=True)
        .exclude(pk__in=list(exclude))
        .annotate(
            rank=Window(
                expression=RowNumber(),
                partition_by=[F("section_id")],
                order_by=[F("published_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=SECTION_BLOCK_SIZE)
        .order_by("section__ordering", "section_id", "rank")
    )


def home_section_blocks(*, language: str, exclude: list[int] = (), sections: list[Section] | None = None) -> list[SectionBlock]:
    """The newest few stories of every active section, in one query (a window per section).

    The window runs over the last SECTION_BLOCK_HORIZON only, so its cost follows the newsroom's
    output rather than the archive's size. With ``sections`` (the active sections, as the
    navigation has them) a section short of stories in that time is completed from older ones
    in a second query; without it, blocks hold what the horizon has.
    """
    since = timezone.now() - SECTION_BLOCK_HORIZON
    stories = _ranked_section_stories(language=language, exclude=exclude, condition=Q(published_at__gte=since))
    if sections is not None:
        found: dict[int, int] = {}
        for article in stories:
            found[article.section_id] = found.get(article.section_id, 0) + 1
        short = [section.pk for section in sections if found.get(section.pk, 0) < SECTION_BLOCK_SIZE]
        if short:
            older = _ranked_section_stories(
                language=language, exclude=exclude, condition=Q(published_at__lt=since, section__in=short)
            )
            for article in older:
                if found.get(article.section_id, 0) < SECTION_BLOCK_SIZE:
                    found[article.section_id] = found.get(article.section_id, 0) + 1
                    stories.append(article)
    order = {section.pk: n for n, section in enumerate(sections or [])}
    stories.sort(key=lambda a: (order.get(a.section_id, len(order)), a.section.ordering, a.section_id, -a.published_at.timestamp(), -a.pk))
    blocks: dict[int, SectionBlock] = {}
    for article in stories:
        block = blocks.setdefault(article.section_id, SectionBlock(section=article.section))
        block.articles.append(article)
    return list(blocks.values())


def section_get_active(*, slug: str) -> Section | None:
    """The active section with ``slug`` in any language."""
    return (
        Section.objects.filter(is_active=True, translations__slug=slug)
        .prefetch_related("translations")
        .distinct()
        .first()
    )


def tag_get(*, slug: str, language: str) -> Tag | None:
    """The tag ``slug``, with its translations for the editions that show them."""
    tags = Tag.objects.filter(slug=slug)
    if language != settings.PARLER_DEFAULT_LANGUAGE_CODE:
        tags = tags.prefetch_related("translations")
    return tags.first()


def source_get(*, slug: str) -> Source | None:
    return Source.objects.filter(slug=slug).prefetch_related("translations").first()


def author_get(*, slug: str) -> Author | None:
    """The author profile ``slug`` with its translations (its name and biography in every edition),
    in one query."""
    found = with_translations(Author._parler_meta.root_model.objects.filter(master__slug=slug))
    return found[0] if found else None  # every profile has a name in some language


def _credits(author) -> Exists:
    return Exists(Contribution.objects.filter(article=OuterRef("pk"), author=author))


def article_list_for_author(*, author: Author, language: str) -> QuerySet[Article]:
    """Public stories ``author`` is credited on, in any role (a semi-join: one row per story)."""
    return article_list_published(language=language).filter(_credits(author))


def article_list_for_section(*, section: Section, language: str) -> QuerySet[Article]:
    return article_list_published(language=language).filter(section=section)


def article_list_for_tag(*, tag: Tag, language: str) -> QuerySet[Article]:
    return article_list_published(language=language).filter(tags=tag)


def article_list_for_source(*, source: Source, language: str) -> QuerySet[Article]:
    return article_list_published(language=language).filter(source=source)


@dataclass
class ArticleLookup:
    """The outcome of looking a story up by id: shown, gone (withdrawn) or not found."""

    article: Article | None
    gone: bool = False


def _article_page_queryset(*, pk: int, language: str) -> QuerySet[Article]:
    """Story ``pk`` with its translations and tags, and whether it has corrections in ``language``
    or cited sources (most stories have neither, so neither costs a query then). The translations
    of its section and source come from the kept parents (``page_parts.with_parents``)."""
    return (
        Article.objects.filter(pk=pk)
        # "live": the story's live coverage, if any (articles.public.live); the lead picture's rights
        # (JSON-LD): both in the same query.
        .select_related("section", "source", "via_source", "live", "picture")
        .annotate(
            has_corrections=Exists(Correction.objects.filter(article=OuterRef("pk"), language=language)),
            has_cited_sources=Exists(Article.cited_sources.through.objects.filter(article=OuterRef("pk"))),
        )
        .prefetch_related("translations", "tags", *_tag_translations(language))
    )


def _tag_translations(language: str) -> tuple[str, ...]:
    """The tags' translations, read for the editions that show them (``Tag.display_name``)."""
    return () if language == settings.PARLER_DEFAULT_LANGUAGE_CODE else ("tags__translations",)


def _load_page_extras(article: Article, *, language: str) -> Article:
    """The story's corrections in ``language`` and its cited sources, read only when it has any."""
    lookups = []
    if article.has_cited_sources:
        lookups.append(Prefetch("cited_sources", queryset=Source.objects.prefetch_related("translations").order_by("slug")))
    else:
        article._prefetched_objects_cache["cited_sources"] = Source.objects.none()
    if article.has_corrections:
        corrections = Correction.objects.filter(language=language).order_by("created_at", "pk")
        lookups.append(Prefetch("corrections", queryset=corrections, to_attr="reader_corrections"))
    else:
        article.reader_corrections = []
    if article.via_source_id:
        lookups.append("via_source__translations")
    prefetch_related_objects([article], *lookups)
    return article


def article_get_public(*, pk: int, language: str) -> ArticleLookup:
    """The story ``pk`` as readers may see it in ``language``, with everything its page shows."""
    article = _article_page_queryset(pk=pk, language=language).first()
    if article is None:
        return ArticleLookup(article=None)
    if article.is_withdrawn:
        return ArticleLookup(article=None, gone=True)
    if not article.is_public() or language not in article.get_available_languages():
        return ArticleLookup(article=None)
    return ArticleLookup(article=_load_page_extras(article, language=language))


def article_get_for_preview(*, pk: int, language: str) -> Article | None:
    """Story ``pk`` whatever its state, loaded as its public page would load it (previews only)."""
    article = _article_page_queryset(pk=pk, language=language).first()
    return None if article is None else _load_page_extras(article, language=language)


def load_translations(objects: list) -> None:
    """Read the translations of ``objects`` (sections or sources, one model at a time) in one query."""
    if objects:
        prefetch_related_objects(objects, "translations")


def article_list_for_cards(*, language: str) -> QuerySet[Article]:
    """Public stories in ``language`` with their translations, sections and sources: what a card
    shows but the translations of the section and source, kept (``page_parts.with_parents``)."""
    return (
        Article.objects.published()
        .filter(translations__language_code=language)
        .select_related("section", "source")
        .prefetch_related("translations")
    )


def article_status_for_short_link(*, pk: int) -> ArticleLookup:
    """A story looked up by id alone, for the short share link (translations only)."""
    article = Article.objects.filter(pk=pk).prefetch_related("translations").first()
    if article is None:
        return ArticleLookup(article=None)
    if article.is_withdrawn:
        return ArticleLookup(article=None, gone=True)
    if not article.is_public():
        return ArticleLookup(article=None)
    return ArticleLookup(article=article)


# Related stories: the newest public stories sharing a tag or the section. The newest few of each
# section and each tag are read from the kept lists (``articles.models.listing``, kept per content
# generation by ``page_parts``, shared by every story of that section or tag); a story's related
# list is merged from them, so no story's page sorts the archive.
Newest = list[tuple[int, object]]


@functools.cache
def _newest_sql(groups: int) -> str:
    """The newest stories of ``groups`` lists, each its own ``ORDER BY published_at DESC LIMIT``
    on the lists' index (a branch of a UNION ALL), as ``(branch, id, published_at)``. Hand-written:
    compiling it with the ORM took longer than answering it."""
    branch = (
        "SELECT {n} AS grp, g{n}.* FROM (SELECT article_id, published_at FROM {table} "  # noqa: S608 - names, values bound
        "WHERE kind = %s AND group_id = %s AND language = %s AND published_at <= %s "
        "ORDER BY published_at DESC, article_id DESC LIMIT %s) g{n}"
    )
    # Each branch wrapped in a subquery, so SQLite takes a LIMIT in a branch of a compound query too.
    return " UNION ALL ".join(branch.format(n=n, table=ListedStory._meta.db_table) for n in range(groups))


def newest_by_group(*, section_ids=(), tag_ids=(), language: str, count: int = RELATED_COUNT + 1) -> dict:
    """``{("section", id) or ("tag", id): [(story id, published_at)]}``: the newest ``count`` public
    stories in ``language`` of each section and each tag, newest first, in one query."""
    groups = [("section", pk) for pk in section_ids] + [("tag", pk) for pk in tag_ids]
    if not groups:
        return {}
    using = ListedStory.objects.db
    now = _db_now(using)
    params = [value for kind, pk in groups for value in (kind, pk, language, now, count)]
    with connections[using].cursor() as cursor:
        cursor.execute(_newest_sql(len(groups)), params)
        rows = cursor.fetchall()
    found: dict = {group: [] for group in groups}
    for number, pk, published_at in rows:
        found[groups[number]].append((pk, as_db_datetime(published_at, using=using)))
    return found


def _db_now(using: str):
    """Now, as a raw cursor's parameter compares with stored date-times (SQLite keeps text in UTC)."""
    return connections[using].ops.adapt_datetimefield_value(timezone.now())


@functools.cache
def _listed_page_sql() -> str:
    """The ids on one page of a list and the list's length up to a bound, in one query (the count
    a scalar subquery over a ``LIMIT``ed range of the same index, evaluated once)."""
    where = "kind = %s AND group_id = %s AND language = %s AND published_at <= %s"
    table = ListedStory._meta.db_table
    return (
        f"SELECT article_id, (SELECT COUNT(*) FROM (SELECT 1 FROM {table} WHERE {where} LIMIT %s) n) "  # noqa: S608
        f"FROM {table} WHERE {where} ORDER BY published_at DESC, article_id DESC LIMIT %s OFFSET %s"
    )


def listed_page(*, kind: str, group_id: int, language: str, number: int, per_page: int, bound: int) -> tuple[list[int], int]:
    """The ids on page ``number`` of the list ``kind`` (``ListedStory.Kind``) of ``group_id`` in
    ``language``, newest first, and how many stories it holds, counted up to ``bound``. An empty
    page has no count (0)."""
    using = ListedStory.objects.db
    where = [kind, group_id, language, _db_now(using)]
    with connections[using].cursor() as cursor:
        cursor.execute(_listed_page_sql(), [*where, bound + 1, *where, per_page, (number - 1) * per_page])
        rows = cursor.fetchall()
    return [pk for pk, _count in rows], min(rows[0][1], bound) if rows else 0


def as_db_datetime(value, *, using: str = "default"):
    """A date-time read with a raw cursor, as the ORM would give it: Django's own converters for the
    database (SQLite answers text in UTC; PostgreSQL an aware date-time already, left as it is)."""
    column = Article._meta.get_field("published_at").get_col(Article._meta.db_table)
    connection = connections[using]
    for converter in connection.ops.get_db_converters(column):
        value = converter(value, column, connection)
    return value


def newest_of(groups: list[Newest], *, exclude: int, count: int = RELATED_COUNT) -> list[int]:
    """The ids of the ``count`` newest stories over ``groups`` (each newest first), ``exclude`` left out."""
    merged = {pk: published_at for group in groups for pk, published_at in group if pk != exclude}
    return [pk for pk, _at in sorted(merged.items(), key=lambda item: (item[1], item[0]), reverse=True)[:count]]


def article_list_related(*, article: Article, language: str) -> list[Article]:
    """Other public stories sharing a tag or the section, newest first (read without the kept lists)."""
    sections = [article.section_id] if article.section_id else []
    groups = newest_by_group(section_ids=sections, tag_ids=[tag.pk for tag in article.tags.all()], language=language)
    ids = newest_of(list(groups.values()), exclude=article.pk)
    by_id = {story.pk: story for story in article_list_published(language=language).filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def article_list_for_feed(*, language: str, section=None, tag=None, source=None, author=None) -> list[Article]:
    """The newest public stories for a feed, with tags for categories. A section's, tag's or
    source's newest are found on its kept list (``ListedStory``), never by sorting its stories."""
    queryset = article_list_published(language=language)
    if author is not None:
        queryset = queryset.filter(_credits(author))
    listed = [(kind, obj) for kind, obj in (("section", section), ("tag", tag), ("source", source)) if obj is not None]
    for kind, obj in listed:
        ids, _count = listed_page(kind=kind, group_id=obj.pk, language=language, number=1, per_page=FEED_SIZE, bound=0)
        queryset = queryset.filter(pk__in=ids)
    # The partner a story came through is named beside its origin; most stories have none (no query then).
    related = queryset.select_related("via_source").prefetch_related("tags", "via_source__translations", *_tag_translations(language))
    return list(related[:FEED_SIZE])


def _public_filter(prefix: str = "") -> Q:
    return Q(**{f"{prefix}status": Article.Status.PUBLISHED, f"{prefix}published_at__lte": timezone.now()})


def _policy_is(policy: str) -> Q:
    """The search policy that governs a copy: the partner's it came through, else its source's (``seo``)."""
    return Q(via_source__isnull=True, source__search_policy=policy) | Q(via_source__search_policy=policy)


def _canonical_here(queryset: QuerySet[Article]) -> QuerySet[Article]:
    """Leave out copies whose canonical address is the original outlet's: search engines index that one."""
    return queryset.exclude(
        _policy_is(Source.SearchPolicy.CANONICAL_ORIGINAL), origin=Article.Origin.REPUBLISHED, original_url__gt=""
    )


def article_list_published_at_latest():
    """When the newest public story was published (None on an empty site)."""
    return Article.objects.published().order_by("-published_at").values_list("published_at", flat=True).first()


def article_list_for_sitemap() -> QuerySet[Article]:
    """Every public story whose canonical address is ours, with its translations (one address per language)."""
    return (
        _canonical_here(Article.objects.published()).prefetch_related("translations").order_by("-published_at", "-pk")
    )


def article_list_for_news_sitemap() -> QuerySet[Article]:
    """Public stories of the last 48 hours that news crawlers may index (Google News rules)."""
    since = timezone.now() - timedelta(hours=48)
    return (
        _canonical_here(Article.objects.published())
        .filter(published_at__gte=since)
        .exclude(_policy_is(Source.SearchPolicy.NOINDEX_NEWS), origin=Article.Origin.REPUBLISHED)
        .prefetch_related("translations", "tags", "tags__translations")
        .order_by("-published_at", "-pk")
    )


def section_list_for_sitemap() -> QuerySet[Section]:
    return (
        Section.objects.filter(is_active=True)
        .annotate(last_story=Max("articles__published_at", filter=_public_filter("articles__")))
        .prefetch_related("translations")
        .order_by("ordering", "pk")
    )


def tag_list_for_sitemap() -> QuerySet[Tag]:
    """Tags carried by at least one public story."""
    return (
        Tag.objects.annotate(
            last_story=Max(
                "tagged_articles__content_object__published_at",
                filter=_public_filter("tagged_articles__content_object__"),
            )
        )
        .filter(last_story__isnull=False)
        .order_by("name")
    )


def source_list_for_sitemap() -> QuerySet[Source]:
    """Sources with at least one public story."""
    return (
        Source.objects.annotate(last_story=Max("articles__published_at", filter=_public_filter("articles__")))
        .filter(last_story__isnull=False)
        .order_by("slug")
    )


def author_list_for_sitemap() -> QuerySet[Author]:
    """Authors credited on at least one public story."""
    return (
        Author.objects.annotate(
            last_story=Max("contributions__article__published_at", filter=_public_filter("contributions__article__"))
        )
        .filter(last_story__isnull=False)
        .order_by("slug")
    )


def tag_list_with_public_stories() -> QuerySet[Tag]:
    """The tags of ``tag_list_for_sitemap``, found by a semi-join rather than a maximum per tag (for counting)."""
    public = TaggedArticle.objects.filter(
        tag=OuterRef("pk"), content_object__status=Article.Status.PUBLISHED, content_object__published_at__lte=timezone.now()
    )
    return Tag.objects.filter(Exists(public))


def source_list_with_public_stories() -> QuerySet[Source]:
    """The sources of ``source_list_for_sitemap``, found by a semi-join (for counting)."""
    return Source.objects.filter(Exists(Article.objects.published().filter(source=OuterRef("pk"))))


def author_list_with_public_stories() -> QuerySet[Author]:
    """The authors of ``author_list_for_sitemap``, found by a semi-join (for counting)."""
    public = Contribution.objects.filter(
        author=OuterRef("pk"), article__status=Article.Status.PUBLISHED, article__published_at__lte=timezone.now()
    )
    return Author.objects.filter(Exists(public))
