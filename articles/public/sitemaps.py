"""Sitemaps: stories, sections, tags, sources and authors in every language they exist in, and Google News.

Only public stories whose canonical address is ours are listed (a copy whose canonical is the
original outlet's is left to that outlet); the news sitemap also leaves out sources whose
policy is noindex for news crawlers.
"""

import functools

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Max, Value, When
from django.db.models.functions import Greatest
from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import get_language

from articles.models import Article
from articles.public import fragments, selectors
from articles.public.links import article_path, page_path, section_path
from sources.site import site_name
from sources.text import clean_text

ArticleTranslation = Article._parler_meta.root_model


class _StoryLanguages:
    """The (story, language) pairs an i18n sitemap lists, counted and sliced in the database.

    Django's i18n sitemap builds the list of every pair in memory, reading every story and its
    translations only to count them for the index (35 s at 100,000 stories). Here the count is
    one query on the translations, and a page reads only its own stories.
    """

    def __init__(self, articles, languages: list[str]):
        self.articles = articles
        self.languages = languages

    def _pairs(self):
        order = Case(*[When(language_code=code, then=Value(n)) for n, code in enumerate(self.languages)], output_field=IntegerField())
        return (
            ArticleTranslation.objects.filter(master__in=self.articles.order_by().values("pk"), language_code__in=self.languages)
            .annotate(language_order=order)
            .order_by("-master__published_at", "-master_id", "language_order")
        )

    def count(self) -> int:
        return self._pairs().count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        pairs = list(self._pairs().values_list("master_id", "language_code")[index])
        stories = self.articles.in_bulk([pk for pk, _code in pairs])
        return [(stories[pk], code) for pk, code in pairs if pk in stories]


class _I18nSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def get_latest_lastmod(self):
        """The sitemap index's date for this sitemap: when the newest public story appeared.

        Django's default walks every item (all stories with their translations: 35 s at 100,000
        stories); a section, tag or source changes when a story is published in it, so the
        newest publication is when this sitemap last changed, and one indexed query finds it.
        """
        return selectors.article_list_published_at_latest()

    def counted_items(self):
        """The items, as cheaply as they can be counted (``items()`` may compute dates per item)."""
        return self.items()

    @cached_property
    def paginator(self):
        # Every item in every language (Django's default for i18n sitemaps), without reading them all.
        languages = [code for code, _name in settings.LANGUAGES]
        return Paginator(_ItemLanguages(self.items(), self.counted_items(), languages), self.limit)


