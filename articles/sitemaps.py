"""Sitemaps: stories, sections, tags and sources in every language they exist in, and Google News.

Only public stories whose canonical address is ours are listed (a copy whose canonical is the
original outlet's is left to that outlet); the news sitemap also leaves out sources whose
policy is noindex for news crawlers.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.utils import timezone
from django.utils.translation import get_language

from . import selectors
from .links import article_path, page_path, section_path


class _I18nSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class ArticleSitemap(_I18nSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return selectors.article_list_for_sitemap()

    def get_languages_for_item(self, item) -> list[str]:
        available = set(item.get_available_languages())
        return [code for code, _name in settings.LANGUAGES if code in available]

    def location(self, item) -> str:
        return article_path(item, get_language())

    def lastmod(self, item):
        return max(item.updated_at, item.published_at)


class SectionSitemap(_I18nSitemap):
    changefreq = "hourly"
    priority = 0.6

    def items(self):
        return selectors.section_list_for_sitemap()

    def location(self, item) -> str:
        return section_path(item, get_language())

    def lastmod(self, item):
        return item.last_story


class TagSitemap(_I18nSitemap):
    changefreq = "daily"
    priority = 0.4

    def items(self):
        return selectors.tag_list_for_sitemap()

    def location(self, item) -> str:
        return page_path(get_language(), "articles:tag", slug=item.slug)

    def lastmod(self, item):
        return item.last_story


class SourceSitemap(TagSitemap):
    def items(self):
        return selectors.source_list_for_sitemap()

    def location(self, item) -> str:
        return page_path(get_language(), "articles:source", slug=item.slug)


class NewsSitemap(ArticleSitemap):
    """Google News: stories of the last 48 hours, with publication name, language and date.

    One entry per translation; the template adds the ``news:`` elements from ``item``.
    """

    alternates = False
    x_default = False

    def items(self):
        return selectors.article_list_for_news_sitemap()

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            article, language = url["item"]
            url["news"] = {
                "name": settings.SITE_NAME,
                "language": language,
                "title": article.safe_translation_getter("title", language_code=language, default=""),
                "date": timezone.localtime(article.published_at).isoformat(timespec="seconds"),
                "keywords": ", ".join(tag.name for tag in article.tags.all()),
            }
        return urls


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "sources": SourceSitemap,
}
NEWS_SITEMAPS = {"news": NewsSitemap}
