"""The public reader site: URL -> view -> selector -> template, cached whole for anonymous readers."""

from urllib.parse import unquote

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import get_language, get_language_info, gettext
from django.views.generic import TemplateView

from articles.public import fragments, live, page_parts, selectors, stored_pages
from articles.public.beacon import beacon_path
from articles.public.cache import PAGE_PARAMETERS, public_page
from articles.public.links import article_path, page_path, section_path
from articles.public.most_read import most_read_part
from articles.public.story_render import StoryRenderer
from sources.disclaimers import isolate

PAGE_SIZE = 12


def _language_links(request, paths: dict[str, str]) -> list[dict]:
    """The language switcher: only the languages the page exists in, each named in itself."""
    current = get_language()
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": request.build_absolute_uri(path),
            "path": path,
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
        if code in paths
        for path in [paths[code]]
    ]


class PublicPageMixin:
    """Everything every public page shows: navigation, the breaking strip, languages and feeds."""

    #: Query parameters that change the page, and so are part of its page-cache key.
    cache_parameters: tuple[str, ...] = PAGE_PARAMETERS

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        request.page_cache_parameters = self.cache_parameters

    @method_decorator(public_page)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def page_paths(self) -> dict[str, str]:
        """The address of this page in each language it exists in."""
        match = self.request.resolver_match
        return {code: page_path(code, match.view_name, **match.kwargs) for code, _name in settings.LANGUAGES}

    def canonical_path(self) -> str:
        path = self.page_paths()[get_language()]
        page = self.request.GET.get("page") if getattr(self, "paginate_by", None) else None
        return f"{path}?page={page}" if page and page.isdigit() and page != "1" else path

    def render_gone(self):
        """410 Gone, for a withdrawn story: it existed, and readers can no longer have it."""
        self.template_name = "articles/gone.html"
        return self.render_to_response(self.get_context_data(), status=410)

    def feed_links(self) -> list[dict]:
        return [
            {
                "type": "application/rss+xml",
                "title": gettext("Latest stories (RSS)"),
                "url": reverse("articles:feed_rss"),
            },
            {
                "type": "application/atom+xml",
                "title": gettext("Latest stories (Atom)"),
                "url": reverse("articles:feed_atom"),
            },
        ]

    def nav_current(self) -> str:
        """What the navigation bar marks as the current page: ``"home"``, a section's id, or nothing."""
        match = self.request.resolver_match
        if match and match.url_name == "home":
            return "home"
        section = getattr(self, "section", None)
        return str(section.pk) if section is not None else ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        languages = _language_links(self.request, self.page_paths())
        context.update(
            chrome=page_parts.site_chrome(self.nav_current()),
            language_links=languages,
            other_languages=[link for link in languages if not link["current"]],
            canonical_url=self.request.build_absolute_uri(self.canonical_path()),
            feed_links=self.feed_links(),
        )
        return context


class PublicListView(PublicPageMixin, TemplateView):
    """A page of stories, newest first: its ids (``story_page``) and cards are kept per content generation."""

    paginate_by = PAGE_SIZE
    #: Names this list among the kept lists (with ``list_part``); a section, tag or source page
    #: narrows the home page's list of every public story.
    list_kind = "home"

    def list_part(self):
        return ()

    def get_queryset(self):
        return selectors.article_list_published(language=get_language())

    def story_page(self) -> page_parts.StoryPage:
        return page_parts.story_page(
            self.list_kind, self.list_part(), self.get_queryset(), self.request.GET.get("page"), self.paginate_by
        )

    def get_context_data(self, **kwargs):
        page = self.story_page()
        context = super().get_context_data(page_obj=page, is_paginated=page.is_paginated, **kwargs)
        context.update(self.list_context(page))
        return context

    def list_context(self, page: page_parts.StoryPage) -> dict:
        return {"cards": page_parts.story_cards(list(page.ids), page_parts.CardStyle(level=2), known=self.known_sources())}

    def known_sources(self) -> tuple:
        """Sources this page has read already, with their translations (the source page's own)."""
        return ()


