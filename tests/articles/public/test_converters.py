"""The Unicode slug converter: Arabic slugs resolve and reverse, percent-encoded."""

import pytest
from django.urls import resolve, reverse

pytestmark = pytest.mark.django_db


def test_arabic_slug_resolves_and_reverses_percent_encoded():
    url = reverse("articles:tag", kwargs={"slug": "سوريا-اليوم"})
    assert url == "/tag/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7-%D8%A7%D9%84%D9%8A%D9%88%D9%85/"
    match = resolve("/tag/سوريا-اليوم/")
    assert match.url_name == "tag" and match.kwargs == {"slug": "سوريا-اليوم"}


def test_slug_converter_rejects_slashes_and_spaces():
    from django.urls import Resolver404

    with pytest.raises(Resolver404):
        resolve("/tag/سوريا اليوم/")
