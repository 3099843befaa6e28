"""Arabic-aware article search: one service for the public search page and the admin.

Stored text and queries go through the same ``normalize_arabic`` and the same tokenizer, so
"اسرائيل" finds "إسرائيل", "مسئول" finds "مسؤول", "مستشفى" finds "المستشفي" and "٢٠٢٤" finds
"2024". Each translation of an article has one ``ArticleSearchDocument`` holding those words.

PostgreSQL matches a weighted ``tsvector`` (headline A, summary B, body C, tags and source D)
built with the ``simple`` configuration from the normalized words: the ``arabic`` configuration
would stem and miss ى/ي, ٱ and Persian digits, and normalizing ourselves keeps both databases
in agreement. SQLite matches the same whole words in the normalized columns. Every term must
match; the last one also matches as a prefix, as the reader may still be typing it. Both
databases rank by where the words matched, boosted for recent stories.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import Case, Count, F, FloatField, Func, Q, QuerySet, Value, When, Window
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.safestring import SafeString

from articles.models import Article, ArticleSearchDocument, Section, Tag, translations_from_prefetch
from articles.search.text import ParsedQuery, highlight, html_to_text, parse_query, snippet, stored_text
from sources.models import Source

PAGE_SIZE = 20
# A search ranks the newest this many matching documents (news readers look for recent stories;
# older ones are reached by narrowing the words or the dates).
SEARCH_CANDIDATES = 1000
MAX_PAGE_NUMBER = 100_000

# Ranking: where a word matched (the weights PostgreSQL's ts_rank uses for A, B and D), then a
# recency boost of up to RECENCY_BOOST that halves after RECENCY_DAYS; old stories keep their
# text rank, so a strong old match still beats a weak new one.
FIELD_WEIGHTS = {"title": 1.0, "summary": 0.4, "extra": 0.1}
RECENCY_BOOST = 1.0
RECENCY_DAYS = 7.0


# ---- Indexing ----


def _document_vector() -> SearchVector:
    return (
        SearchVector("title", weight="A", config="simple")
        + SearchVector("summary", weight="B", config="simple")
        + SearchVector("body", weight="C", config="simple")
        + SearchVector("extra", weight="D", config="simple")
    )


def _rank_vector() -> SearchVector:
    # The body is left out: reading thousands of long vectors made ranking the slow part of a
    # search, and a word that is only in the body ranks below the others anyway.
    return (
        SearchVector("title", weight="A", config="simple")
        + SearchVector("summary", weight="B", config="simple")
        + SearchVector("extra", weight="D", config="simple")
    )


def _build_documents(article: Article) -> list[ArticleSearchDocument]:
    source_names: list[str] = []
    if article.source_id:
        source_names = [t.name for t in article.source.translations.all()]
        source_names += [alias.name for alias in article.source.aliases.all()]
    extra = " ".join([tag.name for tag in article.tags.all()] + source_names)
    return [
        ArticleSearchDocument(
            article=article,
            language=translation.language_code,
            title=stored_text(translation.title or ""),
            summary=stored_text(translation.summary or ""),
            body=stored_text(html_to_text(translation.body)),
            extra=stored_text(extra),
            status=article.status,
            published_at=article.published_at,
        )
        for translation in article.translations.all()
    ]


@transaction.atomic
def index_articles(article_ids: Iterable[int]) -> int:
    """(Re)build the search documents of these articles from their current state; returns how many."""
    ids = sorted(set(article_ids))
    if not ids:
        return 0
    articles = (
        Article.objects.filter(pk__in=ids)
        .select_related("source")
        .prefetch_related("translations", "tags", "source__translations", "source__aliases")
    )
    documents = [document for article in articles for document in _build_documents(article)]
    ArticleSearchDocument.objects.filter(article_id__in=ids).delete()
    ArticleSearchDocument.objects.bulk_create(documents, batch_size=500)
    if connection.vendor == "postgresql":
        ArticleSearchDocument.objects.filter(article_id__in=ids).update(
            vector=_document_vector(), rank_vector=_rank_vector()
        )
    return len(documents)


# ---- Querying ----


class _DaysSince(Func):
    """Days from ``expression`` (a datetime) until ``now``, never negative, as a float."""

    output_field = FloatField()

    def __init__(self, expression, now: datetime):
        super().__init__(Value(now), expression)

    def as_sqlite(self, compiler, connection, **extra_context):
        template = "MAX(julianday(%(expressions)s), 0.0)"
        return self.as_sql(compiler, connection, template=template, arg_joiner=") - julianday(", **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        template = "GREATEST(EXTRACT(EPOCH FROM (%(expressions)s))::double precision / 86400.0, 0.0)"
        return self.as_sql(compiler, connection, template=template, arg_joiner=" - ", **extra_context)


def _needles(query: ParsedQuery) -> list[str]:
    """What each term looks like inside a stored column: a whole word, or a word's start."""
    last = len(query.terms) - 1
    return [f" {term}" if query.prefix and n == last else f" {term} " for n, term in enumerate(query.terms)]


