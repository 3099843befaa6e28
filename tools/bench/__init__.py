"""The benchmark behind ``make bench`` (``manage.py bench``): corpus, load, measurements, report.

Nothing here is imported by the site itself except the bench-only middleware and floor view,
and those only when ``BENCH_QUERY_COUNT`` / ``BENCH_FLOOR_VIEW`` are switched on.
"""
