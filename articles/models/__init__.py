"""The floor: every table of the ``articles`` label and what a story is.

    content.py    sections, tags, stories, their events and corrections
    autosave.py   what an editor typed and has not saved yet
    api.py        the read API's keys (stored hashed)
    search.py     the search index's documents
    ingest.py     partner feeds, their runs, ingested items and versions; the run-code messages
    workflow.py   the states and transitions of a story, as data
    querysets.py  the story queries every area chains (published, visible to readers, ...)
    sanitize.py   the one HTML allow-list for bodies, and bodies as plain text

Code outside this package imports tables from ``articles.models``, never from a submodule.
"""

from articles.models.api import ApiKey
from articles.models.autosave import ArticleAutosave
from articles.models.content import Article, ArticleEvent, Correction, NormalizedTagManager, Section, Tag, TaggedArticle
from articles.models.ingest import Feed, FeedRun, IngestedItem, IngestedVersion, SimilarItem
from articles.models.search import ArticleSearchDocument

__all__ = [
    "ApiKey",
    "Article",
    "ArticleAutosave",
    "ArticleEvent",
    "ArticleSearchDocument",
    "Correction",
    "Feed",
    "FeedRun",
    "IngestedItem",
    "IngestedVersion",
    "NormalizedTagManager",
    "Section",
    "SimilarItem",
    "Tag",
    "TaggedArticle",
]
