"""A live story's page, its poll answer ("entries after N"), JSON-LD and feed."""

import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.newsroom.live import live_end, live_entry_post, live_entry_withdraw, live_start
from articles.public.cache import current_generation
from articles.public.links import article_path
from tests.factories import make_published

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_story(editor):
    story = make_published(title="عاصفة على الساحل")
    live_start(article=story, by=editor)
    live_entry_post(article=story, by=editor, body="<p>أول تحديث</p>")
    live_entry_post(article=story, by=editor, body="<p>حدث رئيسي</p>", key_event=True)
    live_entry_post(article=story, by=editor, body="<p>ما نعرفه حتى الآن</p>", pinned=True)
    story.live.refresh_from_db()
    return story


def updates_url(story, after: int, version: int, language: str = "ar") -> str:
    prefix = "" if language == "ar" else f"/{language}"
    return f"{prefix}/articles/{story.pk}/live/{after}/{version}/"


def json_ld(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def test_the_page_shows_pinned_on_top_key_events_and_the_newest_first(client, live_story):
    html = client.get(article_path(live_story, "ar")).content.decode()
    pinned = html.index("ما نعرفه حتى الآن")
    assert pinned < html.index("حدث رئيسي") < html.index("أول تحديث")
    keys = re.search(r'<nav class="live__keys".*?</nav>', html, re.S).group(0)
    assert "حدث رئيسي" in keys and "أول تحديث" not in keys and "#update-" in keys
    assert 'data-after="' in html and "khabar/live.js" in html
    assert f'href="{article_path(live_story, "ar")}live.atom"' in html


def test_json_ld_is_a_live_blog_posting_with_its_latest_updates(client, live_story, editor):
    data = json_ld(client.get(article_path(live_story, "ar")).content.decode())
    assert data["@type"] == "LiveBlogPosting" and "coverageStartTime" in data and "coverageEndTime" not in data
    assert [update["articleBody"] for update in data["liveBlogUpdate"]][0] == "ما نعرفه حتى الآن"
    live_end(article=live_story, by=editor)
    data = json_ld(client.get(article_path(live_story, "ar")).content.decode())
    assert "coverageEndTime" in data


def test_the_poll_answer_is_small_when_nothing_changed(client, live_story):
    version, newest = live_story.live.version, live_story.live.entries.latest("pk").pk
    response = client.get(updates_url(live_story, newest, version))
    assert response.status_code == 200 and len(response.content) < 300
    assert response.json() == {"version": version, "after": newest, "ended": False, "entries": []}
    assert "max-age=5" in response["Cache-Control"] and "public" in response["Cache-Control"]


def test_the_poll_answer_brings_new_entries_edits_and_withdrawals(client, live_story, editor):
    live_story.live.refresh_from_db()
    version = live_story.live.version
    first = live_story.live.entries.order_by("pk").first()
    live_entry_withdraw(article=live_story, entry_id=first.pk, by=editor, note="خطأ في الرقم")
    new = live_entry_post(article=live_story, by=editor, body="<p>جديد</p>")
    data = client.get(updates_url(live_story, new.pk - 1, version)).json()
    assert [(entry["id"], entry["new"]) for entry in data["entries"]] == [(first.pk, False), (new.pk, True)]
    assert "خطأ في الرقم" in data["entries"][0]["html"] and "withdrawn" in data["entries"][0]["html"]
    assert data["after"] == new.pk and data["version"] == version + 2


def test_the_poll_answer_costs_two_queries_uncached_and_none_cached(client, live_story, editor, django_assert_max_num_queries):
    first = live_story.live.entries.order_by("pk").first()
    url = updates_url(live_story, first.pk, first.revision)
    current_generation()
    with django_assert_max_num_queries(2):
        assert len(client.get(url).json()["entries"]) == 2
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) == 0


def test_a_new_entry_is_never_hidden_behind_a_kept_answer(client, live_story, editor):
    url = updates_url(live_story, live_story.live.entries.latest("pk").pk, live_story.live.version)
    assert client.get(url).json()["entries"] == []
    live_entry_post(article=live_story, by=editor, body="<p>الآن</p>")
    assert [entry["new"] for entry in client.get(url).json()["entries"]] == [True]


def test_withdrawn_entries_leave_a_note_on_the_page(client, live_story, editor):
    first = live_story.live.entries.order_by("pk").first()
    live_entry_withdraw(article=live_story, entry_id=first.pk, by=editor, note="")
    html = client.get(article_path(live_story, "ar")).content.decode()
    assert "أول تحديث" not in html and "live-entry--withdrawn" in html


def test_an_ended_coverage_is_frozen_with_every_entry(client, live_story, editor):
    live_end(article=live_story, by=editor)
    html = client.get(article_path(live_story, "ar")).content.decode()
    assert "data-ended" in html and "live__ended" in html
    assert all(text in html for text in ("أول تحديث", "حدث رئيسي", "ما نعرفه حتى الآن"))
    assert client.get(updates_url(live_story, 0, 0)).json()["ended"] is True


def test_no_poll_answer_for_stories_readers_cannot_see(client, editor):
    from tests.factories import make_article

    draft = make_article()
    live_start(article=draft, by=editor)
    assert client.get(updates_url(draft, 0, 0)).status_code == 404
    assert client.get(updates_url(make_published(), 0, 0)).status_code == 404


def test_the_live_feed_carries_the_entries(client, live_story):
    response = client.get(f"{article_path(live_story, 'ar')}live.atom")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert body.count("<entry>") == 3 and "حدث رئيسي" in body and "#update-" in body


def test_the_public_script_catalog_is_served_without_the_admin(client):
    cache.clear()
    response = client.get(reverse("articles:jsi18n"))
    assert response.status_code == 200 and "ngettext" in response.content.decode()
    assert "public" in response["Cache-Control"]


def test_a_story_that_is_not_live_has_no_live_part(client):
    story = make_published()
    html = client.get(article_path(story, "ar")).content.decode()
    assert 'id="live"' not in html and json_ld(html)["@type"] == "NewsArticle"


def test_the_english_edition_polls_its_own_address(client, editor):
    story = make_published(en={"title": "Storm on the coast", "body": "<p>Body</p>"})
    live_start(article=story, by=editor)
    live_entry_post(article=story, by=editor, body="<p>Rain</p>")
    html = client.get(article_path(story, "en")).content.decode()
    assert f'data-updates="/en/articles/{story.pk}/live/0/0/"' in html and "LiveBlogPosting" in html
    assert client.get(f"/en/articles/{story.pk}/live/0/0/").json()["entries"][0]["new"] is True
