"""The stories of the read API: a list (filtered, paged by cursor) and one story, by id or address."""

from datetime import datetime
from functools import partial
from typing import Literal
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.http import Http404
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema
from pydantic import Field

from articles.api import cursors, queries
from articles.api.documents import story_document, tombstone
from articles.api.http import Conditional, document_list_response, dumps, error_response, json_text_response, next_link
from articles.api.schemas import Error, NinjsDocument, StoryList, Tombstone
from articles.models import Article
from articles.public import fragments, selectors, stored

router = Router(tags=["stories"])

Language = Literal[tuple(code for code, _name in settings.LANGUAGES)]


class BadFilter(ValueError):
    """A filter names something that does not exist (an unknown section, tag or source)."""


class StoryQuery(Schema):
    language: Language = Field(settings.LANGUAGE_CODE, description=_("Language of the documents (ar or en)."))
    section: str | None = Field(None, description=_("Slug of a section."))
    tag: str | None = Field(None, description=_("Slug of a tag."))
    source: str | None = Field(None, description=_("Slug of the source stories were republished from."))
    origin: Literal["original", "republished"] | None = Field(None, description=_("Original reporting or republished."))
    since: datetime | None = Field(
        None, description=_("Only stories changed after this time, oldest change first (for keeping a copy current).")
    )
    cursor: str | None = Field(None, description=_("The cursor of the next page, as given in “next”."))
    limit: int = Field(settings.API_PAGE_SIZE, ge=1, le=100, description=_("Stories per page, at most 100."))


