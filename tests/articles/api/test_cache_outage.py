"""With Redis unreachable the read API still answers from the database (the cache is an accelerator)."""

import pytest
from django.core.cache import caches

from articles.ops.cache_backend import ResilientRedisCache
from tests.articles.ops.test_cache_outage import resilient_cache
from tests.security import _closed_port

pytestmark = pytest.mark.django_db


def test_api_answers_while_the_cache_is_unreachable(client, newsroom, make_key, settings, ninjs_validator):
    _key, plain = make_key(may_read_embargoed=True)
    settings.CACHES = resilient_cache(f"redis://127.0.0.1:{_closed_port()}/0")
    assert isinstance(caches["default"], ResilientRedisCache)
    listed = client.get("/api/v1/stories/")
    assert listed.status_code == 200 and len(listed.json()["items"]) == 2
    for document in listed.json()["items"]:
        ninjs_validator.validate(document)
    assert client.get(f"/api/v1/stories/{newsroom.scheduled.pk}/", HTTP_X_API_KEY=plain).status_code == 200
    assert client.get(f"/api/v1/stories/{newsroom.scheduled.pk}/").status_code == 404
    assert client.get(f"/api/v1/stories/{newsroom.withdrawn.pk}/").status_code == 410
    assert client.get("/api/v1/stories/", HTTP_X_API_KEY="wrong").status_code == 401
