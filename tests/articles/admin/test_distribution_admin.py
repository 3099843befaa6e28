"""Distribution in the admin: editors add Telegram channels, read the log, and see where a story went on its timeline."""

import pytest
from django.urls import reverse

from articles.events import telegram
from articles.events.services import event_dispatch
from articles.models import Distribution, StoryEvent, TelegramChannel
from articles.newsroom.services import article_publish
from tests.articles.helpers import logged_in
from tests.factories import make_article, make_section, make_user

pytestmark = pytest.mark.django_db

ADD = "admin:articles_telegramchannel_add"


def test_an_editor_adds_a_channel_for_a_section(editor):
    section = make_section()
    response = logged_in(editor).post(
        reverse(ADD), {"name": "قناة سوريا", "chat_id": "@syria_news", "language": "ar", "sections": [section.pk],
                       "is_enabled": "on"}, follow=True,
    )
    assert response.status_code == 200
    channel = TelegramChannel.objects.get()
    assert channel.chat_id == "@syria_news" and list(channel.sections.all()) == [section]


@pytest.mark.parametrize("chat_id", ["https://t.me/x", "@ab", "@قناة", "12a"])
def test_a_channel_needs_a_username_or_a_numeric_id(editor, chat_id):
    response = logged_in(editor).post(reverse(ADD), {"name": "x", "chat_id": chat_id, "language": "ar", "is_enabled": "on"})
    assert response.status_code == 200 and not TelegramChannel.objects.exists()
    assert response.context["adminform"].form.errors["chat_id"]


def test_writers_see_neither_channels_nor_the_log():
    writer = make_user("w", role="Writers")
    client = logged_in(writer)
    assert client.get(reverse(ADD)).status_code == 403
    assert client.get(reverse("admin:articles_distribution_changelist")).status_code == 403


def test_the_story_timeline_shows_where_it_went(fakes, editor):
    TelegramChannel.objects.create(name="قناة خبر", chat_id="@khabar_news", language="ar")
    story = article_publish(article=make_article(), by=editor)
    event_dispatch(StoryEvent.objects.get(article_pk=story.pk).pk)
    telegram.attempt(Distribution.objects.get(channel="telegram").pk)
    client = logged_in(editor)
    page = client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert "قناة خبر" in page and "101" in page
    assert fakes.url("/hub") in page and fakes.url("/indexnow") in page
    log = client.get(reverse("admin:articles_distribution_changelist")).content.decode()
    assert "@khabar_news" not in log or "قناة خبر" in log
    assert '"123:test-token"' not in page + log


def test_the_story_form_has_the_do_not_distribute_switch(editor):
    story = make_article()
    page = logged_in(editor).get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert 'name="do_not_distribute"' in page
