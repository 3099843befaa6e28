"""The floor: every table of the ``articles`` label and what a story is.

    content.py    sections, stories, their events and corrections
    tags.py       tags (normalized, translated) and how stories carry them
    attribution.py  an editor's decision on the origin a story's text names
    autosave.py   what an editor typed and has not saved yet
    media.py      the media library: pictures with their credit, rights and focal point
    api.py        the read API's keys (stored hashed)
    listing.py    which published stories each list of the public site holds (its index, kept)
    renderings.py stories as last rendered (page, API document), kept across content generations
    reads.py      reads of stories per hour ("most read"), flushed from the cache's counters
    search.py     the search index's documents
    ingest.py     partner feeds, their runs, ingested items and versions; the run-code messages
    distribution.py  Telegram channels, their posts, and the log of every push (Telegram, WebSub, IndexNow)
    debris.py     the phrases and patterns the ingest cleaner removes from bodies
    live.py       live coverage of a story and its entries
    people.py     author profiles and a story's contributors (credited on its page)
    events.py     the outbox of story events, webhook endpoints and deliveries, periodic-task clock
    workflow.py   the states and transitions of a story, as data
    querysets.py  the story queries every area chains (published, visible to readers, ...)
    sanitize.py   the one HTML allow-list for bodies, and bodies as plain text

Code outside this package imports tables from ``articles.models``, never from a submodule.
"""

from articles.models.api import ApiKey
from articles.models.attribution import AttributionDecision
from articles.models.autosave import ArticleAutosave
from articles.models.content import Article, ArticleEvent, Correction, Section
from articles.models.debris import DebrisRule
from articles.models.distribution import Distribution, TelegramChannel, TelegramPost
from articles.models.events import StoryEvent, TaskBeat, WebhookDelivery, WebhookEndpoint
from articles.models.ingest import Feed, FeedRun, IngestedItem, IngestedVersion, SimilarItem
from articles.models.listing import ListedStory
from articles.models.live import LiveCoverage, LiveEntry
from articles.models.media import GalleryItem, Picture
from articles.models.people import Author, Contribution, credit_name, refresh_credits
from articles.models.querysets import translations_from_prefetch
from articles.models.reads import StoryReads
from articles.models.renderings import StoredRendering
from articles.models.search import ArticleSearchDocument
from articles.models.tags import NormalizedTagManager, Tag, TaggedArticle

__all__ = [
    "ApiKey",
    "Article",
    "ArticleAutosave",
    "ArticleEvent",
    "ArticleSearchDocument",
    "AttributionDecision",
    "Author",
    "Contribution",
    "Correction",
    "DebrisRule",
    "Distribution",
    "Feed",
    "GalleryItem",
    "FeedRun",
    "IngestedItem",
    "IngestedVersion",
    "ListedStory",
    "LiveCoverage",
    "LiveEntry",
    "NormalizedTagManager",
    "Picture",
    "Section",
    "SimilarItem",
    "StoryEvent",
    "StoredRendering",
    "StoryReads",
    "Tag",
    "TaggedArticle",
    "TaskBeat",
    "TelegramChannel",
    "TelegramPost",
    "WebhookDelivery",
    "WebhookEndpoint",
    "credit_name",
    "refresh_credits",
    "translations_from_prefetch",
]
