"""The read API (/api/v1/): stories as IPTC ninjs documents with their attribution, for machines.

    urls.py       the NinjaAPI, its error answers and URL patterns (docs at /api/v1/docs)
    stories.py    the story list (filters, cursors) and one story by id or public address
    lists.py      sections, tags, sources and search
    documents.py  a story as a ninjs document: attribution, rights, disclaimer, corrections
    queries.py    what the API reads (only public stories, scheduled ones for an embargo key)
    cursors.py    opaque keyset cursors
    access.py     API keys and rate limits
    http.py       JSON answers, ETag/Last-Modified from the content generation, 304, caching headers
    schemas.py    the shapes the OpenAPI document describes
    schema/       IPTC's ninjs 2.2 JSON schema (CC BY 4.0), which the tests validate against

It sits beside ``admin`` and ``ops``: it reads through ``public`` (selectors, the content
generation and kept parts, addresses) and ``search``, and writes nothing.
"""
