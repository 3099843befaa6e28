"""/favicon.ico: the site's icon as a real ICO, where browsers and crawlers ask for it."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

pytestmark = pytest.mark.django_db


def test_favicon_is_an_ico_of_the_logo(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    icon = Image.open(io.BytesIO(response.content))
    assert icon.format == "ICO"
    assert {(16, 16), (32, 32), (48, 48)} <= icon.info["sizes"]
    icon.size = (32, 32)
    icon.load()
    # The logo's red square, with the rounded corners left transparent as in favicon.svg.
    assert icon.convert("RGBA").getpixel((16, 28))[:3] == (179, 38, 30)
    assert icon.convert("RGBA").getpixel((0, 0))[3] == 0


def test_favicon_is_kept_by_browsers_and_sets_no_cookie(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/favicon.ico", HTTP_ACCEPT_LANGUAGE="en")

    assert "max-age=604800" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    assert not response.cookies
    assert not queries.captured_queries
    assert client.get("/favicon.ico", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_favicon_has_no_language_prefix(client):
    assert client.get("/en/favicon.ico").status_code == 404
    assert client.head("/favicon.ico").status_code == 200
    assert client.post("/favicon.ico").status_code == 405
