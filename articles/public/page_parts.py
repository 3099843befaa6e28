"""Rendered parts of the public pages, kept per content generation (see ``articles.public.fragments``).

Views ask here for the navigation and breaking strip, the section, tag or source a slug names,
the story ids of a list page, story cards and the home page's section blocks; each is built from
the selectors and templates once per generation and then read from the cache in one round trip.
A story's own page parts (``StoryView``) are rendered by ``views.ArticleDetailView``.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from django.db.models import QuerySet
from django.http import Http404
from django.template.loader import get_template
from django.utils.translation import get_language, gettext

from articles.public import fragments, selectors, stored_cards
from articles.public.limits import page_number
from articles.public.pagination import BoundedCountPaginator, page_ids_with_count

T = TypeVar("T")


@dataclass(frozen=True)
class CardStyle:
    """How a story card is drawn: its heading level, as the lead story, with its section named or not."""

    level: int = 3
    is_lead: bool = False
    hide_section: bool = False

    @property
    def key(self) -> str:
        """The style's name among a story's stored cards (``stored_cards``)."""
        return f"h{self.level}{'-lead' if self.is_lead else ''}{'-nosection' if self.hide_section else ''}"


def story_cards(ids: list[int], style: CardStyle = CardStyle(), *, loaded: list | None = None, known=()) -> list[str]:
    """The rendered cards of the stories ``ids``, in that order (stories no longer public are left out).

    ``loaded``: those stories already read with ``selectors.article_list_published``, so a missing
    card is drawn without reading them again.
    """
    cards = cards_for([(pk, style) for pk in ids], loaded=loaded, known=known)
    return [cards[(pk, style)] for pk in ids if (pk, style) in cards]


def cards_for(wanted: list[tuple[int, CardStyle]], *, loaded: list | None = None, known=()) -> dict[tuple[int, CardStyle], str]:
    """``{(id, style): rendered card}`` for the stories still public, with one cache read and at most
    one load of the missing stories."""
    if not wanted:
        return {}
    language = get_language()

    def build(missing: list) -> dict:
        by_id = {story.pk: story for story in loaded or ()}
        found = {}
        if not loaded:  # stories read already are drawn rather than looked up again
            cards = stored_cards.read(sorted({pk for pk, _style in missing}), language)
            found = {(pk, style): cards[pk][style.key] for pk, style in missing if style.key in cards.get(pk, {})}
        unread = {pk for pk, style in missing if pk not in by_id and (pk, style) not in found}
        if unread:
            stories = with_parents(list(selectors.article_list_for_cards(language=language).filter(pk__in=unread)), known)
            by_id.update((story.pk, story) for story in stories)
        found.update(
            {(pk, style): draw_card(by_id[pk], style) for pk, style in missing if (pk, style) not in found and pk in by_id}
        )
        return found

    return fragments.kept_many("card", wanted, build)


def draw_card(story, style: CardStyle) -> str:
    """The card of ``story`` (read with its section and source) in ``style``."""
    context = {"story": story, "level": style.level, "is_lead": style.is_lead, "hide_section": style.hide_section}
    return get_template("articles/includes/card.html").render(context)


def active_sections() -> dict:
    """``{id: Section}`` of the active sections in their editorial order, translations loaded: the
    navigation's sections, kept once per content generation and shared by every story and card."""
    return fragments.kept("sections", (), lambda: {section.pk: section for section in selectors.section_list_for_nav()})


def with_parents(stories: list, known=()) -> list:
    """``stories`` (read with their section and source joined) with those sections and sources
    replaced by kept ones whose translations are loaded: the active sections come from
    ``active_sections``, the sources (and any inactive section) are kept one by one, so a name
    is read once per content generation rather than on every story page or list of cards.
    ``known``: sources whose translations are loaded already (the source a source page shows)."""
    sections = active_sections()
    joined = {}
    for story in stories:
        if story.section_id and story.section_id not in sections:
            joined.setdefault(("section", story.section_id), story.section)
        if story.source_id:
            joined.setdefault(("source", story.source_id), story.source)

    def build(missing: list) -> dict:
        for kind in ("section", "source"):
            selectors.load_translations([joined[key] for key in missing if key[0] == kind])
        return {key: joined[key] for key in missing}

    parents = {("source", source.pk): source for source in known}
    joined = {key: obj for key, obj in joined.items() if key not in parents}
    if joined:
        parents.update(fragments.kept_many("parent", sorted(joined), build))
    for story in stories:
        if story.section_id:
            story.section = sections.get(story.section_id) or parents[("section", story.section_id)]
        if story.source_id:
            story.source = parents[("source", story.source_id)]
    return stories


def related_ids(article, language: str) -> list[int]:
    """The ids of the stories related to ``article`` (``selectors.article_list_related``)."""
    return related_ids_for(article.pk, article.section_id, [tag.pk for tag in article.tags.all()], language)


