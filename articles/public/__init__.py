"""The public site: every page a reader can reach, and how it is kept.

Pages and addresses:
    urls.py, search_urls.py, converters.py   reader URLs (``articles:*``), search, the <uslug:> converter
    views.py          home, story, section, tag, source, about and feeds pages; robots.txt; 404
    search_page.py    the reader's search page and OpenSearch description (search_forms.py: its form)
    feeds.py          RSS and Atom feeds, attribution included
    sitemaps.py       sitemaps and the News sitemap
    preview.py        expiring preview links editors share before publication
Reading and rendering:
    selectors.py      every read a public page makes, one query plan each
    page_parts.py     the parts of a page (story, cards, navigation) built once per content generation
    seo.py, links.py, renditions.py, dates.py, numerals.py   head tags and JSON-LD, addresses,
                      image sizes, dates (Hijri too) and digits as readers see them
    limits.py, pagination.py   bounds on page numbers and request rates; counted pages
Keeping pages:
    cache.py          the page cache and content generations; ETag and Last-Modified
    fragments.py      parts kept per content generation beneath the page cache
    middleware.py     answers anonymous readers from the page cache early
    receivers.py      a saved or transitioned story starts a new generation
    purge.py          tells the CDN which addresses changed
    routers.py        readers' queries go to the read replica when there is one
Most read:
    beacon.py         the read beacon, answered early (no query, no cookie, bots and rates filtered)
    reads.py          the hourly read counters in the cache and their idempotent flush (tasks.py)
    most_read.py      the "most read" lists of the home and section pages, kept until the next flush
"""
