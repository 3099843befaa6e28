"""Source ingest: partner feeds turned into attributed drafts.

The models live here, inside the articles app, because a feed's defaults (section, tags) and
its drafts are articles-side things, and ``sources`` must never import ``articles``.
``articles.models`` imports ``articles.ingest.models`` so Django registers them under the
``articles`` label.

    fetch.py      HTTP with timeouts, size and redirect limits, conditional requests
    parse.py      bytes -> entries (feedparser for RSS/Atom, json for JSON Feed), attack refusal
    clean.py      titles, bodies and URLs tidied: section prefix, scraping debris, tracking
    matching.py   cited agencies through source aliases; near-duplicate detection
    checks.py     publication checks for ingested drafts, and readable diffs
    services.py   one feed or file run: items -> drafts, versions, duplicates, the run log
"""