class ArticleSitemap(_I18nSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return selectors.article_list_for_sitemap()

    def get_languages_for_item(self, item) -> list[str]:
        available = set(item.get_available_languages())
        return [code for code, _name in settings.LANGUAGES if code in available]

    @cached_property
    def paginator(self):
        languages = [code for code, _name in settings.LANGUAGES]
        return Paginator(_StoryLanguages(self.items(), languages), self.limit)

    def location(self, item) -> str:
        return article_path(item, get_language())

    def lastmod(self, item):
        return max(item.updated_at, item.published_at)

    def get_latest_lastmod(self):
        """The newest change among the listed stories, computed by the database in one query."""
        return self.items().order_by().aggregate(latest=Max(Greatest("updated_at", "published_at")))["latest"]


class SectionSitemap(_I18nSitemap):
    changefreq = "hourly"
    priority = 0.6

    def items(self):
        return selectors.section_list_for_sitemap()

    def counted_items(self):
        return selectors.section_list_for_sitemap().order_by().values("pk")

    def location(self, item) -> str:
        return section_path(item, get_language())

    def lastmod(self, item):
        return item.last_story


class _ItemLanguages:
    """Every item in every language, counted by ``counted`` and sliced from ``items`` (see _StoryLanguages)."""

    def __init__(self, items, counted, languages: list[str]):
        self.items = items
        self.counted = counted
        self.languages = languages

    def count(self) -> int:
        return self.counted.count() * len(self.languages)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(self.count())
        size = len(self.languages)
        first = start // size
        objects = list(self.items[first : -(-stop // size)])
        pairs = [(obj, code) for obj in objects for code in self.languages]
        return pairs[start - first * size : stop - first * size]


class TagSitemap(_I18nSitemap):
    changefreq = "daily"
    priority = 0.4

    def counted_items(self):
        return selectors.tag_list_with_public_stories()

    def items(self):
        return selectors.tag_list_for_sitemap()

    def location(self, item) -> str:
        return page_path(get_language(), "articles:tag", slug=item.slug)

    def lastmod(self, item):
        return item.last_story


class SourceSitemap(TagSitemap):
    def items(self):
        return selectors.source_list_for_sitemap()

    def counted_items(self):
        return selectors.source_list_with_public_stories()

    def location(self, item) -> str:
        return page_path(get_language(), "articles:source", slug=item.slug)


class AuthorSitemap(TagSitemap):
    def items(self):
        return selectors.author_list_for_sitemap()

    def counted_items(self):
        return selectors.author_list_with_public_stories()

    def location(self, item) -> str:
        return page_path(get_language(), "articles:author", slug=item.slug)


class NewsSitemap(ArticleSitemap):
    """Google News: stories of the last 48 hours, with publication name, language and date.

    One entry per translation; the template adds the ``news:`` elements from ``item``. Titles
    and keywords are cleaned (``sources.text.clean_text``) whatever is stored, so that the
    document stays well-formed XML.
    """

    alternates = False
    x_default = False
    # Two days of stories: Django's own paginator reads them in fewer queries.
    paginator = Sitemap.paginator

    def items(self):
        return selectors.article_list_for_news_sitemap()

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            article, language = url["item"]
            url["news"] = {
                "name": site_name(language),
                "language": language,
                "title": clean_text(article.safe_translation_getter("title", language_code=language, default="")),
                "date": timezone.localtime(article.published_at).isoformat(timespec="seconds"),
                "keywords": ", ".join(clean_text(tag.display_name(language)) for tag in article.tags.all()),
            }
            # The whole <url> element, written once: the template then outputs one value per
            # story instead of resolving seven (the sitemap lists two days of stories).
            url["xml"] = format_html(
                "<url><loc>{}</loc><news:news><news:publication><news:name>{}</news:name>"
                "<news:language>{}</news:language></news:publication>"
                "<news:publication_date>{}</news:publication_date><news:title>{}</news:title></news:news></url>",
                url["location"],
                url["news"]["name"],
                url["news"]["language"],
                url["news"]["date"],
                url["news"]["title"],
            )
        return urls


class _KeptPages:
    def __init__(self, num_pages: int):
        self.num_pages = num_pages


class KeptSitemap:
    """A sitemap whose page count, latest date and URL lists are computed once per content
    generation (``articles.public.fragments``), as Django's sitemap views ask for them.

    Counting every story translation for the index, or reading a page of 50,000 addresses, then
    costs one cache read while the content stays the same.
    """

    def __init__(self, sitemap: Sitemap):
        self.sitemap = sitemap
        self.protocol = sitemap.protocol
        self.latest_lastmod = None

    def _part(self, *parts):
        return (type(self.sitemap).__name__, *parts)

    @property
    def paginator(self) -> _KeptPages:
        return _KeptPages(fragments.kept("sitemap-pages", self._part(), lambda: self.sitemap.paginator.num_pages))

    def get_latest_lastmod(self):
        return fragments.kept("sitemap-lastmod", self._part(), self.sitemap.get_latest_lastmod)

    def get_urls(self, page=1, site=None, protocol=None):
        def build():
            urls = self.sitemap.get_urls(page=page, site=site, protocol=protocol)
            # The templates read addresses, dates and news data, never the objects behind them; an
            # entry written whole (the news sitemap's) is kept alone, so reading the list back stays cheap.
            kept_urls = [{"xml": url["xml"]} if "xml" in url else {**url, "item": None} for url in urls]
            return kept_urls, getattr(self.sitemap, "latest_lastmod", None)

        urls, self.latest_lastmod = fragments.kept(
            "sitemap-urls", self._part(str(page), getattr(site, "domain", None), protocol), build
        )
        return urls


def kept_document(view):
    """Keep a sitemap view's successful answers (body and headers) per content generation.

    A sitemap index lists one entry per page of every sitemap, so its output grows with the
    archive; kept whole, answering it costs the same at any size.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        def build():
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            if response.status_code != 200:
                raise _NotKept(response)
            return response.content, dict(response.headers)

        name = request.resolver_match.url_name if request.resolver_match else view.__name__
        part = (name, kwargs.get("section", ""), request.GET.get("p", ""), request.scheme, request.get_host())
        try:
            content, headers = fragments.kept("sitemap-document", part, build)
        except _NotKept as refused:
            return refused.response
        response = HttpResponse(content)
        for name, value in headers.items():
            response[name] = value
        return response

    return wrapper


class _NotKept(Exception):
    def __init__(self, response):
        super().__init__(response.status_code)
        self.response = response


def kept(sitemap_class: type[Sitemap]):
    """What Django's sitemap views take for ``sitemap_class``: a callable giving a ``KeptSitemap``."""

    def make() -> KeptSitemap:
        return KeptSitemap(sitemap_class())

    return make


SITEMAPS = {
    "articles": kept(ArticleSitemap),
    "sections": kept(SectionSitemap),
    "tags": kept(TagSitemap),
    "sources": kept(SourceSitemap),
    "authors": kept(AuthorSitemap),
}
NEWS_SITEMAPS = {"news": kept(NewsSitemap)}
