"""Sections, tags, sources and search; the OpenAPI document and its docs page."""

import pytest

pytestmark = pytest.mark.django_db


def test_sections_tags_and_sources(client, newsroom):
    sections = client.get("/api/v1/sections/").json()
    assert [s["name"] for s in sections] == ["أخبار سوريا", "محليات"]
    assert sections[0]["uri"].startswith("http://testserver/section/")
    english = client.get("/api/v1/sections/?language=en").json()
    assert english[0]["name"] == "Syria news" and english[0]["uri"].startswith("http://testserver/en/section/")
    tags = client.get("/api/v1/tags/").json()
    # Only tags carried by a public story; the secret stories' tags are shared with public ones here.
    assert {t["name"] for t in tags["items"]} == {"سوريا", "أذربيجان"}
    first = client.get("/api/v1/tags/?limit=1").json()
    second = client.get(first["next"]).json()
    assert [t["slug"] for t in first["items"] + second["items"]] == sorted(t["slug"] for t in tags["items"])
    assert second["next"] is None
    sources = {s["slug"]: s for s in client.get("/api/v1/sources/").json()}
    assert sources["sham"]["name"] == "شام الإخبارية"
    assert sources["sham"]["usageterms"]
    assert client.get("/api/v1/tags/?cursor=%%%").status_code == 400


def test_search_finds_public_stories_however_spelled(client, newsroom):
    from articles.search.engine import index_articles

    index_articles([newsroom.original.pk, newsroom.draft.pk, newsroom.scheduled.pk])
    found = client.get("/api/v1/search/?q=اذربيجان").json()
    assert [d["headlines"][0]["value"] for d in found["items"]] == ["أذربيجان ترعى اجتماعاً سورياً"]
    assert client.get("/api/v1/search/?q=").status_code == 400
    assert client.get("/api/v1/search/?q=x&cursor=bad").status_code == 400


def test_openapi_document_describes_the_endpoints_in_both_languages(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert {"/api/v1/stories/", "/api/v1/stories/{pk}/", "/api/v1/stories/by-url/", "/api/v1/sections/",
            "/api/v1/tags/", "/api/v1/sources/", "/api/v1/search/"} <= set(schema["paths"])
    assert "ninjs" in schema["info"]["description"]
    assert "X-Api-Key" in str(schema["components"]["securitySchemes"])


def test_docs_page_loads_its_assets_from_this_site_under_the_site_csp(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "cdn." not in page and "unpkg" not in page
    assert "/static/ninja/swagger-ui-bundle.js" in page
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-eval" not in policy


def test_search_pages_by_cursor_and_refuses_a_position_past_the_ranked_matches(client, newsroom):
    from articles.api.cursors import encode_offset
    from articles.search.engine import SEARCH_CANDIDATES, index_articles
    from tests.factories import make_published

    stories = [make_published(title=f"خبر عن المكلا {n}") for n in range(3)]
    index_articles([story.pk for story in stories])
    first = client.get("/api/v1/search/?q=المكلا&limit=2").json()
    second = client.get(first["next"]).json()
    assert len(first["items"]) == 2 and len(second["items"]) == 1 and second["next"] is None
    assert client.get(f"/api/v1/search/?q=x&cursor={encode_offset('search', SEARCH_CANDIDATES + 1)}").status_code == 400