def _tsquery(query: ParsedQuery) -> SearchQuery:
    # Terms are runs of letters and digits only, so they cannot carry tsquery operators.
    parts = [f"'{term}'" for term in query.terms]
    if query.prefix:
        parts[-1] += ":*"
    return SearchQuery(" & ".join(parts), config="simple", search_type="raw")


def _match(query: ParsedQuery, *, full_text: bool | None = None) -> Q:
    """Every term present in the document (whole words; the last one may be a prefix).

    ``full_text`` (PostgreSQL's tsvector) is the default on PostgreSQL; the normalized-columns
    fallback runs on any database, which lets the tests compare the two on the same data.
    """
    if full_text is None:
        full_text = connection.vendor == "postgresql"
    if full_text:
        return Q(vector=_tsquery(query))
    condition = Q()
    for needle in _needles(query):
        any_field = Q()
        for field in ("title", "summary", "body", "extra"):
            any_field |= Q(**{f"{field}__contains": needle})
        condition &= any_field
    return condition


def _text_rank(query: ParsedQuery):
    """Where the words matched: headline above summary above tags and source; the body adds nothing."""
    if connection.vendor == "postgresql":
        return Cast(SearchRank(F("rank_vector"), _tsquery(query)), FloatField())
    total = Value(0.0)
    for needle in _needles(query):
        total = total + Case(
            *[When(**{f"{field}__contains": needle}, then=Value(weight)) for field, weight in FIELD_WEIGHTS.items()],
            default=Value(0.0),
            output_field=FloatField(),
        )
    return total


def _rank(query: ParsedQuery, now: datetime):
    # Drafts (admin searches) have no publication time yet: their last indexing stands in.
    age = _DaysSince(Coalesce("published_at", "updated_at"), now)
    recency = Value(RECENCY_BOOST) / (Value(1.0) + age / Value(RECENCY_DAYS))
    return _text_rank(query) * (Value(1.0) + recency)


# Dates outside this range (typed or forged) would overflow when shifted to UTC.
_EARLIEST, _LATEST = date(1900, 1, 1), date(9000, 1, 1)


def _day_start(day: date) -> datetime:
    """The first moment of ``day`` in the site's time zone (absurd years are brought into range)."""
    return timezone.make_aware(datetime.combine(min(max(day, _EARLIEST), _LATEST), time.min))


@dataclass
class SearchHit:
    """One result: the article, its rank, and its headline and snippet with the matches marked."""

    article: Article
    rank: float | None
    title_html: SafeString
    snippet_html: SafeString


class SearchResults:
    """The ranked matches of one search: counted and ranked on the search documents, loaded a page at a time.

    It behaves as a list of articles for Django's ``Paginator`` (``count()`` and slicing), so only
    the shown page of articles is loaded, through ``articles`` (``Article.objects.published()`` for
    readers), which has the last word on what may be shown.
    """

    def __init__(self, query: ParsedQuery, documents: QuerySet, articles: QuerySet, language: str):
        self.query = query
        self.documents = documents
        self.articles = articles
        self.language = language

    def count(self) -> int:
        return self.documents.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Article]:
        if not isinstance(index, slice):
            raise TypeError("SearchResults supports slices only.")
        return self._load(list(self.documents.values_list("article_id", "search_rank")[index]))

    def _load(self, ranked: list[tuple[int, float | None]], parents: Callable[[list], list] | None = None) -> list[Article]:
        """The articles of ``ranked`` (id, rank) pairs that ``articles`` allows, in that order.

        ``parents`` takes the loaded articles and gives them sections and sources whose
        translations are loaded (the public pages' kept ones); without it they are read here.
        """
        loaded = self.articles.filter(pk__in=[article_id for article_id, _rank in ranked]).select_related(
            "section", "source"
        )
        if parents is None:
            loaded = loaded.prefetch_related("translations", "section__translations", "source__translations")
        else:
            loaded = parents(list(loaded.prefetch_related("translations")))
        by_id = {article.pk: article for article in loaded}
        # Read through parler's getter, each translation would first be written to the shared
        # cache, one round trip per story with Redis (a third of a search's time).
        translations_from_prefetch(by_id.values())
        page = []
        for article_id, rank in ranked:
            if article_id in by_id:
                by_id[article_id].search_rank = rank
                page.append(by_id[article_id])
        return page

    def all(self) -> list[Article]:
        """Every match, best first (for small result sets and tests; pages use ``page``)."""
        return self[:]

    def page(
        self, number: int | str | None = 1, per_page: int = PAGE_SIZE, *, parents: Callable[[list], list] | None = None
    ) -> Page:
        """The page ``number`` of ``SearchHit`` (an invalid number gives the first page, one too high the last).

        The page and the total come from one query (a window count), as counting and ranking
        separately would find the matches twice. ``parents``: see ``_load``.
        """
        paginator = Paginator(self, per_page)
        try:
            # Far beyond any result set; the cap keeps a forged page number within SQL's integers.
            number = min(max(int(number or 1), 1), MAX_PAGE_NUMBER)
        except (TypeError, ValueError):
            number = 1
        offset = (number - 1) * per_page
        rows = list(
            self.documents.annotate(total=Window(Count("pk"))).values_list("article_id", "search_rank", "total")[
                offset : offset + per_page
            ]
        )
        if rows:
            paginator.count = rows[0][2]
            articles = self._load([(article_id, rank) for article_id, rank, _total in rows], parents)
            page = Page(articles, number, paginator)
        else:
            page = paginator.get_page(number)
        page.object_list = [self.hit(article) for article in page.object_list]
        return page

    def hit(self, article: Article) -> SearchHit:
        language = self.language

        def text(field: str) -> str:
            return article.safe_translation_getter(field, language_code=language, any_language=True) or ""

        body = " ".join(filter(None, [text("summary"), html_to_text(text("body"))]))
        return SearchHit(
            article=article,
            rank=getattr(article, "search_rank", None),
            title_html=highlight(text("title"), self.query),
            snippet_html=snippet(body, self.query),
        )


