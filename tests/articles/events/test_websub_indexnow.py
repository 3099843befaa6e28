"""WebSub pings and IndexNow submissions against the fakes on 127.0.0.1; the feeds' hub links and the key file."""

from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import translation

from articles.events import indexnow, websub
from articles.events.services import event_dispatch
from articles.models import Distribution, StoryEvent
from articles.newsroom.services import article_publish, article_withdraw
from tests.factories import make_article, make_section, make_source

pytestmark = pytest.mark.django_db


def _send(article, event_type: str) -> dict[str, Distribution]:
    event = StoryEvent.objects.filter(article_pk=article.pk, type=event_type).latest("pk")
    event_dispatch(event.pk)
    rows = {}
    for row in Distribution.objects.filter(event=event).exclude(channel="telegram"):
        (websub if row.channel == "websub" else indexnow).attempt(row.pk)
        rows[row.channel] = Distribution.objects.get(pk=row.pk)
    return rows


def _story(editor):
    section = make_section(name="اليمن", slug="يمن")
    source = make_source(name="عدن الغد", slug="aden")
    story = make_article(
        title="خبر عن عدن", section=section, source=source, origin="republished",
        original_url="https://aden.example/1", tags=["عدن"], en={"title": "News from Aden", "slug": "aden-news", "body": "<p>Text.</p>"},
    )
    return article_publish(article=story, by=editor)


def test_publishing_pings_the_hub_with_every_feed_the_story_is_in(fakes, editor):
    story = _story(editor)
    rows = _send(story, "story.published")
    [form] = fakes.hub
    assert form[0] == ("hub.mode", "publish")
    topics = [value for name, value in form if name == "hub.url"]
    base = "https://news.example"
    assert f"{base}/feeds/rss/" in topics and f"{base}/en/feeds/atom/" in topics
    assert f"{base}/section/{quote('يمن')}/rss/" in topics
    assert f"{base}/tag/{quote('عدن')}/atom/" in topics
    assert f"{base}/source/aden/rss/" in topics
    assert rows["websub"].status == "succeeded" and rows["websub"].response_status == 204


def test_indexnow_gets_the_story_in_both_languages_percent_encoded(fakes, editor):
    story = _story(editor)
    rows = _send(story, "story.published")
    [body] = fakes.indexnow
    assert body["content_type"] == "application/json; charset=utf-8"
    assert body["host"] == "news.example" and body["key"] == "khabar-test-key-1234"
    assert body["keyLocation"] == "https://news.example/khabar-test-key-1234.txt"
    slug = story.safe_translation_getter("slug", language_code="ar")
    assert body["urlList"] == [
        f"https://news.example/articles/{story.pk}/{quote(slug)}/",
        f"https://news.example/en/articles/{story.pk}/aden-news/",
    ]
    assert all(url.isascii() for url in body["urlList"])
    assert rows["indexnow"].status == "succeeded" and rows["indexnow"].response_status == 202


def test_a_withdrawal_is_told_to_the_hub_and_to_indexnow(fakes, editor):
    story = _story(editor)
    _send(story, "story.published")
    article_withdraw(article=story, by=editor, comment="سحب")
    _send(story, "story.withdrawn")
    assert len(fakes.hub) == 2 and len(fakes.indexnow) == 2
    assert fakes.indexnow[1]["urlList"] == fakes.indexnow[0]["urlList"]


@pytest.mark.parametrize(
    ("status", "outcome"), [(422, ("failed", None)), (403, ("failed", None)), (429, ("pending", True)), (500, ("pending", True))]
)
def test_indexnow_answers_are_handled_as_the_protocol_says(fakes, editor, status, outcome):
    fakes.answers = [(status, None)]
    rows = _send(article_publish(article=make_article(), by=editor), "story.published")
    row = rows["indexnow"]
    assert (row.status, row.next_attempt_at is not None or None) == outcome


def test_without_hubs_or_key_nothing_is_sent(fakes, editor, settings):
    settings.WEBSUB_HUBS, settings.INDEXNOW_KEY = [], ""
    story = article_publish(article=make_article(), by=editor)
    assert _send(story, "story.published") == {}


def test_every_feed_names_its_hub_and_itself(client, fakes):
    for name in ("articles:feed_rss", "articles:feed_atom"):
        for language in ("ar", "en"):
            with translation.override(language):
                path = reverse(name)
            response = client.get(path)
            hub = fakes.url("/hub")
            body = response.content.decode()
            assert f'rel="hub" href="{hub}"' in body or f'href="{hub}" rel="hub"' in body
            assert 'rel="self"' in body
            assert response["Link"] == f'<{hub}>; rel="hub", <http://testserver{path}>; rel="self"'


def test_without_hubs_a_feed_names_only_itself(client, settings):
    settings.WEBSUB_HUBS = []
    response = client.get("/feeds/atom/")
    assert 'rel="hub"' not in response.content.decode() and response["Link"] == '<http://testserver/feeds/atom/>; rel="self"'


def test_the_indexnow_key_file(client, settings):
    settings.INDEXNOW_KEY = "khabar-test-key-1234"
    response = client.get("/khabar-test-key-1234.txt")
    assert response.status_code == 200 and response.content == b"khabar-test-key-1234"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert client.get("/another-key-12345.txt").status_code == 404
    settings.INDEXNOW_KEY = ""
    assert client.get("/khabar-test-key-1234.txt").status_code == 404


def test_an_arabic_feeds_self_link_is_the_topic_the_hub_is_pinged_with(client, fakes, editor, settings):
    settings.SITE_URL = "http://testserver"
    story = _story(editor)
    _send(story, "story.published")
    topics = [value for name, value in fakes.hub[0] if name == "hub.url"]
    path = f"/section/{quote('يمن')}/rss/"
    response = client.get(path)
    self_link = response["Link"].split(", ")[-1]
    assert self_link == f'<http://testserver{path}>; rel="self"' and f"http://testserver{path}" in topics
    assert f'href="http://testserver{path}" rel="self"' in response.content.decode()
