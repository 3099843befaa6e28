"""Matching on normalized Arabic: agencies a story cites, and one story told by two sources.

Both compare ``sources.arabic.normalize_arabic`` output, so "فرانس برس" and "فرانس بـرس",
or "أ ف ب" and "ا.ف.ب", meet; the names are found by ``sources.names``.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from articles.models import IngestedItem, SimilarItem
from sources.arabic import normalize_arabic
from sources.models import Source
from sources.names import Registry


def fingerprint(title: str, text: str) -> str:
    """Normalized words of headline and text, the form both matchers compare."""
    return " ".join(re.findall(r"\w+", normalize_arabic(f"{title} {text}")))


def alias_list(*, exclude: Source | None = None) -> Registry:
    """Every active source's names, compiled once (``sources.names.Registry``) for ``cited_sources``.

    ``exclude`` is kept for callers that name the feed's owner here; it is left out when matching.
    """
    return Registry.from_db()


def cited_sources(text: str, *, exclude: Source | None = None, aliases: Registry | None = None) -> list[Source]:
    """Sources ``text`` cites (``sources.names``: longest match, optional descriptors, acronyms,
    transliterations, names that need a cue, subject-only mentions left out).

    ``aliases`` (from ``alias_list``) saves the look-up when many texts are matched in a row.
    """
    found = cited_source_ids(text, exclude=exclude, aliases=aliases)
    return list(Source.objects.filter(pk__in=found).order_by("slug"))


def cited_source_ids(text: str, *, exclude: Source | None = None, aliases: Registry | None = None) -> set[int]:
    """The ids of ``cited_sources``, without reading the sources."""
    if not normalize_arabic(text):
        return set()
    registry = aliases if aliases is not None else alias_list()
    return set(registry.cited(text, exclude={exclude.pk} if exclude is not None else set()))


def shingles(words: str, size: int = 3) -> set[str]:
    tokens = words.split()
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def similarity(a: str, b: str) -> float:
    """Jaccard overlap of word 3-grams of two fingerprints (0: nothing shared, 1: same text)."""
    return _overlap(shingles(a), shingles(b))


def _overlap(first: set[str], second: set[str]) -> float:
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


class RecentItems:
    """The recent items of other sources a new item may tell the same story as.

    Read once (on first use) and compared in memory, so a run of thousands of items costs one
    query here rather than one per item; each candidate's word 3-grams are computed once.
    Items another run adds meanwhile are not seen by this one (they compare against ours).
    """

    def __init__(self, *, exclude_source_id: int):
        self.exclude_source_id = exclude_source_id
        self._candidates: list[tuple[int, set[str]]] | None = None

    def candidates(self) -> list[tuple[int, set[str]]]:
        if self._candidates is None:
            since = timezone.now() - timedelta(days=settings.INGEST_SIMILARITY_DAYS)
            rows = (
                IngestedItem.objects.filter(created_at__gte=since)
                .exclude(source_id=self.exclude_source_id)
                .exclude(Q(fingerprint=""))
                .values_list("pk", "fingerprint")
            )
            self._candidates = [(pk, shingles(words)) for pk, words in rows.iterator()]
        return self._candidates

    def link(self, item: IngestedItem) -> list[SimilarItem]:
        """Link ``item`` with the candidates whose text overlaps it enough."""
        threshold = settings.INGEST_SIMILARITY_THRESHOLD
        own = shingles(item.fingerprint)
        links = []
        if not own:
            return links
        for pk, theirs in self.candidates():
            if pk == item.pk:
                continue
            score = _overlap(own, theirs)
            if score >= threshold:
                low, high = sorted([item.pk, pk])
                link, _created = SimilarItem.objects.get_or_create(
                    item_id=low, other_id=high, defaults={"similarity": round(score, 3)}
                )
                links.append(link)
        return links


def link_similar(item: IngestedItem) -> list[SimilarItem]:
    """Link ``item`` with recent items from other sources that tell the same story."""
    return RecentItems(exclude_source_id=item.source_id).link(item)