def search_articles(
    query: str | None,
    *,
    language: str,
    section: Section | None = None,
    source: Source | None = None,
    tag: Tag | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    public: bool = True,
    queryset: QuerySet | None = None,
) -> SearchResults:
    """Stories matching ``query`` in ``language``, best first; with ``public`` only what readers may see.

    ``queryset`` narrows the search to some articles. With no usable words in the query, the
    filters alone list stories newest first, and with no filter either there are no results
    (rather than the whole archive).
    """
    parsed = parse_query(query)
    now = timezone.now()
    articles = queryset if queryset is not None else Article.objects.all()
    documents = ArticleSearchDocument.objects.filter(language=language)
    if queryset is not None:
        documents = documents.filter(article__in=queryset.values("pk"))
    if public:
        articles = articles.published(at=now)
        documents = documents.filter(status=Article.Status.PUBLISHED, published_at__lte=now)
    if section is not None:
        documents = documents.filter(article__section=section)
    if source is not None:
        documents = documents.filter(article__source=source)
    if tag is not None:
        documents = documents.filter(article__tags=tag)
    if date_from is not None:
        documents = documents.filter(published_at__gte=_day_start(date_from))
    if date_to is not None:
        documents = documents.filter(published_at__lt=_day_start(min(date_to, _LATEST) + timedelta(days=1)))
    has_filter = any(value is not None for value in (section, source, tag, date_from, date_to))

    if parsed.is_empty:
        documents = documents if has_filter else documents.none()
        documents = documents.annotate(search_rank=Value(None, output_field=FloatField()))
        documents = documents.order_by(F("published_at").desc(nulls_last=True), "-article_id")
    else:
        matched = documents.filter(_match(parsed))
        if public:
            # Readers' searches rank (and count) only the newest SEARCH_CANDIDATES matches: a common
            # word matches half the archive, and ranking 50,000 documents took a second at 100,000
            # stories. Ordered as the index search_document_recent is, so PostgreSQL walks it
            # newest first. The admin's search (drafts included) still ranks every match.
            newest = matched.order_by("-published_at").values("pk")[:SEARCH_CANDIDATES]
            matched = ArticleSearchDocument.objects.filter(pk__in=newest)
        documents = (
            matched.annotate(search_rank=_rank(parsed, now))
            .order_by("-search_rank", F("published_at").desc(nulls_last=True), "-article_id")
        )
    return SearchResults(parsed, documents, articles, language)


def admin_search(queryset: QuerySet, query: str, language: str | None = None) -> QuerySet:
    """Narrow the admin's article list to stories matching ``query`` in any status.

    For ``ModelAdmin.get_search_results``: ``return admin_search(queryset, term), False``.
    With ``language`` only that translation is searched; otherwise any translation.
    """
    parsed = parse_query(query)
    if parsed.is_empty:
        return queryset if not parsed.text else queryset.none()
    documents = ArticleSearchDocument.objects.filter(_match(parsed))
    if language:
        documents = documents.filter(language=language)
    return queryset.filter(pk__in=documents.values("article_id"))
