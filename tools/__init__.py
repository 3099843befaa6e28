"""Not the product: the benchmark harness (``bench/``) and the demo data (``demo/``).

Nothing in ``articles``, ``sources`` or ``cms`` imports this app, except the benchmark's
query-count middleware and floor view, switched on only by ``BENCH_*`` settings.
"""
