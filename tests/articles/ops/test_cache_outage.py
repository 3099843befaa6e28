"""A Redis outage degrades the site instead of taking it down.

The cache is the real backend of production (``articles.ops.cache_backend.ResilientRedisCache``,
as ``cms/settings.py`` builds it from ``REDIS_URL``) pointed at a port on 127.0.0.1 that nothing
listens on: every page is built from the database, ``/healthz`` says "degraded" with 200, commands
run, and the circuit breaker spares each request a connection attempt.
"""

import io
import json
import socket
import threading
import time

import pytest
import redis.connection
from django.contrib.auth import get_user_model
from django.core.cache import cache, caches
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.ops import cache_backend
from articles.ops.cache_backend import CircuitBreaker, ResilientRedisCache
from articles.public.cache import GENERATION_KEY
from articles.public.links import article_path, section_path
from articles.search.engine import index_articles
from tests.articles.helpers import change_url, form_data
from tests.security import _closed_port

pytestmark = pytest.mark.django_db


def resilient_cache(location: str, *, connect_timeout=0.25, read_timeout=0.5, retry_seconds=5.0) -> dict:
    """A cache configuration shaped as cms/settings.py makes it from REDIS_URL."""
    return {
        "default": {
            "BACKEND": "articles.ops.cache_backend.ResilientRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "khabar",
            "OPTIONS": {
                "socket_connect_timeout": connect_timeout,
                "socket_timeout": read_timeout,
                "RETRY_SECONDS": retry_seconds,
                "ON_RECOVERY": "articles.public.cache.invalidate_public_pages",
            },
        }
    }


@pytest.fixture
def cache_unreachable(settings, monkeypatch):
    """The default cache is Redis on a closed port of 127.0.0.1 (a connection is refused at once),
    behind a breaker of its own: an earlier test's breaker for the same port (the system may hand
    out a closed port again) must not be found open."""
    monkeypatch.setattr(cache_backend, "_breakers", {})
    settings.CACHES = resilient_cache(f"redis://127.0.0.1:{_closed_port()}/0")
    assert isinstance(caches["default"], ResilientRedisCache)
    yield caches["default"]


@pytest.fixture
def connection_attempts(monkeypatch):
    """How many times redis-py opened (or tried to open) a socket."""
    attempts = []
    connect = redis.connection.Connection._connect

    def counting(self):
        attempts.append(self.port)
        return connect(self)

    monkeypatch.setattr(redis.connection.Connection, "_connect", counting)
    return attempts


# ---- Pages and commands ----


def public_addresses(newsroom) -> list[str]:
    story = newsroom.original
    return [
        "/",
        "/en/",
        article_path(story, "ar"),
        "/sitemap-articles.xml",
        f"/a/{story.pk}",
        section_path(newsroom.section, "ar"),
        reverse("articles:tag", kwargs={"slug": "سوريا"}),
        reverse("articles:source", kwargs={"slug": newsroom.source.slug}),
        reverse("articles:feeds"),
        reverse("articles:feed_rss"),
        reverse("articles:feed_atom"),
        reverse("articles:section_rss", kwargs={"slug": newsroom.section.slug}),
        reverse("articles:tag_atom", kwargs={"slug": "سوريا"}),
        "/sitemap.xml",
        "/sitemap-news.xml",
        "/robots.txt",
        reverse("search") + "?q=أذربيجان",
        reverse("search") + "?q=سوريا&page=2",
        reverse("opensearch"),
    ]


def test_every_public_page_answers_while_the_cache_is_unreachable(client, newsroom, cache_unreachable):
    index_articles([newsroom.original.pk])  # what the commit of its save does
    for address in public_addresses(newsroom):
        for attempt in (1, 2):  # the second time, the breaker is open
            response = client.get(address, follow=True)
            assert response.status_code == 200, (address, attempt)
    home = client.get("/").content.decode()
    assert "أذربيجان ترعى اجتماعاً سورياً" in home
    found = client.get(reverse("search"), {"q": "أذربيجان"}).content.decode()
    assert "<mark>أذربيجان</mark>" in found
    assert cache_unreachable.available is False


def test_search_is_not_refused_when_the_rate_limit_cannot_count(client, newsroom, cache_unreachable, settings):
    """Rate limits live in the cache: while it is away they let searches through rather than fail."""
    settings.SEARCH_RATE_LIMIT = 2
    for n in range(5):
        assert client.get(reverse("search"), {"q": f"كلمة{n}"}).status_code == 200


