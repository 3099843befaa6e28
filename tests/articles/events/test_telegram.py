"""Telegram channels, one push at a time in this process, against the fake Bot API on 127.0.0.1."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from articles.events import telegram
from articles.events.services import event_dispatch
from articles.events.telegram_message import CAPTION_LIMIT, RLM, TEXT_LIMIT, compose, utf16_length
from articles.models import Article, Distribution, StoryEvent, TelegramChannel, TelegramPost
from articles.newsroom.services import article_correct, article_publish, article_withdraw
from tests.factories import image_upload, make_article, make_source

pytestmark = pytest.mark.django_db


def _ar(msgid: str, **values) -> str:
    """The Arabic line as the catalogue has it (the English msgid until the catalogue is refreshed)."""
    with translation.override("ar"):
        return gettext(msgid) % values


def _run(event_type: str, article: Article) -> list[Distribution]:
    """Hand the story's newest event of ``event_type`` out and send its Telegram pushes, chain and all."""
    event = StoryEvent.objects.filter(article_pk=article.pk, type=event_type).latest("pk")
    event_dispatch(event.pk)
    rows = list(Distribution.objects.filter(event=event, channel="telegram"))
    for row in rows:
        follow = (row.pk, None)
        while follow is not None:
            follow = telegram.attempt(follow[0])
    return [Distribution.objects.get(pk=row.pk) for row in rows]


@pytest.fixture
def channel(fakes):
    return TelegramChannel.objects.create(name="قناة خبر", chat_id="@khabar_news", language="ar")


def test_a_published_story_is_posted_with_its_photo_caption_and_attribution(fakes, channel, editor):
    source = make_source(name="شام الإخبارية")
    story = make_article(
        title="«الأمطار» تغمر عدن & لحج", summary="سيول <عنيفة> في الجنوب", origin=Article.Origin.REPUBLISHED,
        source=source, original_url="https://sham.example/1", lead_image=image_upload(),
    )
    article_publish(article=story, by=editor)
    [row] = _run("story.published", story)
    [request] = fakes.telegram
    assert request["method"] == "sendPhoto" and request["chat_id"] == "@khabar_news"
    assert request["photo"].startswith("https://news.example/") and request["parse_mode"] == "HTML"
    caption = request["caption"]
    assert caption.startswith(f"<b>{RLM}«الأمطار» تغمر عدن &amp; لحج</b>")
    assert "سيول &lt;عنيفة&gt; في الجنوب" in caption
    assert _ar("Republished from %(source)s", source="شام الإخبارية") in caption
    assert caption.endswith(f"https://news.example/a/{story.pk}")
    assert (row.status, row.reference) == ("succeeded", "101")
    post = TelegramPost.objects.get(channel=channel, article=story)
    assert (post.message_id, post.with_photo) == (101, True)


def test_a_story_without_image_is_a_text_message_starting_with_an_arabic_letter(fakes, channel, editor):
    story = article_publish(article=make_article(title="عاجل: هدنة في تعز"), by=editor)
    _run("story.published", story)
    [request] = fakes.telegram
    assert request["method"] == "sendMessage" and request["text"].startswith("<b>عاجل")


def test_a_correction_edits_the_post_and_a_withdrawal_deletes_it(fakes, channel, editor):
    story = article_publish(article=make_article(title="خبر سيصحح"), by=editor)
    _run("story.published", story)
    article_correct(article=story, by=editor, text="الرقم الصحيح 12 قتيلاً")
    [edit] = _run("story.corrected", story)
    assert fakes.methods() == ["sendMessage", "editMessageText"]
    assert fakes.telegram[1]["message_id"] == 101 and _ar("Correction: %(text)s", text="الرقم الصحيح 12 قتيلاً") in fakes.telegram[1]["text"]
    article_withdraw(article=story, by=editor, comment="خطأ جسيم")
    [delete] = _run("story.withdrawn", story)
    assert fakes.methods() == ["sendMessage", "editMessageText", "deleteMessage"]
    assert (edit.action, delete.action, delete.reference) == ("edit", "delete", "101")
    assert TelegramPost.objects.get().deleted_at is not None


