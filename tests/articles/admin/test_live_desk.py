"""The live desk in the admin: post, edit, pin, mark, withdraw; who may."""

import pytest
from django.urls import reverse

from articles.admin.live import html_to_text, text_to_html
from articles.models import LiveCoverage, LiveEntry
from articles.newsroom.live import live_entry_post, live_start
from tests.articles.helpers import logged_in
from tests.factories import make_published

pytestmark = pytest.mark.django_db


def desk_url(story) -> str:
    return reverse("admin:articles_article_live", args=[story.pk])


@pytest.fixture
def story(writer, editor):
    story = make_published(author=writer)
    live_start(article=story, by=editor)
    return story


def test_the_change_page_links_to_the_live_desk(writer, story):
    page = logged_in(writer).get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert desk_url(story) in page


def test_a_writer_posts_on_their_own_story(writer, story):
    client = logged_in(writer)
    response = client.post(desk_url(story), {"action": "post", "body": "السطر الأول\n\nفقرة ثانية", "key": "1"})
    assert response.status_code == 302
    entry = LiveEntry.objects.get()
    assert entry.body == "<p>السطر الأول</p>\n\n<p>فقرة ثانية</p>" and entry.is_key_event and not entry.is_pinned
    page = client.get(desk_url(story)).content.decode()
    assert "data-live-composer" in page and "فقرة ثانية" in page and "khabar/live-desk.js" in page


def test_toggles_edit_and_withdraw(editor, story):
    entry = live_entry_post(article=story, by=editor, body="<p>نص</p>")
    client = logged_in(editor)
    client.post(desk_url(story), {"action": "pin", "entry": entry.pk, "value": "1"})
    client.post(desk_url(story), {"action": "key", "entry": entry.pk, "value": "1"})
    client.post(desk_url(story), {"action": "edit", "entry": entry.pk, "body": "نص مصحح"})
    entry.refresh_from_db()
    assert entry.is_pinned and entry.is_key_event and entry.body == "<p>نص مصحح</p>" and entry.edited_at
    client.post(desk_url(story), {"action": "withdraw", "entry": entry.pk, "note": "خطأ"})
    entry.refresh_from_db()
    assert entry.is_withdrawn and entry.withdrawal_note == "خطأ"


def test_translators_and_other_writers_cannot_post(translator, other_writer, story):
    for user in (translator, other_writer):
        client = logged_in(user)
        page = client.get(desk_url(story))
        if page.status_code == 200:
            assert "data-live-composer" not in page.content.decode()
        client.post(desk_url(story), {"action": "post", "body": "لا"})
    assert not LiveEntry.objects.exists()


def test_editors_start_and_end_the_coverage(editor, writer):
    story = make_published(author=writer)
    client = logged_in(editor)
    client.post(desk_url(story), {"action": "start"})
    assert LiveCoverage.objects.get(article=story).is_running
    client.post(desk_url(story), {"action": "end"})
    story.live.refresh_from_db()
    assert story.live.ended_at is not None
    logged_in(writer).post(desk_url(story), {"action": "start"})
    story.live.refresh_from_db()
    assert story.live.ended_at is not None


def test_plain_text_and_html_round_trip():
    assert text_to_html("أ\n\nب https://example.org") == (
        '<p>أ</p>\n\n<p>ب <a href="https://example.org" rel="nofollow">https://example.org</a></p>'
    )
    assert html_to_text("<p>أ</p>\n\n<p>ب</p>") == "أ\n\nب"
    assert html_to_text('<p><a href="x">ب</a></p>') == '<p><a href="x">ب</a></p>'
