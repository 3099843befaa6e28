"""The read API's other lists: sections, tags, sources, and a search over public stories."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema
from pydantic import Field

from articles.api import cursors, queries
from articles.api.documents import usage_terms
from articles.api.http import (
    Conditional,
    document_list_response,
    error_response,
    json_response,
    list_response,
    next_link,
)
from articles.api.schemas import Error, SectionOut, SourceOut, StoryList, TagList
from articles.api.stories import Language, base_url, documents
from articles.public.links import page_path, section_path
from articles.search.engine import SEARCH_CANDIDATES, search_articles

router = Router()

# Ranked results have no stable key: their cursor is a position, within the newest matches the
# site's search ranks (SEARCH_CANDIDATES), so no cursor asks the database for a deep OFFSET.
SEARCH_MAX_OFFSET = SEARCH_CANDIDATES


class InLanguage(Schema):
    language: Language = Field(settings.LANGUAGE_CODE, description=_("Language of the names (ar or en)."))


@router.get("/sections/", response={200: list[SectionOut], 304: None, 429: Error}, tags=["sections"], summary=_("Sections"))
def section_list(request, params: Query[InLanguage]):
    conditional = Conditional(request, request.auth)
    if (answer := conditional.not_modified()) is not None:
        return answer
    base, language = base_url(request), params.language
    items = [
        {
            "id": section.pk,
            "name": section.display_name(language),
            "slug": section.safe_translation_getter("slug", language_code=language, any_language=True),
            "uri": base + section_path(section, language),
        }
        for section in queries.sections_in_order()
    ]
    return conditional.finish(json_response(items))


class TagQuery(InLanguage):
    cursor: str | None = Field(None, description=_("The cursor of the next page, as given in “next”."))
    limit: int = Field(100, ge=1, le=100, description=_("Tags per page, at most 100."))


@router.get("/tags/", response={200: TagList, 304: None, 400: Error, 429: Error}, tags=["tags"], summary=_("Tags in use"))
def tag_list(request, params: Query[TagQuery]):
    conditional = Conditional(request, request.auth)
    if (answer := conditional.not_modified()) is not None:
        return answer
    try:
        after = cursors.decode_text("tags", params.cursor)
    except cursors.BadCursor:
        return error_response(gettext("This cursor does not belong to this list; start again without it."), status=400)
    tags, more = queries.tags_in_use(after=after, size=params.limit, language=params.language)
    base = base_url(request)
    items = [
        {"name": tag.display_name(params.language), "slug": tag.slug, "uri": base + page_path(params.language, "articles:tag", slug=tag.slug)}
        for tag in tags
    ]
    following = next_link(request, cursor=cursors.encode_text("tags", tags[-1].slug)) if more and tags else None
    return conditional.finish(list_response(items, following))


@router.get("/sources/", response={200: list[SourceOut], 304: None, 429: Error}, tags=["sources"], summary=pgettext_lazy("news source", "Sources"))
def source_list(request, params: Query[InLanguage]):
    conditional = Conditional(request, request.auth)
    if (answer := conditional.not_modified()) is not None:
        return answer
    base = base_url(request)
    with translation.override(params.language):
        items = [
            {
                "slug": source.slug,
                "name": source.display_name(params.language),
                "kind": source.kind,
                "homepage": source.homepage_url,
                "uri": base + page_path(params.language, "articles:source", slug=source.slug),
                "usageterms": usage_terms(source, source.display_name(params.language)),
            }
            for source in queries.sources_in_order()
        ]
    return conditional.finish(json_response(items))


class SearchQuery(InLanguage):
    q: str = Field(..., min_length=1, max_length=200, description=_("The words to find, spelled any way."))
    cursor: str | None = Field(None, description=_("The cursor of the next page, as given in “next”."))
    limit: int = Field(settings.API_PAGE_SIZE, ge=1, le=100, description=_("Stories per page, at most 100."))


@router.get(
    "/search/",
    response={200: StoryList, 304: None, 400: Error, 429: Error},
    tags=["search"],
    summary=_("Search"),
    description=_("Public stories matching the words, best first, as ninjs documents (the site's Arabic search)."),
)
def search(request, params: Query[SearchQuery]):
    conditional = Conditional(request, request.auth)
    if (answer := conditional.not_modified()) is not None:
        return answer
    try:
        offset = cursors.decode_offset("search", params.cursor, limit=SEARCH_MAX_OFFSET)
    except cursors.BadCursor:
        return error_response(gettext("This cursor does not belong to this list; start again without it."), status=400)
    results = search_articles(params.q, language=params.language)
    ranked = list(results.documents.values_list("article_id", flat=True)[offset : offset + params.limit + 1])
    more, ranked = len(ranked) > params.limit, ranked[: params.limit]
    stories = {story.pk: story for story in queries.stories_by_id(ranked)}
    page = [stories[pk] for pk in ranked if pk in stories]
    found = documents(page, request=request, language=params.language)
    following = None
    if more and offset + params.limit < SEARCH_MAX_OFFSET:
        following = next_link(request, cursor=cursors.encode_offset("search", offset + params.limit))
    return conditional.finish(document_list_response([found[story.pk] for story in page if story.pk in found], following))