def base_url(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def documents(stories: list[Article], *, request, language: str, look_up_stored: bool = True) -> dict[int, str]:
    """The ninjs documents of ``stories`` by id, as JSON text: kept per content generation (as the
    site keeps its cards), else as stored (``renderings``; read with the stories by
    ``queries.with_stored_documents``, or here unless ``look_up_stored`` is False), else built."""
    base = base_url(request)

    def build(missing: list) -> dict:
        wanted = [story for story in stories if (story.pk, base) in missing]
        texts = {story.pk: story.stored_document for story in wanted if hasattr(story, "stored_document")}
        unread = [story.pk for story in wanted if not hasattr(story, "stored_document")]
        texts.update(stored.read_public_many(unread, language, "api") if look_up_stored else {})
        # A scheduled story's stored document (read by a key under embargo) is not its current one.
        found = {story.pk: stored.with_origin(texts[story.pk], base) for story in wanted if texts.get(story.pk) and story.is_public()}
        todo = [story for story in wanted if story.pk not in found]
        extras = queries.load_documents_data(todo, language)
        for story in todo:
            found[story.pk] = dumps(
                tombstone(story, base=base, language=language)
                if story.is_withdrawn
                else story_document(story, extras[story.pk], base=base, language=language)
            )
        return {(pk, base): text for pk, text in found.items()}

    with translation.override(language):
        kept = fragments.kept_many("api-document", [(story.pk, base) for story in stories], build)
    return {pk: document for (pk, _base), document in kept.items()}


def _filters(params: StoryQuery) -> queries.StoryFilters:
    found = {}
    lookups = (
        ("section", selectors.section_get_active, _("There is no section “%(slug)s”.")),
        ("tag", partial(selectors.tag_get, language=params.language), _("There is no tag “%(slug)s”.")),
        ("source", selectors.source_get, _("There is no source “%(slug)s”.")),
    )
    for name, lookup, missing in lookups:
        slug = getattr(params, name)
        if slug:
            found[name] = lookup(slug=slug)
            if found[name] is None:
                raise BadFilter(str(missing) % {"slug": slug})
    if params.since is not None and params.since.tzinfo is None:
        raise BadFilter(gettext("“since” needs a time zone, e.g. 2026-01-31T12:00:00Z."))
    return queries.StoryFilters(language=params.language, origin=params.origin, since=params.since, **found)


@router.get(
    "/stories/",
    response={200: StoryList, 304: None, 400: Error, 401: Error, 429: Error},
    summary=_("Stories"),
    description=_("Public stories as ninjs documents, newest first; with “since”, the changed ones, oldest change first."),
)
def story_list(request, params: Query[StoryQuery]):
    conditional = Conditional(request, request.auth)
    if (answer := conditional.not_modified()) is not None:
        return answer
    try:
        filters = _filters(params)
        order = cursors.CHANGED if filters.since else cursors.NEWEST
        cursor = cursors.decode(order, params.cursor)
    except BadFilter as error:
        return error_response(str(error), status=400)
    except cursors.BadCursor:
        return error_response(gettext("This cursor does not belong to this list; start again without it."), status=400)
    stories = queries.story_list(filters, embargoed=request.auth.embargo)
    page, more = queries.story_page(stories, order, cursor, params.limit, language=filters.language)
    found = documents(page, request=request, language=filters.language)
    following = None
    if more and page:
        last = page[-1]
        following = next_link(request, cursor=cursors.encode(order, getattr(last, order.field), last.pk))
    return conditional.finish(document_list_response([found[story.pk] for story in page if story.pk in found], following))


def _story_answer(request, pk: int, language: str):
    """The answer about story ``pk``: its document, a tombstone (410) or 404, as the client may see it."""
    base = base_url(request)

    def build() -> tuple[str, str | None]:
        found = stored.read(pk, language, "api")
        if found is not None and found[2]:
            return "public", stored.with_origin(found[0], base)
        article = queries.story_get(pk)
        if article is None:
            raise Http404  # not kept: made-up ids must not fill the cache
        if article.is_withdrawn:
            return "gone", dumps(tombstone(article, base=base, language=language))
        if article.status != Article.Status.PUBLISHED:
            return "hidden", None
        article_documents = documents([article], request=request, language=language, look_up_stored=False)
        if pk not in article_documents or not article.has_translation(language):
            return "hidden", None
        return ("public" if article.is_public() else "scheduled"), article_documents[pk]

    with translation.override(language):
        state, document = fragments.kept("api-story", (pk, base), build)
    if state == "gone":
        return json_text_response(document, status=410)
    if state == "public" or (state == "scheduled" and request.auth.embargo):
        return json_text_response(document)
    raise Http404


class OneStory(Schema):
    language: Language = Field(settings.LANGUAGE_CODE, description=_("Language of the document (ar or en)."))


@router.get(
    "/stories/by-url/",
    response={200: NinjsDocument, 304: None, 400: Error, 404: Error, 410: Tombstone, 429: Error},
    summary=_("A story by its public address"),
)
def story_by_url(request, url: str = Query(..., description=_("The story's public address on this site."))):
    conditional = Conditional(request, request.auth)
    if (answer := conditional.not_modified()) is not None:
        return answer
    path = unquote(urlsplit(url).path)
    # The language prefix (/en/) is resolved only in its own language, as LocaleMiddleware does.
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            match = resolve(path)
    except Resolver404:
        match = None
    if match is None or match.view_name not in ("articles:detail", "articles:detail_by_id", "articles:short"):
        return error_response(gettext("This is not the address of a story on this site."), status=400)
    return conditional.finish(_story_answer(request, match.kwargs["pk"], language))


@router.get(
    "/stories/{pk}/",
    response={200: NinjsDocument, 304: None, 404: Error, 410: Tombstone, 429: Error},
    summary=_("A story"),
    description=_("One story as a ninjs document; a withdrawn story answers 410 with a tombstone."),
)
def story_detail(request, pk: int, params: Query[OneStory]):
    conditional = Conditional(request, request.auth)
    if (answer := conditional.not_modified()) is not None:
        return answer
    if not 0 < pk < 2**63:
        raise Http404
    return conditional.finish(_story_answer(request, pk, params.language))