class HomeView(PublicListView):
    template_name = "articles/home.html"

    def list_context(self, page):
        ids = list(page.ids)
        if page.number > 1 or not ids:
            return {"latest": page_parts.story_cards(ids)}
        lead, plain = page_parts.CardStyle(is_lead=True), page_parts.CardStyle()
        cards = page_parts.cards_for([(ids[0], lead)] + [(pk, plain) for pk in ids[1:]])
        return {
            "lead": cards.get((ids[0], lead), ""),
            "latest": [cards[(pk, plain)] for pk in ids[1:] if (pk, plain) in cards],
            "section_blocks": page_parts.home_section_blocks(exclude=ids[0]),
            "most_read": most_read_part(),
        }


class SectionView(PublicListView):
    template_name = "articles/section.html"

    list_kind = "section"

    def list_part(self):
        return self.section.pk

    def get(self, request, *args, **kwargs):
        self.section = page_parts.found("section", kwargs["slug"], lambda: page_parts.active_section(kwargs["slug"]))
        canonical = section_path(self.section, get_language())
        if unquote(canonical) != request.path:
            return HttpResponsePermanentRedirect(canonical)
        return super().get(request, *args, **kwargs)

    def page_paths(self):
        return {code: section_path(self.section, code) for code, _name in settings.LANGUAGES}

    def feed_links(self):
        slug = self.kwargs["slug"]
        return [
            {
                "type": "application/rss+xml",
                "title": gettext("%(name)s (RSS)") % {"name": isolate(self.section.display_name())},
                "url": reverse("articles:section_rss", kwargs={"slug": slug}),
            },
            {
                "type": "application/atom+xml",
                "title": gettext("%(name)s (Atom)") % {"name": isolate(self.section.display_name())},
                "url": reverse("articles:section_atom", kwargs={"slug": slug}),
            },
        ]

    def get_queryset(self):
        return selectors.article_list_for_section(section=self.section, language=get_language())

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, most_read=most_read_part(self.section.pk), **kwargs)


class TagView(PublicListView):
    template_name = "articles/tag.html"

    list_kind = "tag"

    def list_part(self):
        return self.tag.pk

    def get(self, request, *args, **kwargs):
        self.tag = page_parts.found(
            "tag", (kwargs["slug"], get_language()), lambda: selectors.tag_get(slug=kwargs["slug"], language=get_language())
        )
        return super().get(request, *args, **kwargs)

    def feed_links(self):
        slug = self.kwargs["slug"]
        return [
            {
                "type": "application/rss+xml",
                "title": gettext("%(name)s (RSS)") % {"name": isolate(self.tag.display_name())},
                "url": reverse("articles:tag_rss", kwargs={"slug": slug}),
            },
            {
                "type": "application/atom+xml",
                "title": gettext("%(name)s (Atom)") % {"name": isolate(self.tag.display_name())},
                "url": reverse("articles:tag_atom", kwargs={"slug": slug}),
            },
        ]

    def get_queryset(self):
        return selectors.article_list_for_tag(tag=self.tag, language=get_language())

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class SourceView(PublicListView):
    template_name = "articles/source.html"

    list_kind = "source"

    def list_part(self):
        return self.source.pk

    def get(self, request, *args, **kwargs):
        self.source = page_parts.found("source", kwargs["slug"], lambda: selectors.source_get(slug=kwargs["slug"]))
        return super().get(request, *args, **kwargs)

    def feed_links(self):
        slug = self.kwargs["slug"]
        name = isolate(self.source.reader_name())
        return [
            {
                "type": "application/rss+xml",
                "title": gettext("%(name)s (RSS)") % {"name": name},
                "url": reverse("articles:source_rss", kwargs={"slug": slug}),
            },
            {
                "type": "application/atom+xml",
                "title": gettext("%(name)s (Atom)") % {"name": name},
                "url": reverse("articles:source_atom", kwargs={"slug": slug}),
            },
        ]

    def get_queryset(self):
        return selectors.article_list_for_source(source=self.source, language=get_language())

    def known_sources(self):
        return (self.source,)

    def get_context_data(self, **kwargs):
        return super().get_context_data(source=self.source, **kwargs)


class AboutView(PublicPageMixin, TemplateView):
    template_name = "articles/about.html"


class FeedsView(PublicPageMixin, TemplateView):
    """A page listing every feed, so readers can find them without reading page source."""

    template_name = "articles/feeds.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(sections=selectors.section_list_for_nav(), **kwargs)


