"""API keys: made in the admin and shown once, kept hashed, refused when wrong; rate limits."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from articles.models import ApiKey

pytestmark = pytest.mark.django_db


def test_admin_makes_a_key_shows_it_once_and_stores_only_its_digest(admin_client, editor, newsroom):
    response = admin_client.post(
        reverse("admin:articles_apikey_add"),
        {"name": "تطبيق الجوال", "owner": editor.pk, "requests_per_minute": 1000, "may_read_embargoed": "on", "is_active": "on"},
        follow=True,
    )
    assert response.status_code == 200
    shown = [re.search(r"[A-Za-z0-9_-]{40,}", str(m)) for m in response.context["messages"]]
    [plain] = [match.group(0) for match in shown if match]
    key = ApiKey.objects.get()
    assert key.owner == editor and key.may_read_embargoed and key.requests_per_minute == 1000
    assert key.matches(plain)
    # Nowhere in the database: not in the key's row, not in the admin's log.
    with connection.cursor() as cursor:
        for table in ("articles_apikey", "django_admin_log"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            assert plain not in repr(cursor.fetchall())
    # The change page shows the prefix only.
    page = admin_client.get(reverse("admin:articles_apikey_change", args=[key.pk])).content.decode()
    assert key.prefix in page and plain not in page
    assert client_status(admin_client, plain, newsroom.scheduled.pk) == 200


def client_status(client, plain, pk):
    client.logout()
    return client.get(f"/api/v1/stories/{pk}/", HTTP_X_API_KEY=plain).status_code


def test_a_deactivated_or_wrong_key_is_refused(client, newsroom, make_key):
    key, plain = make_key()
    assert client.get("/api/v1/stories/", HTTP_X_API_KEY=plain).status_code == 200
    for wrong in (plain[:-1] + ("A" if plain[-1] != "A" else "B"), "x", plain[:8] + "0" * 35):
        response = client.get("/api/v1/stories/", HTTP_X_API_KEY=wrong)
        assert response.status_code == 401
        assert response.json()["detail"]
    ApiKey.objects.filter(pk=key.pk).update(is_active=False)
    cache.clear()  # a deactivated key stops working once its short-lived cache entry ends
    assert client.get("/api/v1/stories/", HTTP_AUTHORIZATION=f"Bearer {plain}").status_code == 401


def test_anonymous_clients_are_rate_limited_with_retry_after(client, newsroom, settings):
    settings.API_RATE_LIMIT = 3
    assert [client.get("/api/v1/sections/").status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get("/api/v1/stories/")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 61
    assert refused.json()["detail"]
    other = client.get("/api/v1/sections/", REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200  # counted by address


def test_guessing_keys_is_throttled_like_anonymous_requests(client, newsroom, settings):
    settings.API_RATE_LIMIT = 2
    statuses = [client.get("/api/v1/sections/", HTTP_X_API_KEY=f"guess-{n}").status_code for n in range(3)]
    assert statuses == [401, 401, 429]


def test_a_key_has_its_own_higher_limit(client, newsroom, settings, make_key):
    settings.API_RATE_LIMIT = 2
    _key, plain = make_key(requests_per_minute=5)
    statuses = [client.get("/api/v1/sections/", HTTP_X_API_KEY=plain).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    assert client.get("/api/v1/sections/").status_code == 200  # anonymous counts apart


def test_key_records_its_last_use(client, newsroom, make_key):
    key, plain = make_key()
    assert key.last_used_at is None
    client.get("/api/v1/sections/", HTTP_X_API_KEY=plain)
    key.refresh_from_db()
    assert key.last_used_at is not None