def test_admin_login_and_save_work_while_the_cache_is_unreachable(client, newsroom, editor, cache_unreachable):
    editor.set_password("kalimat-sirr")
    editor.save()
    response = client.post(reverse("admin:login"), {"username": "editor", "password": "wrong"})
    assert response.status_code == 200  # a failed login (counted by django-axes in the database)
    response = client.post(reverse("admin:login"), {"username": "editor", "password": "kalimat-sirr", "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get(reverse("admin:index")).status_code == 200

    story = newsroom.original
    assert client.get(change_url(story, "ar")).status_code == 200
    response = client.post(change_url(story, "ar"), form_data(story, title="عنوان جديد أثناء الانقطاع"))
    assert response.status_code == 302, response.content.decode()[:2000]
    story = Article.objects.get(pk=story.pk)
    assert story.safe_translation_getter("title", language_code="ar") == "عنوان جديد أثناء الانقطاع"
    # Readers see the change at once: nothing was kept while the cache was away.
    assert "عنوان جديد أثناء الانقطاع" in client.get(article_path(story, "ar"), follow=True).content.decode()


def test_load_demo_runs_while_the_cache_is_unreachable(cache_unreachable, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "kalimat-sirr-tajribiya")
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert Article.objects.filter(status=Article.Status.PUBLISHED).exists()
    assert get_user_model().objects.filter(username="editor").exists()
    call_command("load_demo", stdout=out)  # and again: it is idempotent with or without the cache


# ---- /healthz ----


def test_healthz_reports_the_cache_degraded_without_failing_the_node(client, cache_unreachable):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "degraded", "checks": {"database": "ok", "cache": "degraded"}}
    again = client.get("/healthz")  # the breaker is open: answered without waiting
    assert again.status_code == 200 and json.loads(again.content)["checks"]["cache"] == "degraded"


# ---- The circuit breaker ----


def test_second_request_makes_no_connection_attempt(client, newsroom, cache_unreachable, connection_attempts):
    assert client.get("/").status_code == 200
    assert len(connection_attempts) == 1  # the first operation fails and opens the breaker
    assert client.get("/").status_code == 200
    assert client.get(article_path(newsroom.original, "ar"), follow=True).status_code == 200
    assert len(connection_attempts) == 1


def test_breaker_tries_again_after_its_interval(client, newsroom, cache_unreachable, connection_attempts, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(cache_backend.time, "monotonic", lambda: clock[0])
    assert client.get("/").status_code == 200
    assert len(connection_attempts) == 1
    clock[0] += 4.9
    assert client.get("/").status_code == 200
    assert len(connection_attempts) == 1
    clock[0] += 0.1  # RETRY_SECONDS (5) have passed
    assert client.get("/").status_code == 200
    assert len(connection_attempts) == 2  # one trial, which fails and opens the breaker again
    assert client.get("/").status_code == 200
    assert len(connection_attempts) == 2


def fake_server(answer: bytes | None):
    """A port on 127.0.0.1 that accepts connections and answers ``answer`` (None: never answers)."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                connection = server.accept()[0]
            except OSError:
                continue
            accepted.append(connection)
            if answer is not None:
                connection.sendall(answer)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


@pytest.fixture
def silent_redis():
    """A port that accepts connections and never answers: the worst outage, a hung Redis."""
    yield from fake_server(None)


@pytest.fixture
def not_redis():
    """A port where something else than Redis answers (REDIS_URL naming a web server's port)."""
    yield from fake_server(b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n")


def test_a_port_that_is_not_redis_counts_as_an_outage(client, newsroom, settings, not_redis, connection_attempts):
    settings.CACHES = resilient_cache(f"redis://127.0.0.1:{not_redis}/0")
    for _ in range(3):
        assert client.get("/").status_code == 200
    assert len(connection_attempts) == 1
    assert not caches["default"].available


def test_an_error_reply_of_redis_does_not_open_the_breaker(cache_unreachable, monkeypatch):
    """Redis refusing one operation (a write while memory is full) is not an outage: reads go on."""
    from django.core.cache.backends.redis import RedisCache
    from redis.exceptions import ResponseError

    def refuse(*args, **kwargs):
        raise ResponseError("OOM command not allowed when used memory > 'maxmemory'.")

    monkeypatch.setattr(RedisCache, "set", refuse)
    assert cache_unreachable.set("k", 1) is None
    assert cache_unreachable.available


def test_a_hung_redis_costs_one_timeout_not_one_per_request(client, newsroom, settings, silent_redis):
    settings.CACHES = resilient_cache(f"redis://127.0.0.1:{silent_redis}/0", read_timeout=0.2)
    client.get("/")  # warm up Django's imports and the templates, so only the cache's wait remains
    settings.CACHES = resilient_cache(f"redis://127.0.0.1:{silent_redis}/1", read_timeout=1.0)
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        assert client.get("/").status_code == 200
        timings.append(time.perf_counter() - started)
    first, *later = timings
    assert first >= 1.0  # one read waited for its timeout and opened the breaker
    assert all(seconds < 0.8 for seconds in later), timings  # no read waited again


def test_breaker_closes_again_when_the_cache_answers(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(cache_backend.time, "monotonic", lambda: clock[0])
    breaker = CircuitBreaker(retry_seconds=5)
    assert breaker.allows()
    breaker.failed(OSError("refused"))
    assert breaker.is_open and not breaker.allows()
    clock[0] += 5
    assert breaker.allows()  # one trial…
    assert not breaker.allows()  # …while everyone else still goes without
    breaker.succeeded()
    assert not breaker.is_open and breaker.allows()


class CameBack:
    """Stands in for redis-py once Redis answers again, holding what it kept from before the outage."""

    def __init__(self, data):
        self.data = data

    def get(self, key, default):
        return self.data.get(key, default)

    def delete(self, key):
        return self.data.pop(key, None) is not None


def test_cache_back_after_an_outage_starts_a_new_content_generation(settings, monkeypatch):
    """Changes made during the outage never reached the cache: pages kept before it must not come back."""
    settings.CACHES = resilient_cache(f"redis://127.0.0.1:{_closed_port()}/0", retry_seconds=0.05)
    backend = caches["default"]
    assert backend.get(GENERATION_KEY) is None and not backend.available  # refused: the breaker opens
    came_back = CameBack({backend.make_key(GENERATION_KEY): "the generation of before the outage"})
    monkeypatch.setattr(backend, "_cache", came_back)
    time.sleep(0.06)
    assert backend.get("anything", "missing") == "missing"  # the trial succeeds and closes the breaker
    assert backend.available
    assert came_back.data == {}  # the next page starts a new generation


def test_unreachable_cache_answers_as_an_empty_cache(cache_unreachable):
    backend = cache_unreachable
    assert backend.get("k") is None and backend.get("k", "default") == "default"
    assert backend.add("k", 1) is False
    assert backend.set("k", 1) is None
    assert backend.get_many(["a", "b"]) == {}
    assert backend.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert backend.get_or_set("k", lambda: "built") == "built"
    assert backend.has_key("k") is False and backend.delete("k") is False and backend.touch("k") is False
    with pytest.raises(ValueError):
        backend.incr("k")
    backend.delete_many(["a"])
    assert backend.clear() is False
    assert cache.get("k") is None  # the proxy every module uses goes through the same backend


def test_settings_build_the_resilient_cache_from_redis_url():
    import subprocess
    import sys

    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='cms.settings'; django.setup();"
        "from django.conf import settings; import json; print(json.dumps(settings.CACHES['default']))"
    )
    env = {"REDIS_URL": "redis://127.0.0.1:6379/1", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    config = json.loads(out)
    assert config["BACKEND"] == "articles.ops.cache_backend.ResilientRedisCache"
    assert config["OPTIONS"] == resilient_cache(config["LOCATION"])["default"]["OPTIONS"]
    assert config["LOCATION"] == "redis://127.0.0.1:6379/1"


def test_real_redis_still_works_through_the_resilient_backend(settings):
    """On the CI leg with Redis (REDIS_URL), the backend passes every operation through."""
    import os

    url = os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL")
    if not url:
        pytest.skip("needs REDIS_URL")
    settings.CACHES = resilient_cache(url)
    backend = caches["default"]
    key = f"outage-test:{timezone.now().timestamp()}"
    assert backend.add(key, 1, timeout=10) is True
    assert backend.incr(key) == 2
    assert backend.get(key) == 2
    assert backend.delete(key) is True
    assert backend.available
    # Back after an outage: the generation kept before it is dropped.
    settings.CACHES = resilient_cache(url, retry_seconds=0.05)
    backend = caches["default"]
    backend.set(GENERATION_KEY, "before the outage")
    backend.breaker.failed(OSError("a test outage"))
    assert backend.get(GENERATION_KEY) is None  # open: not even asked
    time.sleep(0.06)
    assert backend.get("anything") is None and backend.available
    assert backend.get(GENERATION_KEY) is None
