"""The article changelist shows which translations each story has (parler's language column)."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def _language_links(html: str, article) -> set[str]:
    """The languages linked from ``article``'s row of the changelist."""
    change = reverse("admin:articles_article_change", args=[article.pk])
    found = re.findall(rf'<a class="lang-code active[^"]*" href="{re.escape(change)}\?language=(\w+)">', html)
    return set(found)


def test_changelist_shows_the_translations_each_story_has(admin_client):
    both = make_article(title="خبر بلغتين", en={"title": "A story in two languages", "body": "<p>Body.</p>"})
    arabic_only = make_article(title="خبر بالعربية فقط")
    response = admin_client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "column-language_column" in html
    assert _language_links(html, both) == {"ar", "en"}
    assert _language_links(html, arabic_only) == {"ar"}


def test_an_english_translation_added_later_appears_in_the_changelist(admin_client):
    article = make_article(title="خبر يُترجم لاحقاً")
    article.set_current_language("en")
    article.title = "Translated later"
    article.body = "<p>Body.</p>"
    article.save()
    html = admin_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert _language_links(html, article) == {"ar", "en"}
