"""What the public site reads: one query plan per page, whatever the number of rows.

Every list starts from ``ArticleQuerySet.published()`` and keeps only stories translated into
the page's language, so drafts, stories in review, scheduled stories before their time and
withdrawn stories never reach a reader, and English pages never show Arabic-only stories.
Related rows (translations, section, source, tags) come in a fixed number of extra queries.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from articles.models import Article, Correction, Section, Tag, TaggedArticle
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


def section_list_for_nav() -> list[Section]:
    """Active sections in their editorial order, for the navigation bar."""
    return list(Section.objects.filter(is_active=True).prefetch_related("translations").order_by("ordering", "pk"))


def breaking_articles(*, language: str) -> list[Article]:
    """Breaking stories still inside the strip's window (``BREAKING_NEWS_HOURS``)."""
    since = timezone.now() - timedelta(hours=settings.BREAKING_NEWS_HOURS)
    return list(
        Article.objects.published()
        .filter(is_breaking=True, published_at__gte=since, translations__language_code=language)
        .prefetch_related("translations")
        .order_by("-published_at", "-pk")[:5]
    )


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


def tag_get(*, slug: str) -> Tag | None:
    return Tag.objects.filter(slug=slug).first()


def source_get(*, slug: str) -> Source | None:
    return Source.objects.filter(slug=slug).prefetch_related("translations").first()


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
    """Story ``pk`` with everything its page shows, in one query plan."""
    return (
        Article.objects.filter(pk=pk)
        .select_related("section", "source")
        .prefetch_related(
            "translations",
            "section__translations",
            "source__translations",
            "tags",
            Prefetch("cited_sources", queryset=Source.objects.prefetch_related("translations").order_by("slug")),
            Prefetch(
                "corrections",
                queryset=Correction.objects.filter(language=language).order_by("created_at", "pk"),
                to_attr="reader_corrections",
            ),
        )
    )


def article_get_public(*, pk: int, language: str) -> ArticleLookup:
    """The story ``pk`` as readers may see it in ``language``, with everything its page shows."""
    article = _article_page_queryset(pk=pk, language=language).first()
    if article is None:
        return ArticleLookup(article=None)
    if article.is_withdrawn:
        return ArticleLookup(article=None, gone=True)
    if not article.is_public() or language not in article.get_available_languages():
        return ArticleLookup(article=None)
    return ArticleLookup(article=article)


def article_get_for_preview(*, pk: int, language: str) -> Article | None:
    """Story ``pk`` whatever its state, loaded as its public page would load it (previews only)."""
    return _article_page_queryset(pk=pk, language=language).first()


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


# Related stories are looked for in this recent window first: the newest ones are what is shown,
# and a popular tag or a busy section holds thousands of older stories that need not be sorted.
RELATED_HORIZON = timedelta(days=30)


def article_list_related(*, article: Article, language: str) -> list[Article]:
    """Other public stories sharing a tag or the section, newest first.

    The last RELATED_HORIZON is searched first; only when it holds fewer than RELATED_COUNT such
    stories is the whole archive searched (a second query).
    """
    tag_ids = [tag.pk for tag in article.tags.all()]
    match = Q(tags__in=tag_ids) if tag_ids else Q(pk__in=[])
    if article.section_id:
        match |= Q(section_id=article.section_id)

    def newest(condition: Q) -> list[Article]:
        candidates = (
            Article.objects.published()
            .filter(condition, translations__language_code=language)
            .filter(match)
            .exclude(pk=article.pk)
            .values_list("pk", flat=True)
            .distinct()
        )
        return list(article_list_published(language=language).filter(pk__in=candidates)[:RELATED_COUNT])

    related = newest(Q(published_at__gte=timezone.now() - RELATED_HORIZON))
    if len(related) < RELATED_COUNT:
        related = newest(Q())
    return related


def article_list_for_feed(*, language: str, section=None, tag=None, source=None) -> list[Article]:
    """The newest public stories for a feed, with tags for categories."""
    queryset = article_list_published(language=language)
    if section is not None:
        queryset = queryset.filter(section=section)
    if tag is not None:
        queryset = queryset.filter(tags=tag)
    if source is not None:
        queryset = queryset.filter(source=source)
    return list(queryset.prefetch_related("tags")[:FEED_SIZE])


def _public_filter(prefix: str = "") -> Q:
    return Q(**{f"{prefix}status": Article.Status.PUBLISHED, f"{prefix}published_at__lte": timezone.now()})


def _canonical_here(queryset: QuerySet[Article]) -> QuerySet[Article]:
    """Leave out copies whose canonical address is the original outlet's: search engines index that one."""
    return queryset.exclude(
        origin=Article.Origin.REPUBLISHED,
        source__search_policy=Source.SearchPolicy.CANONICAL_ORIGINAL,
        original_url__gt="",
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
        .exclude(origin=Article.Origin.REPUBLISHED, source__search_policy=Source.SearchPolicy.NOINDEX_NEWS)
        .prefetch_related("translations", "tags")
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


def tag_list_with_public_stories() -> QuerySet[Tag]:
    """The tags of ``tag_list_for_sitemap``, found by a semi-join rather than a maximum per tag (for counting)."""
    public = TaggedArticle.objects.filter(
        tag=OuterRef("pk"), content_object__status=Article.Status.PUBLISHED, content_object__published_at__lte=timezone.now()
    )
    return Tag.objects.filter(Exists(public))


def source_list_with_public_stories() -> QuerySet[Source]:
    """The sources of ``source_list_for_sitemap``, found by a semi-join (for counting)."""
    return Source.objects.filter(Exists(Article.objects.published().filter(source=OuterRef("pk"))))
