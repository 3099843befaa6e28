"""A story whose confirmed origin differs from the partner that carried it: what readers and
crawlers are told (JSON-LD, feeds, the page and its disclaimer)."""

import json
import re

import feedparser
import pytest

from articles.models import Article
from articles.public.links import article_path
from tests.factories import make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def relayed(newsroom):
    partner = make_source(name="نافذة الوادي", name_en="Wadi Window", slug="wadi", homepage_url="https://wadi.example/")
    article = Article.objects.get(pk=newsroom.republished.pk)
    article.via_source = partner
    article.save()
    return newsroom, partner


def _json_ld(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def test_json_ld_names_origin_and_the_partner_copy_it_is_based_on(client, relayed):
    newsroom, partner = relayed
    data = _json_ld(client.get(article_path(newsroom.republished, "ar")).text)
    assert data["sourceOrganization"]["name"] == "شام الإخبارية"
    assert data["copyrightHolder"]["name"] == "شام الإخبارية"
    based_on = data["isBasedOn"]
    assert based_on["@type"] == "NewsArticle"
    assert based_on["url"] == "https://sham.example/news/1"
    assert based_on["publisher"] == {"@type": "Organization", "name": "نافذة الوادي", "url": "https://wadi.example/"}
    assert based_on["sourceOrganization"]["name"] == "شام الإخبارية"


def test_page_names_origin_and_partner_and_disclaimer_names_origin(client, relayed):
    newsroom, _partner = relayed
    html = client.get(article_path(newsroom.republished, "ar")).text
    assert "شام الإخبارية" in html
    assert "نافذة الوادي" in html
    disclaimer = re.search(r'<aside class="disclaimer".*?</aside>', html, re.S).group()
    assert "شام الإخبارية" in disclaimer and "نافذة الوادي" not in disclaimer


def test_feed_item_says_source_via_partner(client, relayed):
    feed = feedparser.parse(client.get("/feeds/rss/").content)
    item = feed.entries[0]
    assert item.source.title == "شام الإخبارية"
    assert "نافذة الوادي" in item.summary


def test_search_policy_of_a_relayed_story_is_the_partners(relayed):
    from articles.public.selectors import article_list_for_sitemap
    from articles.public.seo import article_search_directives
    from sources.models import Source

    newsroom, partner = relayed
    Source.objects.filter(pk=newsroom.source.pk).update(search_policy=Source.SearchPolicy.OWN_CANONICAL)
    Source.objects.filter(pk=partner.pk).update(search_policy=Source.SearchPolicy.CANONICAL_ORIGINAL)
    article = Article.objects.select_related("source", "via_source").get(pk=newsroom.republished.pk)
    assert article_search_directives(article, own_url="https://khabar.example/x").canonical == "https://sham.example/news/1"
    assert article.pk not in {a.pk for a in article_list_for_sitemap()}
    Source.objects.filter(pk=partner.pk).update(search_policy=Source.SearchPolicy.OWN_CANONICAL)
    assert article.pk in {a.pk for a in article_list_for_sitemap()}