def test_a_post_older_than_telegram_lets_delete_is_replaced_with_a_note(fakes, channel, editor):
    story = article_publish(article=make_article(title="خبر قديم"), by=editor)
    _run("story.published", story)
    TelegramPost.objects.update(posted_at=timezone.now() - timedelta(hours=49))
    article_withdraw(article=story, by=editor, comment="سحب")
    [row] = _run("story.withdrawn", story)
    assert fakes.methods() == ["sendMessage", "editMessageText"]
    assert _ar("This story was withdrawn.") in fakes.telegram[1]["text"]
    assert row.action == "note" and row.status == "succeeded"


def test_429_with_retry_after_holds_the_push_and_loses_nothing(fakes, channel, editor):
    fakes.answers = [(429, {"ok": False, "error_code": 429, "description": "Too Many Requests", "parameters": {"retry_after": 3}})]
    story = article_publish(article=make_article(), by=editor)
    event = StoryEvent.objects.get(article_pk=story.pk, type="story.published")
    event_dispatch(event.pk)
    row = Distribution.objects.get(channel="telegram")
    before = timezone.now()
    follow = telegram.attempt(row.pk)
    row.refresh_from_db()
    assert row.status == "pending" and row.attempts == 1 and row.response_status == 429
    assert follow[0] == row.pk and 2.5 <= (follow[1] - before).total_seconds() <= 4
    assert telegram.attempt(row.pk) is not None and len(fakes.telegram) == 1  # not yet: held, not sent
    later = row.next_attempt_at + timedelta(seconds=0.1)
    telegram.attempt(row.pk, now=later)
    row.refresh_from_db()
    assert row.status == "succeeded" and fakes.methods() == ["sendMessage", "sendMessage"]


def test_do_not_distribute_and_a_source_that_forbids_it_keep_the_story_off_telegram(fakes, channel, editor):
    partner = make_source(name="شريك", slug="partner", terms_redistribution=False)
    relayed = make_article(origin=Article.Origin.REPUBLISHED, source=make_source(slug="origin"), via_source=partner)
    assert relayed.do_not_distribute
    kept = make_article(do_not_distribute=True)
    for story in (relayed, kept):
        article_publish(article=story, by=editor)
        assert _run("story.published", story) == []
    assert fakes.telegram == []
    assert Distribution.objects.filter(channel="websub").count() == 2  # the feeds still change


def test_a_channel_carries_only_its_sections_tags_and_language(fakes, editor):
    from tests.factories import make_section

    sport = make_section(name="رياضة", slug="sport")
    sports = TelegramChannel.objects.create(name="رياضة", chat_id="@sport", language="ar")
    sports.sections.add(sport)
    TelegramChannel.objects.create(name="English", chat_id="@en", language="en")
    article_publish(article=make_article(section=sport), by=editor)
    article_publish(article=make_article(title="سياسة"), by=editor)
    for story in Article.objects.all():
        _run("story.published", story)
    assert [(r["chat_id"], r["method"]) for r in fakes.telegram] == [("@sport", "sendMessage")]


def test_captions_and_messages_keep_to_telegrams_limits_in_utf16_units():
    story = make_article(title="خبر 😀" * 20, summary="كلمة 🌍 " * 2000)
    caption = compose(story, "ar", with_photo=True)
    text = compose(story, "ar", with_photo=False)
    unescaped = caption.replace("<b>", "").replace("</b>", "")
    assert utf16_length(unescaped) <= CAPTION_LIMIT
    assert utf16_length(text.replace("<b>", "").replace("</b>", "")) <= TEXT_LIMIT
    assert unescaped.endswith(f"/a/{story.pk}") and "…" in unescaped


def test_an_unreachable_bot_api_is_retried_and_the_token_never_logged(fakes, channel, editor, settings, caplog):
    settings.TELEGRAM_API_URL = "http://127.0.0.1:9"  # not allowed: refused before any connection
    story = article_publish(article=make_article(), by=editor)
    event_dispatch(StoryEvent.objects.get(article_pk=story.pk).pk)
    row = Distribution.objects.get(channel="telegram")
    follow = telegram.attempt(row.pk)
    row.refresh_from_db()
    assert (row.status, row.error, row.attempts) == ("pending", "unreachable", 1)
    assert follow == (row.pk, row.next_attempt_at)
    assert "bot…" in caplog.text and settings.TELEGRAM_BOT_TOKEN not in caplog.text
