"""Khabar settings: one module (with cms/channels.py for what leaves the site), every deployment-specific value read from the environment.

The environment variables are listed in README.md. Defaults are safe for a developer's
machine (SQLite under var/, DEBUG on); production sets DEBUG=0 and a SECRET_KEY.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from cms.env import env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


# ---- CORE ---- https://docs.djangoproject.com/en/5.2/ref/settings/#core-settings
DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off Khabar refuses to start without a secret "
            "key: set the SECRET_KEY environment variable to a long random string."
        )
    # Development only: a fixed, clearly-labelled key so sessions survive restarts.
    SECRET_KEY = "django-insecure-khabar-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

SITE_NAME = os.environ.get("SITE_NAME", "خبر")
# The site's name on the English edition: "Khabar" for the default name, else SITE_NAME unless set.
SITE_NAME_EN = os.environ.get("SITE_NAME_EN", SITE_NAME if "SITE_NAME" in os.environ else "Khabar")
# How long a story flagged as breaking stays in the strip at the top of every page.
BREAKING_NEWS_HOURS = int(os.environ.get("BREAKING_NEWS_HOURS", "6"))
# How long a shared preview link of an unpublished story keeps working.
PREVIEW_LINK_HOURS = int(os.environ.get("PREVIEW_LINK_HOURS", "48"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # WhiteNoise serves static files under runserver too, exactly as in production.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "parler",
    "taggit",
    "django_prose_editor",
    "reversion",
    "csp",
    # django-ninja (the read API); listed so its docs page uses its own static files, not a CDN.
    "ninja",
    "cms.apps.AxesConfig",  # django-axes, with a translatable admin name
    # Background work on Django's Tasks API (the django-tasks backport until Django 6).
    "django_tasks",
    "django_tasks_db",
    "sources",
    "articles",
    # Not the product: `make bench` and `make run`'s demo (their management commands).
    "tools.apps.ToolsConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The read beacon of "most read" (POST /reads/…): answered here, before static files, the page
    # cache, sessions, CSRF and authentication; a few cache operations, no query (articles.public.beacon).
    "articles.public.beacon.ReadBeaconMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # ETag, Last-Modified and 304 answers for conditional requests (before anything that edits the body).
    "django.middleware.http.ConditionalGetMiddleware",
    # Cached public pages for anonymous readers, answered before the rest of the stack runs.
    "articles.public.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Below the locale middleware so the 503 page speaks the visitor's language.
    "articles.ops.middleware.DatabaseUnavailableMiddleware",
    # A malformed admin query string (a date past the calendar, ?language=zz, a NUL) is a 400.
    "articles.ops.middleware.AdminParametersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "articles.ops.middleware.MediaNonceMiddleware",
    # Many addresses guessing one account's password: "try again in X seconds", doubling.
    "articles.ops.login_throttle.LoginThrottleMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"
ASGI_APPLICATION = "cms.asgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# ---- DATABASE ---- https://github.com/jazzband/dj-database-url
# SQLite under var/ is the embedded default; production sets DATABASE_URL=postgres://…
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'khabar.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
# Each request runs in one transaction, so a failure half-way (a lost connection, a crash in a
# translation's save) never leaves half an article behind; the admin adds its own as well.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# An optional read replica for the public site: anonymous readers' pages read from it, everything
# else (editors, the admin, every write) uses the primary. See articles/public/routers.py.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0"))
    )
    # Tests read the replica through the primary's connection, as a real replica would mirror it.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["articles.public.routers.PublicReadRouter"]
# For this many seconds after content changes, public pages still read the primary, so a page
# rendered (and cached) right after publication never comes from a replica that lags behind.
DATABASE_REPLICA_LAG_SECONDS = int(os.environ.get("DATABASE_REPLICA_LAG_SECONDS", "10"))
# SQLite as a serious embedded database (https://docs.djangoproject.com/en/5.2/ref/databases/#sqlite-notes):
# write-ahead logging, so readers never wait for a writer; every transaction takes the write lock
# when it begins (IMMEDIATE), so two saves queue for SQLITE_TIMEOUT seconds instead of the second
# failing at once with "database is locked" when it upgrades from reading to writing. A save
# that waits longer gets its form back (articles.ops.middleware), never the outage page.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": float(os.environ.get("SQLITE_TIMEOUT", "20")),
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.sqlite3":
        _database["OPTIONS"] = {**SQLITE_OPTIONS, **_database.get("OPTIONS", {})}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Keep the SQLite file's folder present so a fresh clone can migrate straight away.
    VAR_DIR.mkdir(exist_ok=True)
    # Tests use a file too, not Django's shared in-memory database: its table locks fail at once
    # ("database table is locked") where a file waits out the busy timeout, so threads (background
    # feed reads, concurrent saves) would meet a locking no deployment has.
    DATABASES["default"].setdefault("TEST", {}).setdefault("NAME", str(VAR_DIR / "test-khabar.sqlite3"))

# ---- CACHE ---- https://docs.djangoproject.com/en/5.2/topics/cache/
_cache_url = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL")
if _cache_url:
    # Django's RedisCache, except that an unreachable Redis degrades to an empty cache (pages are
    # built from the database) behind a circuit breaker, with short socket timeouts; see
    # articles/ops/cache_backend.py. Production Redis: maxmemory with allkeys-lru (docs/operations.md).
    CACHES = {
        "default": {
            "BACKEND": "articles.ops.cache_backend.ResilientRedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "khabar"),
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("CACHE_CONNECT_TIMEOUT", "0.25")),
                "socket_timeout": float(os.environ.get("CACHE_READ_TIMEOUT", "0.5")),
                # After a failure the cache is left alone this long, then tried again.
                "RETRY_SECONDS": float(os.environ.get("CACHE_RETRY_SECONDS", "5")),
                # Changes made during an outage never reached the cache: once it is back, a new
                # content generation retires every page and part kept before.
                "ON_RECOVERY": "articles.public.cache.invalidate_public_pages",
            },
        }
    }
else:
    # Each process's memory. Django's default of 300 entries is fewer than the page parts one
    # busy site keeps (story cards, lists, pages, sitemap parts): at 300 it drops a third of them
    # at once, and the pages built again meanwhile were the benchmark's slowest 1%.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("LOCMEM_CACHE_ENTRIES", "5000"))},
        }
    }

# Public pages are cached whole for anonymous readers. The cache is emptied whenever a story,
# section, source or tag changes, and never outlives the next scheduled publication.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# Beneath it, the parts of pages (story cards, lists, navigation, a story's body) are kept per
# content generation for everyone, editors included (articles.public.fragments); 0 turns that off.
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "3600"))
# How long browsers and shared caches may reuse a public page without asking again.
PUBLIC_MAX_AGE = int(os.environ.get("PUBLIC_MAX_AGE", "60"))
# How long a CDN may keep a public page (s-maxage; 0 leaves it at PUBLIC_MAX_AGE). Worth raising
# only with CDN_PURGE_URL set, so that publishing a story empties the CDN at once.
PUBLIC_SHARED_MAX_AGE = int(os.environ.get("PUBLIC_SHARED_MAX_AGE", "0"))
# Publishing, withdrawing or changing a story POSTs its addresses and surrogate keys to this URL
# (a CDN's purge endpoint or a small relay to it), with CDN_PURGE_TOKEN as a bearer token.
CDN_PURGE_URL = os.environ.get("CDN_PURGE_URL", "")
CDN_PURGE_TOKEN = os.environ.get("CDN_PURGE_TOKEN", "")
CDN_PURGE_TIMEOUT = float(os.environ.get("CDN_PURGE_TIMEOUT", "3"))

# ---- AUTH ---- https://docs.djangoproject.com/en/5.2/topics/auth/
# django-axes goes first so that a locked-out client never reaches the password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# ---- I18N ---- https://docs.djangoproject.com/en/5.2/topics/i18n/
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Day, month, year in Arabic dates (Django's Arabic formats leave date-and-time to English order).
FORMAT_MODULE_PATH = ["cms.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Aden")
USE_I18N = True
USE_TZ = True

# How Arabic pages name the Gregorian months: "egyptian" (يناير … ديسمبر, Django's Arabic
# catalog), "levantine" (كانون الثاني … كانون الأول) or "both" (كانون الأول/ديسمبر). See articles/public/dates.py.
MONTH_NAMES = os.environ.get("MONTH_NAMES", "egyptian")
# Digits of the numbers and dates Arabic pages show readers: "western" (0-9) or "arabic-indic"
# (٠-٩). Addresses and machine-read values always use 0-9. See articles/public/numerals.py.
DIGITS = os.environ.get("DIGITS", "western")

# django-parler: Arabic is the default language and the fallback for every other one.
# https://django-parler.readthedocs.io/en/stable/configuration.html
PARLER_DEFAULT_LANGUAGE_CODE = "ar"
PARLER_LANGUAGES = {
    None: tuple({"code": code} for code, _name in LANGUAGES),
    "default": {"fallbacks": ["ar"], "hide_untranslated": False},
}

# django-taggit keeps Arabic letters in tag slugs.
TAGGIT_CASE_INSENSITIVE = True
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = False
TAGGIT_TAGS_FROM_STRING = "articles.newsroom.tagging.parse_tags"

# ---- STATIC AND MEDIA ---- https://docs.djangoproject.com/en/5.2/howto/static-files/
# https://whitenoise.readthedocs.io/en/stable/django.html
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed, compressed file names need `collectstatic`; development and tests read the source folders.
STATIC_HASHED = env_bool("STATIC_HASHED", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_HASHED
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded media on S3-compatible object storage (AWS S3, MinIO, Cloudflare R2, …) through
# django-storages when a bucket is named; https://django-storages.readthedocs.io/en/latest/backends/amazon-S3.html
# Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or the host's role), read by boto3.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            # A CDN or the bucket's public domain in front of the media, e.g. media.khabar.example.
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            # Media addresses are public and stable (no signed, expiring query strings), so pages
            # that show them can be cached.
            "querystring_auth": False,
            "default_acl": None,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
# Without collected files, WhiteNoise serves the source folders directly.
WHITENOISE_USE_FINDERS = not STATIC_HASHED
# WhiteNoise expects the collected folder to exist, even before the first collectstatic.
try:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
except OSError:  # a read-only deployment has collected its files already
    pass
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Widths (in pixels) of the resized copies made of lead images, in WebP and JPEG.
IMAGE_RENDITION_WIDTHS = (480, 800, 1200)

# The story form keeps what an editor types every this many seconds (an autosave, kept apart).
ADMIN_AUTOSAVE_SECONDS = int(os.environ.get("ADMIN_AUTOSAVE_SECONDS", "10"))
# Uploaded images: formats, size and pixel limits (checked by sources.images).
IMAGE_ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
IMAGE_MAX_BYTES = int(os.environ.get("IMAGE_MAX_BYTES", str(10 * 1024 * 1024)))
IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", str(40_000_000)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# ---- OUTBOUND ---- every request to an address someone typed in (sources.outbound)
# Hosts (or host:port) that may be reached although they are on internal addresses (loopback,
# private, link-local…): an intranet partner, a test server. Empty: public addresses only.
OUTBOUND_ALLOWED_HOSTS = env_list("OUTBOUND_ALLOWED_HOSTS", [])

# ---- INGEST ---- partner feeds pulled by `manage.py ingest_feeds` (articles.ingest)
# https://www.python-httpx.org/advanced/timeouts/ and https://feedparser.readthedocs.io/
INGEST_USER_AGENT = os.environ.get("INGEST_USER_AGENT", "Khabar-Ingest/1.0 (newsroom feed reader)")
INGEST_CONNECT_TIMEOUT = float(os.environ.get("INGEST_CONNECT_TIMEOUT", "10"))
INGEST_READ_TIMEOUT = float(os.environ.get("INGEST_READ_TIMEOUT", "30"))
INGEST_TOTAL_TIMEOUT = float(os.environ.get("INGEST_TOTAL_TIMEOUT", "120"))
INGEST_MAX_BYTES = int(os.environ.get("INGEST_MAX_BYTES", str(10 * 1024 * 1024)))
INGEST_MAX_REDIRECTS = int(os.environ.get("INGEST_MAX_REDIRECTS", "5"))
# Legacy Arabic feeds that declare no charset (or a wrong Latin one) are read in this encoding.
INGEST_FALLBACK_ENCODING = os.environ.get("INGEST_FALLBACK_ENCODING", "windows-1256")
# Two stories from different sources whose texts overlap this much (0–1) are flagged as one story.
INGEST_SIMILARITY_THRESHOLD = float(os.environ.get("INGEST_SIMILARITY_THRESHOLD", "0.5"))
INGEST_SIMILARITY_DAYS = int(os.environ.get("INGEST_SIMILARITY_DAYS", "3"))

# ---- TASKS ---- https://docs.djangoproject.com/en/6.0/topics/tasks/ (django-tasks backport)
# Slow and outbound work (feeds, webhooks) runs in workers: `manage.py worker` (docs/operations.md).
# "database" (django-tasks-db) needs no other service; "rq" keeps the queue in Redis (REDIS_URL)
# for workers on many machines. Tasks are enqueued only once the transaction that asked commits.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
TASKS_QUEUE = os.environ.get("TASKS_QUEUE", "default")
if TASKS_BACKEND == "rq":
    if not os.environ.get("REDIS_URL"):
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL, e.g. redis://127.0.0.1:6379/0.")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [TASKS_QUEUE]}}
    RQ_QUEUES = {TASKS_QUEUE: {"URL": os.environ["REDIS_URL"], "DEFAULT_TIMEOUT": 600}}
    RQ_SHOW_ADMIN_LINK = False
elif TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": [TASKS_QUEUE]}}
else:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be 'database' or 'rq', not {TASKS_BACKEND!r}.")
# How often each worker's clock looks for due work (feeds to read, outbox events to send).
TASKS_BEAT_SECONDS = float(os.environ.get("TASKS_BEAT_SECONDS", "10"))
# Work that should have started this long ago and that no worker holds is taken for lost (a worker
# was killed) and enqueued again by the sweep; what a worker holds is free again this long after its deadline.
TASKS_LOST_AFTER_SECONDS = float(os.environ.get("TASKS_LOST_AFTER_SECONDS", "60"))
# Retries: the n-th waits about RETRY_BASE * 2**n seconds (with jitter), never more than RETRY_MAX.
TASKS_RETRY_BASE_SECONDS = float(os.environ.get("TASKS_RETRY_BASE_SECONDS", "30"))
TASKS_RETRY_MAX_SECONDS = float(os.environ.get("TASKS_RETRY_MAX_SECONDS", str(6 * 3600)))

# ---- SECURITY ---- https://docs.djangoproject.com/en/5.2/topics/security/
# Production (DEBUG=0) defaults to HTTPS everywhere; a deployment relaxes one explicitly,
# e.g. SECURE_SSL_REDIRECT=0 behind a proxy that already redirects. See docs/operations.md.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers probe the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# The proxy in front of Django says whether the visitor used HTTPS; trust its header only in
# production, where such a proxy is expected (and must overwrite a header sent by a client).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("SECURE_PROXY_SSL_HEADER", not DEBUG) else None
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
# Other sites learn that a reader came from us, never the address of the page read.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4): https://django-csp.readthedocs.io/en/latest/configuration.html
# Scripts only from our own origin or carrying the per-request nonce (the admin's import map for
# the rich-text editor), never inline. Inline styles stay allowed: the admin's change list and
# the editor set them, and a style cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", *env_list("CSP_IMG_SRC", [])],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# django-axes: throttle password guessing on the admin login. https://django-axes.readthedocs.io/
# A username tried from one address is locked after AXES_FAILURE_LIMIT failures for the cool-off
# period; administrators see and lift lockouts in the admin (Access attempts) or with
# `manage.py axes_reset_username NAME`.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "articles.ops.lockout.lockout_response"
# Behind PROXY_COUNT reverse proxies, a client's address is the one the nearest proxies appended
# to X-Forwarded-For (used by the login throttle and articles.public.limits); 0 means REMOTE_ADDR.
# deploy/nginx.conf is one proxy: PROXY_COUNT=1. `check --deploy` warns (khabar.W001) when
# SECURE_PROXY_SSL_HEADER says there is a proxy and PROXY_COUNT is 0: every visitor would then
# have the proxy's address, and one person's failures would lock everyone out of an account.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "articles.public.limits.client_address"
# Password guessing spread over many addresses (articles.ops.login_throttle): after this many
# failures for one username within the window, from anywhere, attempts from addresses the account
# has not signed in from wait 2 s, then twice as long after each failure; administrators get a
# mail (ADMINS) and a WARNING log line once per window. 0 switches it off.
LOGIN_THROTTLE_FAILURES = int(os.environ.get("LOGIN_THROTTLE_FAILURES", "20"))
LOGIN_THROTTLE_WINDOW_MINUTES = int(os.environ.get("LOGIN_THROTTLE_WINDOW_MINUTES", "60"))
# Who gets the site's alerts by mail (comma-separated addresses), sent through EMAIL_HOST.
ADMINS = [("", address) for address in env_list("ADMINS", [])]
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", "root@localhost")

# Read API (articles.api, /api/v1/): requests one client without a key may make per minute (0: no
# limit; a key carries its own limit), and the page size of lists when the client names none.
API_RATE_LIMIT = int(os.environ.get("API_RATE_LIMIT", "60"))
API_PAGE_SIZE = int(os.environ.get("API_PAGE_SIZE", "20"))

# Searches (that miss the page cache) one client may make per minute; 0 switches the limit off.
SEARCH_RATE_LIMIT = int(os.environ.get("SEARCH_RATE_LIMIT", "30"))
# Searches have no bound in number, so one is kept (its results and its page, under the search
# spelled one way) only once asked a second time within SEARCH_CACHE_SECONDS, then for that long
# at most, and never when above SEARCH_CACHE_MAX_BYTES; 0 keeps no search. See articles/public/search_page.py.
SEARCH_CACHE_SECONDS = int(os.environ.get("SEARCH_CACHE_SECONDS", "300"))
SEARCH_CACHE_MAX_BYTES = int(os.environ.get("SEARCH_CACHE_MAX_BYTES", str(64 * 1024)))

# Stored renderings (articles.public.stored): every STORED_FILL_EVERY_SECONDS a worker renders the
# stories whose stored page, cards or API document are missing or out of date, STORED_FILL_SECONDS
# at a time at low priority, going on at once while some remain (other tasks first).
STORED_FILL_EVERY_SECONDS = int(os.environ.get("STORED_FILL_EVERY_SECONDS", "60"))
STORED_FILL_SECONDS = float(os.environ.get("STORED_FILL_SECONDS", "5"))

# "Most read" (articles.public.reads): story pages send a beacon that counts in the cache, per story
# and hour; the counters are copied into the database every READS_FLUSH_SECONDS and kept in the
# cache READS_KEEP_HOURS (a flush stopped for less loses nothing). One address may send
# READS_RATE_LIMIT beacons a minute (0: no limit). Without Redis each process counts in its own
# memory and flushes from a thread (READS_FLUSH_IN_PROCESS); with several processes, use Redis.
READS_FLUSH_SECONDS = int(os.environ.get("READS_FLUSH_SECONDS", "300"))
READS_KEEP_HOURS = int(os.environ.get("READS_KEEP_HOURS", "48"))
READS_RATE_LIMIT = int(os.environ.get("READS_RATE_LIMIT", "120"))
READS_FLUSH_IN_PROCESS = env_bool("READS_FLUSH_IN_PROCESS", True)
# How many stories each "most read" list shows.
READS_LIST_LENGTH = int(os.environ.get("READS_LIST_LENGTH", "5"))

# Seconds a client is asked to wait when the database is unreachable (the 503 page).
DATABASE_UNAVAILABLE_RETRY_AFTER = int(os.environ.get("DATABASE_UNAVAILABLE_RETRY_AFTER", "30"))
# How long the last copy of each public page is kept, to be served while the database is down (0: never).
STALE_PAGE_SECONDS = int(os.environ.get("STALE_PAGE_SECONDS", str(24 * 3600)))

# ---- BENCHMARK ---- `make bench` (tools.bench); both off except in the benchmark's server.
# A bare view at /bench/floor/ measures the framework's own floor beside the real pages.
BENCH_FLOOR_VIEW = env_bool("BENCH_FLOOR_VIEW", False)
# Every response says how many SQL queries it made (X-Query-Count), counted in the worker.
BENCH_QUERY_COUNT = env_bool("BENCH_QUERY_COUNT", False)
if BENCH_QUERY_COUNT:
    MIDDLEWARE.insert(0, "tools.bench.middleware.QueryCountMiddleware")

# ---- LOGGING ----
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# ---- WHAT LEAVES THE SITE ---- webhooks, Telegram, WebSub, IndexNow: cms/channels.py
from cms.channels import *  # noqa: E402, F403  (their settings, each explained there)
