"""A live story as readers get it: its entries on the page, the small "entries after N" answer the
page polls, its JSON-LD (``LiveBlogPosting``) and its own feed.

The answer at ``articles/<pk>/live/<after>/<version>/`` is a public page like any other: kept
whole per content generation (every change to an entry starts a new one), served early with no
query, and cacheable by browsers and CDNs for ``LIVE_POLL_SECONDS``. Uncached it costs one query
when nothing changed (the coverage, with its story) and two otherwise (the entries as well).
"""

from dataclasses import dataclass, field

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET

from articles.models import Article, LiveCoverage, LiveEntry
from articles.public.cache import public_page
from articles.public.links import article_path
from sources.text import clean_text, xml_text

# How long browsers and CDNs may keep a poll's answer (seconds).
LIVE_POLL_SECONDS = 5
# How long they may keep a live story's page (its poll brings what is newer).
LIVE_PAGE_SECONDS = 15
# How many of the latest entries JSON-LD names (``liveBlogUpdate``) and the feed carries.
JSON_LD_UPDATES = 10
FEED_ENTRIES = 50


def coverage_of(article: Article) -> LiveCoverage | None:
    """The story's live coverage, read with it (``select_related("live")``), or None."""
    return getattr(article, "live", None)


def entry_text(entry: LiveEntry) -> str:
    return clean_text(" ".join(strip_tags(entry.body).split()))


def entry_headline(entry: LiveEntry) -> str:
    text = entry_text(entry)
    return text if len(text) <= 110 else text[:108].rsplit(" ", 1)[0] + "…"


@dataclass
class LivePage:
    """What a live story's page shows: pinned entries, key events, the stream, and the poll's start."""

    coverage: LiveCoverage
    pinned: list = field(default_factory=list)
    key_events: list = field(default_factory=list)
    stream: list = field(default_factory=list)
    after: int = 0


def live_page(coverage: LiveCoverage) -> LivePage:
    """Every entry of ``coverage`` (one query): pinned on top, key events listed, the rest newest first."""
    entries = list(LiveEntry.objects.filter(coverage=coverage).order_by("-pk"))
    page = LivePage(coverage=coverage, after=max((entry.pk for entry in entries), default=0))
    for entry in entries:
        (page.pinned if entry.is_pinned and not entry.is_withdrawn else page.stream).append(entry)
        if entry.is_key_event and not entry.is_withdrawn:
            page.key_events.append(entry)
    return page


def render_entry(entry: LiveEntry) -> str:
    return get_template("articles/includes/live_entry.html").render({"entry": entry})


def render_live(page: LivePage, story_path: str) -> str:
    """The live part of the story's page, complete without JavaScript."""
    return render_to_string(
        "articles/includes/live.html",
        {
            "live": page,
            "pinned": [(entry, render_entry(entry)) for entry in page.pinned],
            "stream": [(entry, render_entry(entry)) for entry in page.stream],
            "key_events": [(entry, entry_headline(entry)) for entry in page.key_events],
            "feed_url": live_feed_path(story_path),
            "updates_url": reverse(
                "articles:live_updates", kwargs={"pk": page.coverage.article_id, "after": 0, "version": 0}
            ),
        },
    )


def live_feed_path(story_path: str) -> str:
    return f"{story_path}live.atom"


def live_json_ld(data: dict, page: LivePage, own_url: str) -> dict:
    """Turn a story's ``NewsArticle`` into a ``LiveBlogPosting`` with its coverage times and latest entries."""
    updates = [entry for entry in page.pinned + page.stream if not entry.is_withdrawn]
    updates.sort(key=lambda entry: entry.pk, reverse=True)
    data["@type"] = "LiveBlogPosting"
    data["coverageStartTime"] = _iso(page.coverage.started_at)
    if page.coverage.ended_at:
        data["coverageEndTime"] = _iso(page.coverage.ended_at)
    data["liveBlogUpdate"] = [
        {
            "@type": "BlogPosting",
            "headline": entry_headline(entry),
            "articleBody": entry_text(entry),
            "datePublished": _iso(entry.posted_at),
            **({"dateModified": _iso(entry.edited_at)} if entry.edited_at else {}),
            "url": f"{own_url}#update-{entry.pk}",
            **({"author": {"@type": "Person", "name": entry.author_name}} if entry.author_name else {}),
        }
        for entry in updates[:JSON_LD_UPDATES]
    ]
    return data


def _iso(value) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


def _public_coverage(pk: int) -> LiveCoverage:
    coverage = LiveCoverage.objects.select_related("article").filter(article_id=pk).first()
    if coverage is None or not coverage.article.is_public():
        raise Http404
    return coverage


def _entry_data(entry: LiveEntry, after: int) -> dict:
    return {
        "id": entry.pk,
        "new": entry.pk > after,
        "pinned": entry.is_pinned and not entry.is_withdrawn,
        "key": entry.is_key_event and not entry.is_withdrawn,
        "headline": entry_headline(entry),
        "html": render_entry(entry),
    }


@require_GET
def live_updates_view(request, pk: int, after: int, version: int):
    """Entries of story ``pk`` posted after id ``after`` or changed since the coverage's ``version``."""
    coverage = _public_coverage(pk)
    data = []
    if version < coverage.version:
        # Every change raised the version: an answer for the current one needs no second query.
        changed = LiveEntry.objects.filter(coverage=coverage).filter(Q(pk__gt=after) | Q(revision__gt=version))
        data = [_entry_data(entry, after) for entry in changed.order_by("pk")]
    response = JsonResponse(
        {
            "version": coverage.version,
            "after": max([after, *(entry["id"] for entry in data)]),
            "ended": coverage.ended_at is not None,
            "entries": data,
        },
        json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},
    )
    response.max_age_limit = LIVE_POLL_SECONDS
    return response


live_updates = public_page(live_updates_view)


class LiveAtomFeed(Feed):
    """A live story's entries, newest first, as Atom (linked from its page)."""

    feed_type = Atom1Feed

    def get_object(self, request, pk: int, slug: str = ""):
        coverage = _public_coverage(pk)
        self.language = get_language()
        self.path = article_path(coverage.article, self.language)
        return coverage

    def title(self, coverage):
        title = coverage.article.safe_translation_getter("title", language_code=self.language, any_language=True)
        return xml_text(gettext("Live: %(title)s") % {"title": title})

    def link(self, coverage):
        return self.path

    def subtitle(self, coverage):
        return gettext("The latest updates of this live story.")

    def items(self, coverage):
        return LiveEntry.objects.filter(coverage=coverage, withdrawn_at__isnull=True).order_by("-pk")[:FEED_ENTRIES]

    def item_title(self, entry):
        return xml_text(entry_headline(entry))

    def item_description(self, entry):
        picture = render_to_string("articles/includes/live_feed_picture.html", {"entry": entry})
        return xml_text(entry.body + picture.strip())

    def item_link(self, entry):
        return f"{self.path}#update-{entry.pk}"

    def item_pubdate(self, entry):
        return entry.posted_at

    def item_updateddate(self, entry):
        return entry.edited_at or entry.posted_at

    def item_author_name(self, entry):
        return xml_text(entry.author_name) or None


live_feed = public_page(LiveAtomFeed())
