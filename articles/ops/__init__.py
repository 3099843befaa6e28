"""Keeping the site running, for every page alike; imports nothing else of ``articles``.

    health.py          /healthz: the database answers, and whether the cache does
    cache_backend.py   Redis as a cache the site survives losing: errors degrade, a circuit breaker
    middleware.py      the 503 page (or a kept copy) while the database is away; a request that
                       found SQLite busy served again reading only; 400 for malformed admin query
                       strings; CSP nonces on form media
    lockout.py         the page shown to a login locked out after too many failures
    login_throttle.py  password guessing from many addresses: doubling delays and an alert, no lockout
    checks.py          `check --deploy`: a proxy trusted for HTTPS but not counted (PROXY_COUNT)
    backup.py          whole-site export to a zip file and import from one
"""
