"""Source ingest: partner feeds turned into attributed drafts.

Its tables (feeds, runs, items, versions) and the run-code messages live on the floor,
in ``articles.models.ingest``; this package holds the pipeline.

    fetch.py      HTTP through sources.outbound (internal addresses refused), size limit, conditional requests
    parse.py      bytes -> entries (feedparser for RSS/Atom, json for JSON Feed); no entity ever expanded
    encoding.py   which encoding undeclared or mislabelled bytes are in; readings that mix scripts refused
    dates.py      feed dates read strictly (RFC 822, ISO 8601); nothing rolled over or guessed
    clean.py      titles, bodies and URLs tidied: section label, hashtags, scraping debris, tracking
    debris.py     which lines are debris: the editors' rules (DebrisRule) and the built-in shapes
    matching.py   cited agencies through source aliases; near-duplicate detection
    diff.py       word diffs of a draft against its original; the original as received beside the cleaned
    services.py   one feed or file run: items -> drafts, versions, duplicates, the run log
    tasks.py      the queue: a feed read by a worker ("Read now", and the periodic task for due feeds)
"""
