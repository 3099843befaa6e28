"""Feeds parse cleanly and name their origins; sitemaps validate against the sitemaps.org schema."""

from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import feedparser
import pytest
from lxml import etree

from articles.models import Article
from articles.public.links import article_path, section_path
from sources.models import Source
from tests.factories import make_published

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "schemas"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def _valid(content: bytes, schema_name: str) -> etree._Element:
    document = etree.fromstring(content)
    schema = _schema(schema_name)
    assert schema.validate(document), schema.error_log
    return document


def _parse(client, path: str):
    response = client.get(path)
    assert response.status_code == 200, path
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_latest_feeds_parse_and_name_the_origin(client, newsroom, kind):
    response, feed = _parse(client, f"/feeds/{kind}/")
    expected_type = "application/rss+xml" if kind == "rss" else "application/atom+xml"
    assert response["Content-Type"].startswith(expected_type)
    titles = [entry.title for entry in feed.entries]
    assert titles == ["خبر منقول عن شام", "أذربيجان ترعى اجتماعاً سورياً"]
    republished = feed.entries[0]
    assert republished.link == f"http://testserver{article_path(newsroom.republished, 'ar')}"
    assert "%D8%AE%D8%A8%D8%B1" in republished.link  # the Arabic slug is percent-encoded
    assert republished.source.get("href") or republished.source.get("links")
    if kind == "rss":
        assert republished.source.href == "https://sham.example/news/1"
    else:
        assert republished.source.links[0].href == "https://sham.example/news/1"
    assert republished.source.title == "شام الإخبارية"
    assert "ملحوظة: نُقل هذا الخبر عن" in republished.summary  # the disclaimer travels with the item
    assert "source" not in feed.entries[1]  # original reporting has no origin to name
    assert feed.feed.language == "ar"


def test_english_feed_lists_english_stories_in_english(client, newsroom):
    _response, feed = _parse(client, "/en/feeds/rss/")
    assert [entry.title for entry in feed.entries] == ["Azerbaijan hosts a Syrian meeting"]
    assert feed.entries[0].link.startswith("http://testserver/en/articles/")
    assert feed.feed.language == "en"


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_section_tag_and_source_feeds(client, newsroom, kind):
    _r, section = _parse(client, f"{section_path(newsroom.section, 'ar')}{kind}/")
    assert [entry.title for entry in section.entries] == ["أذربيجان ترعى اجتماعاً سورياً"]
    _r, tag = _parse(client, quote(f"/tag/سوريا/{kind}/"))
    assert {entry.title for entry in tag.entries} == {"أذربيجان ترعى اجتماعاً سورياً", "خبر منقول عن شام"}
    _r, source = _parse(client, f"/source/sham/{kind}/")
    assert [entry.title for entry in source.entries] == ["خبر منقول عن شام"]
    assert client.get(f"/source/nothing/{kind}/").status_code == 404


def test_pages_link_their_feeds(client, newsroom):
    html = client.get("/").text
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert '<link rel="alternate" type="application/atom+xml"' in html
    section_html = client.get(section_path(newsroom.section, "ar")).text
    assert f'href="{section_path(newsroom.section, "ar")}rss/"' in section_html


def test_sitemap_index_validates_and_lists_every_sitemap(client, newsroom):
    response = client.get("/sitemap.xml")
    index = _valid(response.content, "siteindex.xsd")
    locations = [loc.text for loc in index.iter(f"{SM}loc")]
    for name in ("articles", "sections", "tags", "sources", "news"):
        assert f"http://testserver/sitemap-{name}.xml" in locations
    assert all(sitemap.find(f"{SM}lastmod") is not None for sitemap in index.iter(f"{SM}sitemap"))


def test_article_sitemap_lists_public_stories_in_each_of_their_languages(client, newsroom):
    document = _valid(client.get("/sitemap-articles.xml").content, "urlset-with-extensions.xsd")
    locations = [loc.text for loc in document.iter(f"{SM}loc")]
    assert all(loc.isascii() for loc in locations)  # Arabic slugs are percent-encoded
    assert f"http://testserver{article_path(newsroom.original, 'ar')}" in locations
    assert f"http://testserver{article_path(newsroom.original, 'en')}" in locations
    # The republished copy's canonical is the original outlet's, so search engines get that one.
    assert not any(f"/articles/{newsroom.republished.pk}/" in loc for loc in locations)
    for secret in (newsroom.scheduled, newsroom.draft, newsroom.in_review, newsroom.withdrawn):
        assert not any(f"/articles/{secret.pk}/" in loc for loc in locations)
    alternates = {link.get("hreflang") for link in document.iter(f"{XHTML}link")}
    assert alternates == {"ar", "en", "x-default"}
    assert all(url.find(f"{SM}lastmod") is not None for url in document.iter(f"{SM}url"))


@pytest.mark.parametrize("name", ["sections", "tags", "sources"])
def test_other_sitemaps_validate(client, newsroom, name):
    document = _valid(client.get(f"/sitemap-{name}.xml").content, "urlset-with-extensions.xsd")
    assert list(document.iter(f"{SM}loc"))


def test_tag_and_source_sitemaps_skip_those_without_public_stories(client, newsroom):
    tags = client.get("/sitemap-tags.xml").content.decode()
    assert quote("سوريا") in tags
    sources = client.get("/sitemap-sources.xml").content.decode()
    assert "/source/sham/" in sources and "/source/afp/" not in sources


def test_news_sitemap_has_recent_indexable_stories_with_publication_details(client, newsroom):
    Source.objects.filter(pk=newsroom.source.pk).update(search_policy=Source.SearchPolicy.OWN_CANONICAL)
    old = make_published(title="خبر قديم", ago=timedelta(hours=50))
    document = _valid(client.get("/sitemap-news.xml").content, "urlset-with-extensions.xsd")
    urls = {url.find(f"{SM}loc").text: url for url in document.iter(f"{SM}url")}
    assert f"http://testserver{article_path(newsroom.republished, 'ar')}" in urls
    assert f"http://testserver{article_path(newsroom.original, 'en')}" in urls
    assert not any(f"/articles/{old.pk}/" in loc for loc in urls)
    news = urls[f"http://testserver{article_path(newsroom.original, 'en')}"].find(f"{NEWS}news")
    assert news.find(f"{NEWS}publication/{NEWS}language").text == "en"
    assert news.find(f"{NEWS}publication/{NEWS}name").text
    assert news.find(f"{NEWS}title").text == "Azerbaijan hosts a Syrian meeting"


def test_news_sitemap_leaves_out_sources_with_noindex_for_news(client, newsroom):
    Source.objects.filter(pk=newsroom.source.pk).update(search_policy=Source.SearchPolicy.NOINDEX_NEWS)
    content = client.get("/sitemap-news.xml").content.decode()
    assert f"/articles/{newsroom.republished.pk}/" not in content
    assert f"/articles/{newsroom.original.pk}/" in content
    # It stays in the ordinary sitemap: only news crawlers are told to keep away.
    assert f"/articles/{newsroom.republished.pk}/" in client.get("/sitemap-articles.xml").content.decode()


def test_news_sitemap_validates_when_a_story_is_arabic_only(client, newsroom):
    Article.objects.exclude(pk=newsroom.republished.pk).update(status=Article.Status.DRAFT)
    Source.objects.update(search_policy=Source.SearchPolicy.OWN_CANONICAL)
    document = _valid(client.get("/sitemap-news.xml").content, "urlset-with-extensions.xsd")
    assert len(list(document.iter(f"{SM}url"))) == 1
