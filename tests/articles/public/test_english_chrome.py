"""The English edition's chrome stays English: the disclaimer names the source in English, photo
credits and tags show their translations, and without one the page falls back visibly."""

import re

import pytest

from articles.models import Article, Tag
from articles.public.links import article_path, page_path
from tests.factories import image_upload, make_disclaimer, make_published, make_source

pytestmark = pytest.mark.django_db

ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


def _part(page: str, pattern: str) -> str:
    match = re.search(pattern, page, re.S)
    assert match, pattern
    return match.group(0)


def _story(source, *, credit_en: str | None) -> Article:
    en = {"title": "Shelling near Aleppo", "body": "<p>English body.</p>", "summary": "English summary"}
    if credit_en:
        en["lead_image_credit_translated"] = credit_en
    article = make_published(
        title="قصف قرب حلب",
        origin=Article.Origin.REPUBLISHED,
        source=source,
        original_url="https://sham.example/news/2",
        lead_image=image_upload("photo.png", size=(400, 300)),
        lead_image_credit="وكالة الصحافة الفرنسية",
        tags=["سوريا", "حلب"],
        en=en,
    )
    return article


def _translate_tag(name: str, english: str) -> None:
    tag = Tag.objects.get(name=name)
    tag.set_current_language("en")
    tag.translated_name = english
    tag.save()


def test_an_english_story_page_has_no_arabic_in_its_disclaimer_credit_and_tags(client):
    make_disclaimer()
    source = make_source(name="شام الإخبارية", name_en="Sham News", slug="sham", homepage_url="https://sham.example/")
    article = _story(source, credit_en="AFP")
    _translate_tag("سوريا", "Syria")
    _translate_tag("حلب", "Aleppo")
    page = client.get(article_path(article, "en")).text
    disclaimer = _part(page, r'<aside class="disclaimer".*?</aside>')
    credit = _part(page, r'<small class="credit">.*?</small>')
    tags = _part(page, r'<nav class="story__tags".*?</nav>')
    for part in (disclaimer, credit, tags):
        assert not ARABIC.search(part), part
    assert "Sham News" in disclaimer
    assert "AFP" in credit
    assert ">Syria<" in tags and ">Aleppo<" in tags
    head = page.split("</head>")[0]
    assert '<meta property="article:tag" content="Syria">' in head
    assert "Sham News" in _part(page, r'"sourceOrganization":.*?\}')
    # The Arabic edition keeps the names as written.
    arabic = client.get(article_path(article, "ar")).text
    assert "شام الإخبارية" in _part(arabic, r'<aside class="disclaimer".*?</aside>')
    assert "وكالة الصحافة الفرنسية" in _part(arabic, r'<small class="credit">.*?</small>')
    assert ">سوريا<" in _part(arabic, r'<nav class="story__tags".*?</nav>')


def test_without_translations_the_english_page_falls_back_visibly(client):
    make_disclaimer()
    # No English name: the disclaimer names the source by its website rather than in Arabic.
    source = make_source(name="شام الإخبارية", name_en=None, slug="sham", homepage_url="https://www.sham.example/")
    article = _story(source, credit_en=None)
    _translate_tag("سوريا", "Syria")
    page = client.get(article_path(article, "en")).text
    disclaimer = _part(page, r'<aside class="disclaimer".*?</aside>')
    assert "sham.example" in disclaimer and not ARABIC.search(disclaimer)
    assert "وكالة الصحافة الفرنسية" in _part(page, r'<small class="credit">.*?</small>')  # the credit as written
    tags = _part(page, r'<nav class="story__tags".*?</nav>')
    assert ">Syria<" in tags
    assert '<bdi lang="ar">حلب</bdi>' in tags  # the name as written, marked as Arabic
    assert '<bdi dir="ltr">sham.example</bdi>' in _part(page, r'<p class="story__attribution">.*?</p>')


def test_a_source_with_neither_english_name_nor_website_keeps_its_arabic_name(client):
    make_disclaimer()
    source = make_source(name="شام الإخبارية", name_en=None, slug="sham", homepage_url="")
    article = _story(source, credit_en=None)
    page = client.get(article_path(article, "en")).text
    assert "شام الإخبارية" in _part(page, r'<aside class="disclaimer".*?</aside>')


def test_english_tag_and_source_pages_use_the_translations(client):
    make_disclaimer()
    source = make_source(name="شام الإخبارية", name_en="Sham News", slug="sham", homepage_url="https://sham.example/")
    _story(source, credit_en="AFP")
    _translate_tag("سوريا", "Syria")
    tag = client.get(page_path("en", "articles:tag", slug=Tag.objects.get(name="سوريا").slug)).text
    assert "<title>\u2068Syria\u2069 · " in tag
    assert "<h1><bdi>Syria</bdi></h1>" in tag
    source_page = client.get(page_path("en", "articles:source", slug="sham")).text
    assert "Sham News" in source_page.split("</title>")[0]
    feed = client.get(page_path("en", "articles:feed_rss")).text
    assert "<category>Syria</category>" in feed


def test_a_tag_translation_changes_the_kept_pages(client):
    make_disclaimer()
    source = make_source(slug="sham")
    article = _story(source, credit_en="AFP")
    path = article_path(article, "en")
    assert '<bdi lang="ar">سوريا</bdi>' in client.get(path).text
    _translate_tag("سوريا", "Syria")
    assert "<bdi>Syria</bdi>" in client.get(path).text
