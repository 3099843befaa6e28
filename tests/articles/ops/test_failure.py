"""When the database or the cache fails: /healthz says so, and pages answer a short 503, never a traceback."""

import json

import pytest
from django.core.cache import caches
from django.urls import reverse

from tests.security import database_unreachable


@pytest.mark.django_db
def test_healthz_is_ok_when_database_and_cache_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_on_plain_http_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200  # exempt: a load balancer probes over HTTP
    assert client.get(reverse("admin:login")).status_code == 301


@pytest.mark.django_db(transaction=True)
def test_healthz_is_503_when_the_database_is_unreachable(client):
    with database_unreachable():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "unavailable", "checks": {"database": "fail", "cache": "ok"}}


@pytest.mark.django_db
def test_healthz_is_degraded_not_503_when_a_raising_cache_is_unreachable(client, settings, unreachable_port):
    """Even Django's own RedisCache, which raises, only degrades the node (ours: test_cache_outage.py)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                    "LOCATION": f"redis://127.0.0.1:{unreachable_port}/0",
                    "OPTIONS": {"socket_connect_timeout": 1}},
    }
    try:
        response = client.get("/healthz")
    finally:
        caches["default"].close()
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "degraded", "checks": {"database": "ok", "cache": "degraded"}}


@pytest.fixture
def unreachable_port():
    from tests.security import _closed_port

    return _closed_port()


def _assert_arabic_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "Traceback" not in html and "OperationalError" not in html
    assert len(html) < 2000


@pytest.mark.django_db(transaction=True)
def test_admin_answers_503_page_when_the_database_is_unreachable(admin_client):
    with database_unreachable():
        response = admin_client.get(reverse("admin:articles_article_changelist"))
    _assert_arabic_503(response)


@pytest.mark.django_db(transaction=True)
def test_login_post_answers_503_when_the_database_is_unreachable(client):
    with database_unreachable():
        response = client.post(reverse("admin:login"), {"username": "editor", "password": "x"})
    _assert_arabic_503(response)


@pytest.mark.django_db(transaction=True)
def test_503_page_is_in_english_under_the_english_prefix(admin_client):
    with database_unreachable():
        response = admin_client.get("/en/admin/")
    assert response.status_code == 503
    assert '<html lang="en" dir="ltr">' in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_site_recovers_when_the_database_comes_back(admin_client):
    with database_unreachable():
        assert admin_client.get(reverse("admin:index")).status_code == 503
    assert admin_client.get(reverse("admin:index")).status_code == 200


@pytest.fixture
def public_page(settings):
    settings.ROOT_URLCONF = "tests.failure_urls"
    from tests.factories import make_section

    make_section(name="أخبار اليمن", name_en=None)


@pytest.mark.django_db(transaction=True)
def test_public_page_served_from_its_kept_copy_while_the_database_is_down(client, public_page):
    fresh = client.get("/sections/")
    assert fresh.status_code == 200 and "أخبار اليمن" in fresh.content.decode()
    with database_unreachable():
        kept = client.get("/sections/")
        never_seen = client.get("/sections/?page=2")
    assert kept.status_code == 200 and kept.content == fresh.content
    assert "no-cache" in kept["Cache-Control"]
    _assert_arabic_503(never_seen)


@pytest.mark.django_db(transaction=True)
def test_logged_in_pages_are_never_kept(admin_client, public_page):
    assert admin_client.get("/sections/").status_code == 200
    with database_unreachable():
        response = admin_client.get("/sections/")
    _assert_arabic_503(response)


@pytest.mark.django_db(transaction=True)
def test_keeping_copies_can_be_switched_off(client, public_page, settings):
    settings.STALE_PAGE_SECONDS = 0
    assert client.get("/sections/").status_code == 200
    with database_unreachable():
        response = client.get("/sections/")
    _assert_arabic_503(response)


def _kept_copies() -> int:
    from django.core.cache import caches

    backend = caches["default"]
    if hasattr(backend, "_cache") and isinstance(backend._cache, dict):  # the in-process cache
        return sum(":stale-page:" in key and not key.endswith(":fresh") for key in backend._cache)
    client = backend._cache.get_client(write=True)
    return sum(not key.endswith(b":fresh") for key in client.keys(backend.make_key("stale-page:*")))


@pytest.mark.django_db(transaction=True)
def test_tracking_parameters_share_the_copy_of_the_page(client, public_page):
    fresh = client.get("/sections/?utm_source=newsletter&fbclid=abc")
    assert fresh.status_code == 200
    assert client.get("/sections/?utm_source=other").status_code == 200
    assert _kept_copies() == 1
    with database_unreachable():
        kept = client.get("/sections/")
        tagged = client.get("/sections/?fbclid=xyz")
    assert kept.content == fresh.content and tagged.content == fresh.content


@pytest.mark.django_db(transaction=True)
def test_searches_and_odd_page_numbers_leave_no_day_long_copy(client, public_page):
    for n in range(5):
        assert client.get(reverse("search"), {"q": f"كلمة{n}"}).status_code == 200
    for page in ("0001", "1000", "-1"):
        client.get("/sections/", {"page": page})
    assert _kept_copies() == 0
    assert client.get(reverse("search")).status_code == 200  # the bare search page is one address
    assert _kept_copies() == 1
    with database_unreachable():
        assert client.get(reverse("search")).status_code == 200
        _assert_arabic_503(client.get(reverse("search"), {"q": "كلمة1"}))