class ArticleDetailView(PublicPageMixin, TemplateView):
    """A story's page. Its head tags and body are read as stored (``articles.public.stored``) or
    rendered, then kept per content generation (``page_parts.StoryView``) with the outcome of the
    look-up, so a kept story costs no query; its related stories are added when it is served."""

    template_name = "articles/article_detail.html"
    story = None

    def get(self, request, *args, **kwargs):
        language = get_language()
        self.story = fragments.kept(
            "story", (kwargs["pk"], request.scheme, request.get_host()), lambda: self.build_story(kwargs["pk"], language)
        )
        if self.story.gone:
            return self.render_gone()
        if not self.story.found:
            raise Http404
        canonical = self.story.paths[language]
        if unquote(canonical) != request.path:
            return HttpResponsePermanentRedirect(canonical)
        response = super().get(request, *args, **kwargs)
        if self.story.live_feed:
            # A live story changes by the minute: browsers and CDNs keep it briefly.
            response.max_age_limit = live.LIVE_PAGE_SECONDS
        return response

    def origin(self) -> str:
        return f"{self.request.scheme}://{self.request.get_host()}"

    def build_story(self, pk: int, language: str) -> page_parts.StoryView:
        found = stored_pages.stored_story(pk, language, self.origin())
        if found is not None:
            return found
        lookup = selectors.article_get_public(pk=pk, language=language)
        if lookup.gone:
            return page_parts.StoryView(gone=True)
        if lookup.article is None:
            # Not kept: made-up ids must not fill the cache.
            raise Http404
        return self.render_story(lookup.article)

    def render_story(self, article) -> page_parts.StoryView:
        """The story's page parts, rendered from the loaded ``article`` (for previews too)."""
        return StoryRenderer(self.origin(), path=self.request.path).render(article)

    def feed_links(self) -> list[dict]:
        links = super().feed_links()
        if self.story is not None and self.story.live_feed:
            links.insert(0, {"type": "application/atom+xml", "title": gettext("Live updates (Atom)"), "url": self.story.live_feed})
        return links

    def page_paths(self):
        if self.story is None or not self.story.found:
            return {get_language(): self.request.path}
        return self.story.paths

    def related_cards(self) -> list[str]:
        """The related stories' cards: they change with every publication, so they are never stored with the story."""
        story = self.story
        ids = page_parts.related_ids_for(self.kwargs["pk"], story.section_id, story.tag_ids, get_language())
        return page_parts.story_cards(ids, page_parts.CardStyle(hide_section=True))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.story is not None and self.story.found:
            context.update(story=self.story, canonical_url=self.story.canonical_url, related=self.related_cards())
            # "Most read": the page's script counts one read once the page is shown (not in previews).
            context["read_beacon"] = beacon_path(self.kwargs["pk"]) if "pk" in self.kwargs else None
        return context


class ShortLinkView(PublicPageMixin, TemplateView):
    """``/a/<id>``: the short share address, redirecting to the story's canonical page."""

    def page_paths(self):
        return {get_language(): self.request.path}

    def get(self, request, *args, **kwargs):
        lookup = selectors.article_status_for_short_link(pk=kwargs["pk"])
        if lookup.gone:
            return self.render_gone()
        if lookup.article is None:
            raise Http404
        language = get_language()
        if language not in lookup.article.get_available_languages():
            language = settings.LANGUAGE_CODE
        return HttpResponsePermanentRedirect(article_path(lookup.article, language))


def robots_txt(request) -> HttpResponse:
    """Crawlers may read everything public; the newsroom and previews are off limits; the sitemap is named."""
    lines = [
        "User-agent: *",
        *(f"Disallow: {page_path(code, 'admin:index')}" for code, _name in settings.LANGUAGES),
        # Shared previews of unpublished stories are for their recipients, never for search engines.
        *(f"Disallow: {page_path(code, 'articles:home')}preview/" for code, _name in settings.LANGUAGES),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap_index'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def page_not_found(request, exception=None):
    """The 404 page, in the reader's language, with the navigation and breaking strip of every page."""
    return render(request, "404.html", {"chrome": page_parts.site_chrome("")}, status=404)
