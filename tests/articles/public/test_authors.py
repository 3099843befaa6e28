"""Authors on the public site (issue 20): credit lines on a story, the author's page and feeds in
both editions, JSON-LD, the sitemap, and a story with three contributors costs no more queries."""

import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Contribution
from articles.public.links import article_path
from tests.factories import credit, image_upload, make_author, make_published

pytestmark = pytest.mark.django_db

Role = Contribution.Role


@pytest.fixture
def people(newsroom):
    writer = make_author(name="سلوى أحمد", name_en="Salwa Ahmed", slug="salwa", job_title="مراسلة في تعز",
                         bio="تغطي أخبار تعز منذ ٢٠١٥.", links="https://social.example/@salwa")
    reporter = make_author(name="عمر حسن", name_en="Omar Hassan", slug="omar", kind="guest")
    translator = make_author(name="ليلى", name_en=None, slug="layla")
    story = newsroom.original
    story.set_current_language("ar")
    story.byline = ""
    story.set_current_language("en")
    story.byline = ""
    story.save()
    story.set_current_language("ar")
    credit(story, (writer, Role.WRITER), (reporter, Role.REPORTING), (translator, Role.TRANSLATION))
    return writer, reporter, translator


def _json_ld(html: str, kind: str) -> dict:
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(block)
        if data.get("@type") == kind:
            return data
    raise AssertionError(f"no {kind} JSON-LD")


def test_story_credits_every_contributor_with_links_to_their_pages(client, newsroom, people):
    html = client.get(article_path(newsroom.original, "ar")).content.decode()
    assert 'href="/author/salwa/" rel="author"><bdi>سلوى أحمد</bdi>' in html
    assert 'href="/author/omar/"' in html and 'href="/author/layla/"' in html
    english = client.get(article_path(newsroom.original, "en")).content.decode()
    assert 'href="/en/author/salwa/" rel="author"><bdi>Salwa Ahmed</bdi>' in english
    assert "<bdi>ليلى</bdi>" in english  # no English name: the Arabic one


def test_news_article_json_ld_lists_the_authors_as_persons_with_their_pages(client, newsroom, people):
    html = client.get(article_path(newsroom.original, "en")).content.decode()
    data = _json_ld(html, "NewsArticle")
    assert data["author"] == [
        {"@type": "Person", "name": "Salwa Ahmed", "url": "http://testserver/en/author/salwa/",
         "sameAs": ["https://social.example/@salwa"]},
        {"@type": "Person", "name": "Omar Hassan", "url": "http://testserver/en/author/omar/"},
    ]
    assert data["translator"] == [{"@type": "Person", "name": "ليلى", "url": "http://testserver/en/author/layla/"}]


def test_the_free_byline_overrides_the_credit_line_but_not_the_json_ld(client, newsroom, people):
    story = newsroom.original
    story.set_current_language("ar")
    story.byline = "فريق خبر في تعز"
    story.save()
    html = client.get(article_path(story, "ar")).content.decode()
    assert "فريق خبر في تعز" in html and 'rel="author"' not in html
    assert _json_ld(html, "NewsArticle")["author"][0]["url"] == "http://testserver/author/salwa/"


@pytest.mark.parametrize(("prefix", "name"), [("", "سلوى أحمد"), ("/en", "Salwa Ahmed")])
def test_author_page_in_both_editions(client, newsroom, people, prefix, name):
    response = client.get(f"{prefix}/author/salwa/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1><bdi>{name}</bdi></h1>" in html
    assert newsroom.republished.title not in html  # not credited there
    assert f'href="{prefix}/author/salwa/rss/"' in html
    profile = _json_ld(html, "ProfilePage")
    assert profile["mainEntity"]["@type"] == "Person" and profile["mainEntity"]["name"] == name
    assert profile["mainEntity"]["sameAs"] == ["https://social.example/@salwa"]
    assert client.get(f"{prefix}/author/nobody/").status_code == 404


def test_author_page_lists_their_stories_in_every_role_and_its_photo(client, newsroom, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    writer, reporter, _translator = people
    reporter.photo = image_upload("omar.png")
    reporter.save()
    credit(newsroom.republished, (reporter, Role.WRITER))
    html = client.get("/author/omar/").content.decode()
    assert newsroom.original.title in html and newsroom.republished.title in html
    assert 'class="author__photo"' in html
    assert newsroom.draft.title not in html


def test_author_pages_are_paginated_like_tag_pages(client, newsroom, people):
    writer = people[0]
    for number in range(13):
        credit(make_published(title=f"خبر سلوى {number}"), (writer, Role.WRITER))
    assert client.get("/author/salwa/?page=2").status_code == 200
    assert client.get("/author/salwa/?page=3").status_code == 404


def test_author_feeds_name_every_contributor(client, newsroom, people):
    rss = client.get("/author/salwa/rss/").content.decode()
    assert rss.count("<dc:creator") == 3
    assert ">سلوى أحمد</dc:creator>" in rss and ">عمر حسن</dc:creator>" in rss
    atom = client.get("/en/author/omar/atom/").content.decode()
    assert "<name>Salwa Ahmed</name>" in atom and "<name>Omar Hassan</name>" in atom
    assert newsroom.original.title not in atom  # the English headline is shown in English
    assert "Azerbaijan hosts a Syrian meeting" in atom


def test_authors_are_in_the_sitemap(client, newsroom, people):
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-authors.xml" in index
    authors = client.get("/sitemap-authors.xml").content.decode()
    assert "/author/salwa/" in authors and "/en/author/salwa/" in authors


def test_renaming_an_author_refreshes_the_kept_story(client, newsroom, people):
    path = article_path(newsroom.original, "ar")
    assert "سلوى أحمد" in client.get(path).content.decode()
    writer = people[0]
    writer.set_current_language("ar")
    writer.name = "سلوى عبد الله"
    writer.save()
    assert "سلوى عبد الله" in client.get(path).content.decode()


def _queries(client, path: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_a_story_with_three_contributors_costs_no_more_queries(client, newsroom):
    path = article_path(newsroom.original, "ar")
    before = _queries(client, path)
    writer, reporter, translator = (make_author(name=f"كاتب {n}", slug=f"writer-{n}") for n in range(3))
    credit(newsroom.original, (writer, Role.WRITER), (reporter, Role.REPORTING), (translator, Role.TRANSLATION))
    assert _queries(client, path) == before
    assert "كاتب 2" in client.get(path).content.decode()
