"""The API's story documents as stored renderings (articles.api.renderings, issue 16): the same bytes
as a document built from the story, read in one query."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.public import stored

pytestmark = pytest.mark.django_db


def test_a_stored_api_document_is_the_built_one(client, newsroom, ninjs_validator):
    story = newsroom.republished
    built = client.get(f"/api/v1/stories/{story.pk}/").content
    stored.store_story(story.pk)
    cache.clear()
    client.get("/api/v1/sections/")  # the content generation and the shared parts of this generation
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v1/stories/{story.pk}/")
    assert response.content == built
    sql = [q["sql"] for q in queries]
    assert len(sql) == 1 and "storedrendering" in sql[0], sql
    ninjs_validator.validate(response.json())
    listed = client.get("/api/v1/stories/?limit=100").json()["items"]
    assert [doc for doc in listed if doc["uri"] == response.json()["uri"]] == [response.json()]


def test_a_list_page_reads_stored_documents_with_its_stories(client, newsroom):
    for story in (newsroom.original, newsroom.republished):
        stored.store_story(story.pk)
    built = client.get("/api/v1/stories/?limit=20").content
    cache.clear()
    client.get("/api/v1/sections/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/stories/?limit=20")
    assert response.content == built
    # The page with its stored documents, in one query.
    assert len(queries) == 1, [q["sql"] for q in queries]
