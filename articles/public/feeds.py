"""RSS 2.0 and Atom feeds of the latest public stories, per section, tag, source and author.

A republished item names its origin (RSS ``<source url="…">``, Atom ``<source>``) and its
description ends with the republication disclaimer, as on the page. Every feed names itself
(``rel="self"``) and the WebSub hubs of WEBSUB_HUBS (``rel="hub"``), in the XML and in ``Link``
headers, so subscribers hear of new stories from the hub as soon as it is pinged.

Whatever is stored, a feed is well-formed XML: every text passed to the feed generator loses
the characters XML cannot carry (``sources.text.xml_text``); Django's generator would refuse
the whole feed for one control character in one headline.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.encoding import escape_uri_path
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape, linebreaks
from django.utils.translation import get_language, gettext

from articles.public import fragments, page_parts, selectors
from articles.public.credits import author_path, credit_names
from articles.public.links import article_path, page_path, section_path
from articles.public.seo import article_description
from sources.disclaimers import isolate
from sources.site import site_name
from sources.text import clean_text, xml_text


def _xml_safe(value):
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, list | tuple):
        return [_xml_safe(part) for part in value]
    return value


class _WellFormed:
    """A feed generator whose every text, of the feed and of each item, XML can carry."""

    def __init__(self, *args, **kwargs):
        super().__init__(*[_xml_safe(arg) for arg in args], **{key: _xml_safe(value) for key, value in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*[_xml_safe(arg) for arg in args], **{key: _xml_safe(value) for key, value in kwargs.items()})


DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"


class RssWithSource(_WellFormed, Rss201rev2Feed):
    def add_root_elements(self, handler):
        super().add_root_elements(handler)  # ``<atom:link rel="self">`` among them
        for hub in settings.WEBSUB_HUBS:
            handler.addQuickElement("atom:link", None, {"rel": "hub", "href": hub})

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        # The first contributor is the item's dc:creator (author_name); each other one follows.
        for name in item.get("more_creators", ()):
            handler.addQuickElement("dc:creator", name, {"xmlns:dc": DC_NAMESPACE})
        if item.get("origin_url"):
            handler.addQuickElement("source", item["origin_name"], {"url": item["origin_url"]})


class AtomWithSource(_WellFormed, Atom1Feed):
    def add_root_elements(self, handler):
        super().add_root_elements(handler)  # ``<link rel="self">`` among them
        for hub in settings.WEBSUB_HUBS:
            handler.addQuickElement("link", "", {"rel": "hub", "href": hub})

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item.get("more_creators", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")
        if item.get("origin_url"):
            handler.startElement("source", {})
            handler.addQuickElement("id", item["origin_url"])
            handler.addQuickElement("title", item["origin_name"])
            handler.addQuickElement("link", "", {"rel": "alternate", "href": item["origin_url"]})
            handler.endElement("source")


class LatestRssFeed(Feed):
    feed_type = RssWithSource

    @property
    def language_code(self) -> str:
        # The language is the request's (from the URL prefix); instances are shared between requests.
        return get_language()

    def __call__(self, request, *args, **kwargs):
        """The feed, naming its WebSub hubs and itself in ``Link`` headers too (WebSub §4)."""
        response = super().__call__(request, *args, **kwargs)
        links = [f'<{hub}>; rel="hub"' for hub in settings.WEBSUB_HUBS]
        # Percent-encoded, the same address as the XML's self link and the hubs' topic.
        links.append(f'<{request.build_absolute_uri(escape_uri_path(request.path))}>; rel="self"')
        response["Link"] = ", ".join(links)
        return response

    def get_feed(self, obj, request):
        """The feed and its items, built once per content generation (``articles.public.fragments``)."""
        part = (type(self).__name__, getattr(obj, "pk", None), request.scheme, request.get_host())
        return fragments.kept("feed", part, lambda: super(LatestRssFeed, self).get_feed(obj, request))

    def title(self, obj=None) -> str:
        return gettext("%(site)s: latest stories") % {"site": site_name(self.language_code)}

    def link(self, obj=None) -> str:
        return page_path(self.language_code, "articles:home")

    def description(self, obj=None) -> str:
        return gettext("The latest stories published on %(site)s.") % {"site": site_name(self.language_code)}

    def items(self, obj=None):
        return selectors.article_list_for_feed(language=self.language_code)

    def item_title(self, item) -> str:
        return clean_text(item.safe_translation_getter("title", language_code=self.language_code, default=""))

    def item_link(self, item) -> str:
        return article_path(item, self.language_code)

    def item_description(self, item) -> str:
        parts = [linebreaks(escape(article_description(item, self.language_code)))]
        if item.is_republished and item.source_id:
            name = item.source.reader_name(self.language_code)
            if item.via_source_id and item.via_source_id != item.source_id:
                via = item.via_source.reader_name(self.language_code)
                line = gettext("Source: %(source)s, via %(via)s") % {"source": isolate(name), "via": isolate(via)}
            else:
                line = gettext("Source: %(source)s") % {"source": isolate(name)}
            parts.append(f"<p>{escape(line)}</p>")
            disclaimer = clean_text(item.render_disclaimer(self.language_code), multiline=True)
            if disclaimer:
                parts.append(f"<p>{escape(disclaimer)}</p>")
        return "".join(parts)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item) -> str:
        names = credit_names(item.credits, self.language_code)
        if names:
            return names[0]
        byline = clean_text(item.safe_translation_getter("byline", language_code=self.language_code, default=""))
        if byline:
            return byline
        if item.is_republished and item.source_id:
            return clean_text(item.source.reader_name(self.language_code))
        return site_name(self.language_code)

    def item_categories(self, item) -> list[str]:
        names = [item.section.display_name(self.language_code)] if item.section_id else []
        return [clean_text(name) for name in names + [tag.display_name(self.language_code) for tag in item.tags.all()]]

    def item_extra_kwargs(self, item) -> dict:
        extra = {"more_creators": credit_names(item.credits, self.language_code)[1:]}
        if item.is_republished and item.source_id:
            extra["origin_url"] = item.original_url or item.source.homepage_url or ""
            extra["origin_name"] = clean_text(item.source.reader_name(self.language_code))
        return extra


class LatestAtomFeed(LatestRssFeed):
    feed_type = AtomWithSource
    subtitle = LatestRssFeed.description


class SectionRssFeed(LatestRssFeed):
    def get_object(self, request, slug):
        return page_parts.found("section", slug, lambda: page_parts.active_section(slug))

    def title(self, obj=None) -> str:
        return gettext("%(site)s: %(section)s") % {
            "site": site_name(self.language_code),
            "section": isolate(obj.display_name(self.language_code)),
        }

    def link(self, obj=None) -> str:
        return section_path(obj, self.language_code)

    def description(self, obj=None) -> str:
        return gettext("The latest stories in %(section)s.") % {"section": isolate(obj.display_name(self.language_code))}

    def items(self, obj=None):
        return selectors.article_list_for_feed(language=self.language_code, section=obj)


class SectionAtomFeed(SectionRssFeed):
    feed_type = AtomWithSource
    subtitle = SectionRssFeed.description


class TagRssFeed(LatestRssFeed):
    def get_object(self, request, slug):
        return page_parts.found("tag", (slug, self.language_code), lambda: selectors.tag_get(slug=slug, language=self.language_code))

    def title(self, obj=None) -> str:
        return gettext("%(site)s: %(tag)s") % {"site": site_name(self.language_code), "tag": isolate(obj.display_name(self.language_code))}

    def link(self, obj=None) -> str:
        return page_path(self.language_code, "articles:tag", slug=obj.slug)

    def description(self, obj=None) -> str:
        return gettext("The latest stories tagged %(tag)s.") % {"tag": isolate(obj.display_name(self.language_code))}

    def items(self, obj=None):
        return selectors.article_list_for_feed(language=self.language_code, tag=obj)


class TagAtomFeed(TagRssFeed):
    feed_type = AtomWithSource
    subtitle = TagRssFeed.description


class SourceRssFeed(LatestRssFeed):
    def get_object(self, request, slug):
        return page_parts.found("source", slug, lambda: selectors.source_get(slug=slug))

    def title(self, obj=None) -> str:
        return gettext("%(site)s: stories from %(source)s") % {
            "site": site_name(self.language_code),
            "source": isolate(obj.reader_name(self.language_code)),
        }

    def link(self, obj=None) -> str:
        return page_path(self.language_code, "articles:source", slug=obj.slug)

    def description(self, obj=None) -> str:
        return gettext("The latest stories taken from %(source)s.") % {"source": isolate(obj.reader_name(self.language_code))}

    def items(self, obj=None):
        return selectors.article_list_for_feed(language=self.language_code, source=obj)


class SourceAtomFeed(SourceRssFeed):
    feed_type = AtomWithSource
    subtitle = SourceRssFeed.description


class AuthorRssFeed(LatestRssFeed):
    def get_object(self, request, slug):
        return page_parts.found("author", slug, lambda: selectors.author_get(slug=slug))

    def title(self, obj=None) -> str:
        return gettext("%(site)s: stories by %(author)s") % {
            "site": site_name(self.language_code),
            "author": isolate(obj.display_name(self.language_code)),
        }

    def link(self, obj=None) -> str:
        return author_path(obj.slug, self.language_code)

    def description(self, obj=None) -> str:
        return gettext("The latest stories credited to %(author)s.") % {"author": isolate(obj.display_name(self.language_code))}

    def items(self, obj=None):
        return selectors.article_list_for_feed(language=self.language_code, author=obj)


class AuthorAtomFeed(AuthorRssFeed):
    feed_type = AtomWithSource
    subtitle = AuthorRssFeed.description
