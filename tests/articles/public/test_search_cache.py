"""How searches are kept: one entry per search however it is spelled, only once asked again,
for minutes, never when large, and never a trace that outlives minutes for a one-off query.

The cache is inspected directly, so these tests read the in-process cache (SQLite leg) and
Redis (the CI leg with REDIS_URL) alike.
"""

import secrets
import time
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.public.search_page import search_parameters
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(django_capture_on_commit_callbacks):
    def make(title="خبر", **kwargs):
        kwargs.setdefault("status", Article.Status.PUBLISHED)
        kwargs.setdefault("published_at", timezone.now() - timedelta(days=1))
        with django_capture_on_commit_callbacks(execute=True):
            return make_article(title=title, **kwargs)

    return make


def cache_entries() -> dict[str, tuple[float | None, int]]:
    """Every entry in the default cache: its key (as the code names it), seconds left (None: no
    expiry) and size in bytes."""
    backend = caches["default"]
    if hasattr(backend, "_expire_info"):  # LocMemCache
        now = time.time()
        return {
            key.split(":", 2)[2]: (None if expiry is None else expiry - now, len(backend._cache[key]))
            for key, expiry in backend._expire_info.items()
            if key in backend._cache
        }
    client = backend._cache.get_client(write=True)  # Redis: this test run's own database
    entries = {}
    for raw in client.keys(backend.make_key("*")):
        key = raw.decode()
        ttl = client.ttl(key)
        if ttl == -2:
            continue
        entries[key.split(":", 2)[2]] = (None if ttl == -1 else float(ttl), client.strlen(key))
    return entries


def is_kept_search(key: str) -> bool:
    return key.startswith("khabar:fragment:") and ":search:" in key and ":asked:" not in key


def search(client, params, **extra):
    response = client.get(reverse("search"), params, **extra)
    assert response.status_code == 200
    return response


# ---- One spelling per search ----


@pytest.mark.parametrize(
    "spelling",
    [
        "q=عدن",
        "q=%20%20عدن%20%20",
        "q=عدن&page=1",
        "q=عدن&page=01",
        "page=1&q=عدن&utm_source=x&fbclid=1",
        "q=%D8%B9%D8%AF%D9%86",
        "q=ع%E2%80%8Cدن",  # a zero-width non-joiner typed inside the word
        "q=عدن&language=xx&section=&date_from=not-a-date",
    ],
)
def test_search_parameters_spell_one_search_one_way(spelling):
    assert search_parameters(QueryDict(spelling)) == (("q", "عدن"),)


def test_search_parameters_keep_what_changes_the_search_in_a_fixed_order():
    one = search_parameters(QueryDict("page=2&date_from=٢٠٢٤-٠١-٠٥&section=07&q=سد  مأرب&language=en&tag=سياسة"))
    other = search_parameters(QueryDict("q=سد مأرب&section=7&tag=سياسة&language=en&date_from=2024-01-05&page=02"))
    assert one == other == (
        ("q", "سد مأرب"),
        ("section", "7"),
        ("tag", "سياسة"),
        ("language", "en"),
        ("date_from", "2024-01-05"),
        ("page", "2"),
    )


def test_spellings_of_one_search_share_one_kept_page(client, story):
    story("انقطاع الكهرباء في عدن")
    first = search(client, {"q": "عدن"}).content
    search(client, {"q": "عدن"})  # asked again: kept
    for spelling in ("q=%20%20عدن%20%20", "page=1&q=عدن&utm_source=x", "q=عد%E2%80%8Cن"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{reverse('search')}?{spelling}")
        assert response.status_code == 200 and response.content == first, spelling
        assert len(queries) == 0, spelling  # answered from the kept page
    kept = [key for key in cache_entries() if key.startswith(("khabar:public:page:", "khabar:fragment:"))]
    pages = [key for key in kept if key.startswith("khabar:public:page:")]
    results = [key for key in kept if is_kept_search(key)]
    assert len(pages) == 1 and len(results) == 1


def test_the_page_shows_the_search_as_it_was_read(client, story):
    story("انقطاع الكهرباء في عدن")
    html = search(client, {"q": "  عدن  ", "utm_source": "x", "page": "1"}).content.decode()
    assert 'name="q" id="id_q" value="عدن"' in html
    assert "utm_source" not in html


# ---- When, how long and how large ----


def test_a_search_is_kept_only_once_asked_again(client, story):
    story("سد مأرب")
    with CaptureQueriesContext(connection) as first:
        search(client, {"q": "مأرب"})
    with CaptureQueriesContext(connection) as second:
        search(client, {"q": "مأرب"})
    with CaptureQueriesContext(connection) as third:
        search(client, {"q": "مأرب"})
    assert len(first) > 0 and len(second) > 0  # the first ask leaves only a marker
    assert len(third) == 0


def test_kept_searches_last_minutes_not_hours(client, story, settings):
    settings.SEARCH_CACHE_SECONDS = 120
    story("سد مأرب")
    search(client, {"q": "مأرب"})
    search(client, {"q": "مأرب"})
    entries = cache_entries()
    search_entries = {
        key: ttl
        for key, (ttl, _size) in entries.items()
        if key.startswith(("khabar:public:page:", "khabar:public:early:", "khabar:fragment:asked:search:"))
        or is_kept_search(key)
    }
    assert len(search_entries) >= 3  # the results, the page, the page found before the view
    assert all(ttl is not None and ttl <= 120 for ttl in search_entries.values()), search_entries


def test_large_search_pages_are_not_kept(client, story, settings):
    settings.SEARCH_CACHE_MAX_BYTES = 2000
    story("سد مأرب")
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            search(client, {"q": "مأرب"})
        assert len(queries) > 0
    assert not [key for key in cache_entries() if key.startswith("khabar:public:page:") or is_kept_search(key)]


def test_searches_can_be_kept_no_longer_at_all(client, story, settings):
    settings.SEARCH_CACHE_SECONDS = 0
    story("سد مأرب")
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            search(client, {"q": "مأرب"})
        assert len(queries) > 0


# ---- No unbounded growth ----


def long_lived(entries, seconds: int) -> dict:
    return {key: value for key, value in entries.items() if value[0] is None or value[0] > seconds}


def test_random_searches_leave_no_long_lived_entries(client, story, settings):
    """A flood of never-repeated queries leaves only markers of a few bytes, gone within minutes."""
    settings.SEARCH_RATE_LIMIT = 0
    story("سد مأرب")
    search(client, {"q": "مأرب"})  # the page's own lasting parts: navigation, generation…
    before = cache_entries()
    for _ in range(60):
        search(client, {"q": f"{secrets.token_hex(4)} {secrets.token_hex(3)}", "utm_source": secrets.token_hex(2)})
    after = cache_entries()
    new = {key: value for key, value in after.items() if key not in before}
    assert len(long_lived(after, settings.SEARCH_CACHE_SECONDS)) == len(long_lived(before, settings.SEARCH_CACHE_SECONDS))
    assert len(new) <= 60 + 2  # one marker per query (and this minute's rate counter)
    assert all(size < 200 for _ttl, size in new.values()), new
    assert all(ttl is not None and ttl <= settings.SEARCH_CACHE_SECONDS for ttl, _size in new.values())
    assert not [key for key in after if key.startswith("stale-page:") and key not in before]
