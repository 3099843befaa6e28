"""Sample gunicorn configuration for Khabar: `gunicorn -c deploy/gunicorn.conf.py cms.wsgi`.

Every value can be overridden from the environment (GUNICORN_*), so one file serves every host.
gunicorn sits behind the reverse proxy in deploy/nginx.conf, which buffers slow clients; that is
why plain synchronous workers are the right kind here. See docs/benchmark.md for the figures.
"""

import multiprocessing
import os

# Loopback only: the proxy is the one that faces the internet.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Django pages are CPU-bound once the database answers in a millisecond: one worker per core
# serves best (measured with `make bench`); 2 x cores + 1 suits slower databases.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count()))
worker_class = "sync"
# Load the application once in the master, so workers share its memory pages.
preload_app = True
# A request that takes this long is stuck; the worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Replace workers now and then, so a slow leak never grows into a restart at peak time.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
# The proxy sets X-Forwarded-For / X-Forwarded-Proto; trust them only from the proxy's address.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Worker heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm"
