"""A large partner feed for the ingest measurement: RSS 2.0 with Arabic items and repeats."""

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

from tools.bench.search import VOCABULARY, zipf_weights

# One item in this many repeats an earlier item's GUID and link, as feeds that re-list stories do.
REPEAT_EVERY = 20


def write_feed(path: Path, items: int, *, seed: int = 5, host: str = "partner.example") -> int:
    """Write an RSS feed of ``items`` entries to ``path``; return how many are repeats."""
    rng = random.Random(seed)  # noqa: S311 - reproducible benchmark data, not security
    words = list(VOCABULARY)
    weights = zipf_weights(len(words))
    start = datetime(2026, 1, 1, tzinfo=UTC)
    entries, repeats = [], 0
    for n in range(items):
        ident = n
        if n and n % REPEAT_EVERY == 0:
            ident, repeats = rng.randrange(n), repeats + 1
        title = " ".join(rng.choices(words, weights, k=rng.randint(6, 12)))
        paragraphs = "".join(
            f"<p>{' '.join(rng.choices(words, weights, k=rng.randint(30, 50)))}.</p>" for _ in range(rng.randint(2, 4))
        )
        link = f"https://{host}/news/{ident}?utm_source=rss"
        entries.append(
            "<item>"
            f"<title>{escape(title)}</title>"
            f"<link>{escape(link)}</link>"
            f'<guid isPermaLink="false">{host}-{ident}</guid>'
            f"<pubDate>{format_datetime(start + timedelta(minutes=ident))}</pubDate>"
            f"<description>{escape(paragraphs)}</description>"
            "</item>"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>وكالة الاختبار</title><link>https://{host}/</link><language>ar</language>"
        + "\n".join(entries)
        + "</channel></rss>\n",
        encoding="utf-8",
    )
    return repeats
