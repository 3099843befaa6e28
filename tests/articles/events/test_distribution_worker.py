"""Telegram, the hub and IndexNow served by real worker processes (database queue; RQ too when REDIS_URL is set)."""

import pytest

from articles.models import Distribution, TelegramChannel
from articles.newsroom.services import article_correct, article_publish, article_withdraw
from tests.factories import make_article
from tests.tasks import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def _configure(queue, fakes, **extra) -> None:
    env = {
        "OUTBOUND_ALLOWED_HOSTS": f"127.0.0.1:{fakes.port}",
        "TELEGRAM_API_URL": fakes.url(),
        "TELEGRAM_BOT_TOKEN": "123:test-token",
        "WEBSUB_HUBS": fakes.url("/hub"),
        "INDEXNOW_KEY": "khabar-test-key-1234",
        "INDEXNOW_ENDPOINT": fakes.url("/indexnow"),
        "DISTRIBUTION_TIMEOUT": "2",
    }
    queue.env.update(env, **extra)


def _settled(count: int):
    return lambda: Distribution.objects.exclude(status=Distribution.Status.PENDING).count() >= count


def test_publish_correct_withdraw_send_exactly_the_expected_requests(queue, fakes, editor):
    _configure(queue, fakes)
    TelegramChannel.objects.create(name="قناة", chat_id="@khabar", language="ar")
    queue.worker()
    story = article_publish(article=make_article(title="خبر للقناة"), by=editor)
    wait_until(_settled(3), timeout=30)
    article_correct(article=story, by=editor, text="تصحيح الرقم")
    wait_until(_settled(6), timeout=30)
    article_withdraw(article=story, by=editor, comment="سحب")
    wait_until(_settled(9), timeout=30)
    assert fakes.methods() == ["sendMessage", "editMessageText", "deleteMessage"]
    assert len({request["message_id"] for request in fakes.telegram[1:]}) == 1
    assert len(fakes.hub) == 3 and len(fakes.indexnow) == 3
    assert set(Distribution.objects.values_list("status", flat=True)) == {"succeeded"}


def test_a_hundred_publications_in_a_minute_all_arrive_in_order_within_the_limit(queue, fakes, editor, settings):
    if queue.backend != "database":
        pytest.skip("one queue is enough for the burst")
    _configure(queue, fakes, TELEGRAM_RATE_LIMIT="20", TELEGRAM_RATE_WINDOW_SECONDS="1", WEBSUB_HUBS="", INDEXNOW_KEY="")
    TelegramChannel.objects.create(name="قناة", chat_id="@khabar", language="ar")
    queue.worker()
    queue.worker()
    stories = [article_publish(article=make_article(title=f"خبر رقم {n}"), by=editor) for n in range(100)]
    wait_until(lambda: Distribution.objects.filter(status=Distribution.Status.SUCCEEDED).count() == 100, timeout=90)
    texts = [request["text"] for request in fakes.telegram]
    assert len(texts) == 100
    assert [f"خبر رقم {n}<" in text for n, text in enumerate(texts)] == [True] * 100
    times = [request["at"] for request in fakes.telegram]
    assert max(sum(1 for t in times if start <= t < start + 1) for start in times) <= 20
    assert len(stories) == 100
