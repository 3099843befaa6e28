"""Webhooks delivered by real worker processes: the database queue, and RQ on Redis when REDIS_URL is set.

Every worker is a `manage.py worker` process on the test database; the receiver is on 127.0.0.1.
"""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from articles.events.webhooks import endpoint_create
from articles.models import WebhookDelivery
from articles.newsroom.services import article_publish, article_schedule
from tests.factories import make_article
from tests.tasks import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def _published_story(editor):
    return article_publish(article=make_article(title="خبر للشركاء"), by=editor)


def test_a_publish_reaches_the_receiver_once_signed(queue, receiver, editor):
    endpoint, secret = endpoint_create(url=receiver.url())
    queue.worker()
    story = _published_story(editor)
    wait_until(lambda: WebhookDelivery.objects.filter(status=WebhookDelivery.Status.SUCCEEDED).exists())
    assert len(receiver.received) == 1
    request = receiver.received[0]
    message = Webhook(secret).verify(request["body"], request["headers"])
    assert message["type"] == "story.published"
    assert message["data"]["id"] == story.pk and message["data"]["title"] == "خبر للشركاء"
    assert message["data"]["url"].startswith("https://news.example/")
    delivery = WebhookDelivery.objects.get()
    assert (delivery.endpoint, delivery.attempts, delivery.response_status) == (endpoint, 1, 200)


def test_a_receiver_that_fails_twice_gets_the_same_webhook_id_three_times(queue, receiver, editor):
    endpoint_create(url=receiver.url())
    receiver.answers = [500, 503]
    queue.worker()
    _published_story(editor)
    wait_until(lambda: WebhookDelivery.objects.filter(status=WebhookDelivery.Status.SUCCEEDED).exists())
    assert len(receiver.received) == 3
    assert len(set(receiver.ids())) == 1
    assert WebhookDelivery.objects.get().attempts == 3


def test_a_change_that_rolls_back_sends_nothing(queue, receiver, editor):
    endpoint_create(url=receiver.url())
    queue.worker()
    with pytest.raises(RuntimeError), transaction.atomic():
        _published_story(editor)
        raise RuntimeError("the editor's request failed after publishing")
    other = _published_story(editor)  # a change that commits, to know the worker is awake
    wait_until(lambda: receiver.received)
    assert [body["data"]["id"] for body in receiver.bodies()] == [other.pk]


def test_a_worker_killed_mid_delivery_loses_nothing(queue, receiver, editor):
    endpoint_create(url=receiver.url())
    receiver.answers = ["hang"]  # the first attempt is answered by nobody: the worker dies waiting
    first = queue.worker()
    _published_story(editor)
    assert receiver.arrived.wait(20), "the worker never sent the delivery"
    first.kill()
    receiver.release.set()
    queue.worker()
    wait_until(lambda: WebhookDelivery.objects.filter(status=WebhookDelivery.Status.SUCCEEDED).exists(), timeout=30)
    assert len(receiver.received) == 2 and len(set(receiver.ids())) == 1


def test_a_scheduled_story_is_announced_when_its_time_comes(queue, receiver, editor):
    endpoint_create(url=receiver.url())
    queue.worker()
    at = timezone.now() + timedelta(seconds=2)
    story = article_schedule(article=make_article(title="خبر مجدول"), by=editor, at=at)
    wait_until(lambda: receiver.received, timeout=30)
    assert timezone.now() >= at
    assert [(body["type"], body["data"]["id"]) for body in receiver.bodies()] == [("story.published", story.pk)]
