"""Reads for the demo's "most read" lists: a few days of hourly totals for every published story.

Deterministic for one ``now`` (a story's reads follow from its slug and age), and written with
``StoryReads.objects.upsert_totals``, which keeps the larger total: loading the demo again gives
the same rows and never lowers what readers' beacons counted meanwhile.
"""

import zlib
from datetime import datetime

from articles.models import Article, StoryReads
from articles.public.reads import current_hour

DAYS = 7
EVERY_HOURS = 6


def ensure_reads(*, now: datetime) -> int:
    """Seed reads of the published demo stories over the last ``DAYS`` days, modest enough for a
    few dozen page views in a try-out to move a story up the lists; returns the rows written."""
    # The current hour is left to the readers' counters: a flush keeps the larger of a bucket's
    # stored and counted totals, so a seeded total there would hide the first reads of a try-out.
    last = current_hour(now.timestamp()) - 1
    rows = []
    stories = Article.objects.published(now).prefetch_related("translations").order_by("-published_at", "-pk")
    for story in stories:
        weight = zlib.crc32(story.safe_translation_getter("slug", language_code="ar", any_language=True).encode()) % 40 + 5
        first = max(current_hour(story.published_at.timestamp()), last - DAYS * 24 + 1)
        for hour in range(last - (last - first) // EVERY_HOURS * EVERY_HOURS, last + 1, EVERY_HOURS):
            age = last - hour
            # Newer stories are read more; a few older ones stay popular all week.
            fading = 1 if weight > 35 else max(1, age // 12)
            rows.append((story.pk, hour, max(1, weight // (2 * fading))))
    return StoryReads.objects.upsert_totals(rows)