def related_ids_for(pk: int, section_id: int | None, tag_ids, language: str) -> list[int]:
    """The ids of the stories related to story ``pk`` of section ``section_id`` with tags ``tag_ids``,
    merged from the newest stories of its section and of each of its tags, each list kept and shared."""
    wanted = [("section", section_id)] if section_id else []
    wanted += [("tag", tag_pk) for tag_pk in tag_ids]

    def build(missing: list) -> dict:
        return selectors.newest_by_group(
            section_ids=[pk for kind, pk in missing if kind == "section"],
            tag_ids=[pk for kind, pk in missing if kind == "tag"],
            language=language,
        )

    groups = list(fragments.kept_many("newest", sorted(wanted), build).values())
    return selectors.newest_of(groups, exclude=pk)


def site_chrome(current: str) -> dict[str, str]:
    """The navigation bar and the breaking strip; ``current`` names the page the navigation marks as current
    (``"home"``, a section's id, or ``""``)."""

    def build() -> dict[str, str]:
        context = {"nav_sections": list(active_sections().values()), "current": current}
        return {"nav": get_template("articles/includes/site_nav.html").render(context), "breaking": breaking_strip()}

    return fragments.kept("chrome", (current,), build)


def breaking_strip() -> str:
    """The breaking strip, rendered once per content generation for every page (it marks no current page)."""
    language = get_language()

    def build() -> str:
        context = {"breaking": selectors.breaking_articles(language=language)}
        return get_template("articles/includes/breaking.html").render(context)

    return fragments.kept("breaking", (), build)


def active_section(slug: str):
    """The active section whose slug in any language is ``slug``, from ``active_sections`` (no query once kept)."""
    for section in active_sections().values():
        if any(translation.slug == slug for translation in section.translations.all()):
            return section
    return None


@dataclass(frozen=True)
class StoryView:
    """A story's page as kept: whether it is shown (or gone), its address per language, and its
    rendered head tags and body."""

    found: bool = False
    gone: bool = False
    paths: dict[str, str] = field(default_factory=dict)
    title: str = ""
    description: str = ""
    canonical_url: str | None = None
    head: str = ""
    main: str = ""
    # A live story's feed of entries (articles.public.live); empty for other stories.
    live_feed: str = ""
    # What its related stories are chosen by (``related_ids_for``): they change with every
    # publication, so they are added to the page when it is served, never kept in it.
    section_id: int | None = None
    tag_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class StoryPage:
    """One page of a list of stories: the ids on it and what the page links need."""

    ids: tuple[int, ...]
    number: int
    num_pages: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def is_paginated(self) -> bool:
        return self.num_pages > 1


# The lists kept as ``ListedStory`` rows, by the name a list view gives its kind; the others (an
# author's stories) are read from the stories.
LISTED_KINDS = {"home": "all", "section": "section", "tag": "tag", "source": "source"}


def story_page(kind: str, part, queryset: QuerySet, page: str | None, per_page: int) -> StoryPage:
    """Page ``page`` (``?page=``; None for the first) of the stories of ``queryset``, kept as ``(kind, part)``.

    Http404 for anything but a page that exists (``limits.page_number`` turns away garbage and
    pages past ``MAX_PAGE`` before any query).
    """
    number = page_number(page)

    def build() -> StoryPage:
        if kind in LISTED_KINDS:
            ids, count = selectors.listed_page(
                kind=LISTED_KINDS[kind],
                group_id=part or 0,
                language=get_language(),
                number=number,
                per_page=per_page,
                bound=BoundedCountPaginator.max_pages * per_page,
            )
        else:
            ids, count = page_ids_with_count(queryset.prefetch_related(None), number=number, per_page=per_page)
        num_pages = max(1, math.ceil(count / per_page))
        if number > num_pages:
            raise Http404(gettext("There is no such page."))
        return StoryPage(ids=tuple(ids), number=number, num_pages=num_pages)

    return fragments.kept(f"list:{kind}", (part, number, per_page), build)


def found(kind: str, key, lookup: Callable[[], T | None]) -> T:
    """The object ``lookup`` finds (a section, tag or source by slug), kept; Http404 (not kept) when there is none."""

    def build() -> T:
        obj = lookup()
        if obj is None:
            raise Http404
        return obj

    return fragments.kept(f"object:{kind}", key, build)


def home_section_blocks(*, exclude: int) -> str:
    """The home page's section blocks, rendered: each section's newest stories but the lead story
    (``exclude``), as cards. Kept whole, on top of the cards it is made of."""
    language = get_language()

    def build() -> str:
        sections = selectors.section_list_for_nav()
        blocks = selectors.home_section_blocks(language=language, exclude=[exclude], sections=sections)
        style = CardStyle(hide_section=True)
        stories = [story for block in blocks for story in block.articles]
        cards = cards_for([(story.pk, style) for story in stories], loaded=stories)
        context = {
            "blocks": [
                {
                    "section": block.section,
                    "cards": [cards[(story.pk, style)] for story in block.articles if (story.pk, style) in cards],
                }
                for block in blocks
            ]
        }
        return get_template("articles/includes/section_blocks.html").render(context)

    return fragments.kept("home-blocks", (exclude,), build)
