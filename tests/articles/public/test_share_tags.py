"""What a story's page tells search engines and social networks: the typed title, description and
share image, or the headline, summary and lead image when they are left empty."""

import html as html_lib
import json
import re

import pytest

from articles.models import Article
from articles.public.links import article_path
from tests.factories import image_upload, make_published

pytestmark = pytest.mark.django_db


def _meta(page: str, key: str) -> list[str]:
    pattern = rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">'
    return [html_lib.unescape(value) for value in re.findall(pattern, page)]


def _title(page: str) -> str:
    return html_lib.unescape(re.search(r"<title>(.*?)</title>", page, re.S).group(1))


def _json_ld(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))


def test_without_them_the_page_uses_the_headline_summary_and_lead_image(client):
    article = make_published(
        title="عنوان الخبر",
        summary="موجز الخبر",
        lead_image=image_upload("lead.png", size=(800, 450)),
    )
    page = client.get(article_path(article, "ar")).text
    assert _title(page).startswith("\u2068عنوان الخبر\u2069 · ")
    assert _meta(page, "description") == ["موجز الخبر"]
    assert _meta(page, "og:title") == _meta(page, "twitter:title") == ["عنوان الخبر"]
    assert _meta(page, "og:description") == _meta(page, "twitter:description") == ["موجز الخبر"]
    lead = Article.objects.get(pk=article.pk).lead_image.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    assert lead in _meta(page, "og:image")[0]
    assert _meta(page, "og:image:width") == ["800"]
    assert _meta(page, "twitter:card") == ["summary_large_image"]
    assert _json_ld(page)["description"] == "موجز الخبر"


def test_typed_title_description_and_share_image_are_used_everywhere_in_the_head(client):
    article = make_published(
        title="عنوان الخبر",
        summary="موجز الخبر",
        lead_image=image_upload("lead.png", size=(800, 450)),
        share_image=image_upload("card.png", size=(1200, 630)),
    )
    article.set_current_language("ar")
    article.seo_title = "عنوان لمحركات البحث"
    article.seo_description = "وصف لمحركات البحث والشبكات"
    article.save()
    page = client.get(article_path(article, "ar")).text
    assert _title(page).startswith("\u2068عنوان لمحركات البحث\u2069 · ")
    assert _meta(page, "description") == ["وصف لمحركات البحث والشبكات"]
    assert _meta(page, "og:title") == _meta(page, "twitter:title") == ["عنوان لمحركات البحث"]
    assert _meta(page, "og:description") == _meta(page, "twitter:description") == ["وصف لمحركات البحث والشبكات"]
    stored = Article.objects.get(pk=article.pk)
    assert (stored.share_image_width, stored.share_image_height) == (1200, 630)
    card = stored.share_image.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    assert card in _meta(page, "og:image")[0] and card in _meta(page, "twitter:image")[0]
    assert _meta(page, "og:image:width") == ["1200"] and _meta(page, "og:image:height") == ["630"]
    # The lead image's alt text does not describe the share image.
    assert _meta(page, "og:image:alt") == []
    data = _json_ld(page)
    assert data["headline"] == "عنوان الخبر"  # the headline stays the story's own
    assert data["description"] == "وصف لمحركات البحث والشبكات"
    assert len(data["image"]) == 2 and card in data["image"][1]["url"]
    # The story itself still shows its headline and lead image.
    assert '<h1 class="story__title">عنوان الخبر</h1>' in page


def test_each_language_has_its_own_and_falls_back_to_its_own_headline(client):
    article = make_published(title="عنوان عربي", en={"title": "English headline", "summary": "English summary"})
    article.set_current_language("ar")
    article.seo_title = "عنوان البحث"
    article.save()
    english = client.get(article_path(article, "en")).text
    assert _meta(english, "og:title") == ["English headline"]
    assert _meta(english, "og:description") == ["English summary"]
    arabic = client.get(article_path(article, "ar")).text
    assert _meta(arabic, "og:title") == ["عنوان البحث"]


def test_typed_values_are_escaped_and_cleaned_in_the_head(client):
    article = make_published(title="عنوان")
    article.set_current_language("ar")
    article.seo_title = '"><script>alert(1)</script>\u000b'
    article.seo_description = "</title><img src=x onerror=alert(1)> \u202e"
    article.save()
    page = client.get(article_path(article, "ar")).text
    assert "<script>alert(1)</script>" not in page
    assert "<img src=x" not in page
    assert "\u000b" not in page
    assert _meta(page, "og:title")[0].startswith('"><script>')
    head = page.split("</head>")[0]
    assert head.count("<title>") == 1
    # A right-to-left override is closed before the quote ends.
    description = _meta(page, "og:description")[0]
    assert description.count("\u202e") == description.count("\u202c")
    # JSON-LD cannot be closed from inside.
    assert "</title><img" not in page.split('application/ld+json">')[1].split("</script>")[0]


def test_changing_the_fields_changes_the_kept_page(client):
    article = make_published(title="عنوان")
    path = article_path(article, "ar")
    assert _meta(client.get(path).text, "og:title") == ["عنوان"]
    article = Article.objects.get(pk=article.pk)
    article.set_current_language("ar")
    article.seo_title = "عنوان جديد للمشاركة"
    article.save()
    assert _meta(client.get(path).text, "og:title") == ["عنوان جديد للمشاركة"]
