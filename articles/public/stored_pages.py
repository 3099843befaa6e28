"""The public site's stored renderings (``articles.public.stored``): a story's page parts and its cards."""

from django.utils.safestring import mark_safe

from articles.public import live, page_parts, selectors, stored
from articles.public.story_render import StoryRenderer

# The card styles pages draw: list pages (h2), the home page's latest (h3) and lead, and related
# stories and the home page's section blocks (h3 without the section).
CARD_STYLES = (
    page_parts.CardStyle(level=2),
    page_parts.CardStyle(),
    page_parts.CardStyle(is_lead=True),
    page_parts.CardStyle(hide_section=True),
)


def stored_story(pk: int, language: str, origin: str) -> page_parts.StoryView | None:
    """The page parts of public story ``pk`` as stored, for ``origin``; None to render them instead."""
    found = stored.read(pk, language, "page")
    if found is None or not found[2]:
        return None
    main, meta, _public = found
    canonical = meta.get("canonical_url")
    return page_parts.StoryView(
        found=True,
        paths=meta["paths"],
        title=meta["title"],
        description=meta["description"],
        canonical_url=stored.with_origin(canonical, origin) if canonical else canonical,
        # Rendered (and escaped) by our templates when stored, as the kept parts are.
        head=mark_safe(stored.with_origin(meta["head"], origin)),  # noqa: S308
        main=mark_safe(stored.with_origin(main, origin)),  # noqa: S308
        section_id=meta.get("section_id"),
        tag_ids=tuple(meta.get("tag_ids", ())),
    )


def _public_story(pk: int, language: str):
    """Story ``pk`` loaded as its page loads it, if it is public and not live (that changes by the minute)."""
    article = selectors.article_get_for_preview(pk=pk, language=language)
    if article is None or not article.is_public() or live.coverage_of(article) is not None:
        return None  # scheduled stories are rendered when their time comes (``receivers``)
    return article


@stored.register("page")
def build_page(pk: int, language: str) -> tuple[str, dict] | None:
    """Story ``pk``'s head tags and body in ``language``."""
    article = _public_story(pk, language)
    if article is None:
        return None
    view = StoryRenderer(stored.ORIGIN).render(article)
    meta = {
        "head": view.head,
        "paths": view.paths,
        "title": view.title,
        "description": view.description,
        "canonical_url": view.canonical_url,
        "section_id": view.section_id,
        "tag_ids": list(view.tag_ids),
    }
    return view.main, meta


@stored.register("card")
def build_cards(pk: int, language: str) -> tuple[str, dict] | None:
    """Story ``pk``'s card in every style pages draw, as ``{style key: html}``."""
    stories = list(selectors.article_list_for_cards(language=language).filter(pk=pk))
    if not stories:
        return None
    story = page_parts.with_parents(stories)[0]
    return "", {style.key: page_parts.draw_card(story, style) for style in CARD_STYLES}
