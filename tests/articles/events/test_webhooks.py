"""Webhooks, one attempt at a time in this process: signature, message, outcomes, rotation and the guard.

Real traffic goes to the receiver on 127.0.0.1 only; every other address is refused before a connection.
"""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from articles.events import webhooks
from articles.events.payload import event_payload
from articles.events.services import event_dispatch, outbox_overdue
from articles.models import Article, StoryEvent, WebhookDelivery, WebhookEndpoint
from articles.newsroom.outbox import outbox_write
from articles.newsroom.services import article_publish, article_schedule
from tests.factories import make_article, make_disclaimer, make_published, make_source

pytestmark = pytest.mark.django_db


def _publish(editor, **kwargs) -> StoryEvent:
    article = article_publish(article=make_article(**kwargs), by=editor)
    return StoryEvent.objects.get(article_pk=article.pk, type="story.published")


def _deliver(event: StoryEvent) -> WebhookDelivery:
    event_dispatch(event.pk)
    delivery = WebhookDelivery.objects.get(event=event)
    webhooks.delivery_attempt(delivery.pk)
    delivery.refresh_from_db()
    return delivery


def test_a_delivery_is_signed_the_standard_webhooks_way(receiver, editor):
    _endpoint, secret = webhooks.endpoint_create(url=receiver.url())
    delivery = _deliver(_publish(editor))
    request = receiver.received[0]
    assert secret.startswith("whsec_")
    assert Webhook(secret).verify(request["body"], request["headers"])["type"] == "story.published"
    assert request["headers"]["webhook-id"] == delivery.message_id
    assert request["headers"]["webhook-signature"].startswith("v1,")
    with pytest.raises(Exception, match="No matching signature"):
        Webhook(webhooks.new_secret()).verify(request["body"], request["headers"])
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("succeeded", 1, 200)
    assert delivery.response_excerpt == '{"ok": true}'


def test_the_message_carries_the_story_and_its_attribution(settings):
    settings.SITE_URL = "https://news.example"
    make_disclaimer()
    source, agency = make_source(name="شام الإخبارية"), make_source(name="وكالة الأنباء", slug="agency")
    article = make_published(source=source, origin=Article.Origin.REPUBLISHED, original_url="https://sham.example/1")
    article.cited_sources.add(agency)
    article.store_disclaimers()
    event = outbox_write(article=article, type=StoryEvent.Type.PUBLISHED, now=timezone.now())
    message = event_payload(event)
    data = message["data"]
    assert (message["type"], message["id"], data["id"], data["language"]) == ("story.published", event.uid, article.pk, "ar")
    assert data["title"] == "عنوان تجريبي" and data["summary"] == "موجز تجريبي"
    assert data["url"] == "https://news.example" + article.get_absolute_url()
    assert data["attribution"]["source"]["name"] == "شام الإخبارية"
    assert data["attribution"]["cited_sources"] == ["وكالة الأنباء"]
    assert "شام الإخبارية" in data["attribution"]["disclaimer"]
    assert data["attribution"]["original_url"] == "https://sham.example/1"


def test_handing_out_an_event_twice_creates_one_delivery_and_sends_once(receiver, editor):
    webhooks.endpoint_create(url=receiver.url())
    event = _publish(editor)
    assert event_dispatch(event.pk) == 1
    assert event_dispatch(event.pk) == 0
    delivery = WebhookDelivery.objects.get()
    webhooks.delivery_attempt(delivery.pk)
    assert webhooks.delivery_attempt(delivery.pk) is None
    assert len(receiver.received) == 1


def test_an_endpoint_hears_only_the_events_it_subscribed_to(receiver, editor):
    webhooks.endpoint_create(url=receiver.url(), events=["story.withdrawn"])
    event_dispatch(_publish(editor).pk)
    assert not WebhookDelivery.objects.exists()


def test_a_scheduled_publication_is_handed_out_only_when_its_time_comes(receiver, editor):
    webhooks.endpoint_create(url=receiver.url())
    at = timezone.now() + timedelta(hours=1)
    article = article_schedule(article=make_article(), by=editor, at=at)
    event = StoryEvent.objects.get(article_pk=article.pk)
    assert event_dispatch(event.pk) == 0
    assert event_dispatch(event.pk, now=at + timedelta(seconds=1)) == 1


def test_an_event_committed_while_no_worker_ran_is_swept_up(editor, settings):
    settings.TASKS_LOST_AFTER_SECONDS = 60
    event = _publish(editor)
    assert outbox_overdue(timezone.now()) == []
    assert outbox_overdue(timezone.now() + timedelta(minutes=2)) == [(None, event.pk)]


def test_a_failed_attempt_is_retried_later_with_the_answer_kept(receiver, editor):
    webhooks.endpoint_create(url=receiver.url())
    receiver.answers = [500]
    delivery = _deliver(_publish(editor))
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("pending", 1, 500)
    assert delivery.response_excerpt == "receiver said no"
    assert delivery.next_attempt_at > delivery.last_attempt_at


def test_410_gone_switches_the_endpoint_off(receiver, editor):
    endpoint, _secret = webhooks.endpoint_create(url=receiver.url())
    receiver.answers = [410]
    delivery = _deliver(_publish(editor))
    endpoint.refresh_from_db()
    assert delivery.status == "failed" and not endpoint.is_enabled and endpoint.disabled_reason == webhooks.GONE
    event_dispatch(_publish(editor).pk)
    assert WebhookDelivery.objects.count() == 1


def test_an_endpoint_that_keeps_failing_is_switched_off(receiver, editor, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    endpoint, _secret = webhooks.endpoint_create(url=receiver.url())
    receiver.answers = [500, 502]
    delivery = _deliver(_publish(editor))
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert webhooks.delivery_attempt(delivery.pk) is None
    delivery.refresh_from_db()
    endpoint.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 2)
    assert (endpoint.is_enabled, endpoint.disabled_reason) == (False, webhooks.FAILING)


def test_a_redirect_is_not_followed(receiver, editor, connections):
    connections.permit(receiver.port)
    receiver.answers = [302]
    receiver.redirect_to = "http://127.0.0.1:9/internal"
    webhooks.endpoint_create(url=receiver.url())
    delivery = _deliver(_publish(editor))
    assert (delivery.status, delivery.response_status) == ("pending", 302)
    assert len(receiver.received) == 1
    assert set(connections.attempted) == {("127.0.0.1", receiver.port)}


def test_a_rotated_secret_signs_beside_the_old_one_during_the_overlap(receiver, editor):
    endpoint, old = webhooks.endpoint_create(url=receiver.url())
    new = webhooks.endpoint_rotate_secret(endpoint=endpoint)
    _deliver(_publish(editor))
    request = receiver.received[0]
    assert len(request["headers"]["webhook-signature"].split(" ")) == 2
    Webhook(old).verify(request["body"], request["headers"])
    Webhook(new).verify(request["body"], request["headers"])
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(previous_secret_until=timezone.now())
    endpoint.refresh_from_db()
    assert " " not in webhooks.signature(endpoint, "msg_1", timezone.now(), b"{}", timezone.now())


@pytest.mark.parametrize("url", ["file:///etc/passwd", "gopher://127.0.0.1:6379/_INFO", "ftp://example.com/"])
def test_only_http_and_https_endpoints_can_be_added(url):
    with pytest.raises(ValidationError):
        webhooks.endpoint_create(url=url)


@pytest.mark.parametrize(
    ("url", "answers"),
    [
        ("http://127.0.0.1:8080/hook", None),  # loopback, not listed in OUTBOUND_ALLOWED_HOSTS
        ("http://169.254.169.254/latest/meta-data/", None),  # link-local: the cloud's metadata service
        ("http://[::1]/hook", None),
        ("http://10.0.0.7/hook", None),
        ("https://hooks.partner.example/in", ["127.0.0.1"]),  # a public name resolving to loopback
        ("https://rebound.partner.example/in", ["93.184.216.34", "192.168.1.4"]),
        ("gopher://127.0.0.1:6379/_INFO", None),  # stored by hand: refused when sent too
        ("file:///etc/passwd", None),
    ],
)
def test_webhooks_to_internal_addresses_are_refused_before_any_connection(url, answers, editor, dns, connections):
    if answers:
        dns[url.split("/")[2]] = [answers]
    WebhookEndpoint.objects.create(url=url, secret=webhooks.new_secret())
    delivery = _deliver(_publish(editor))
    assert delivery.error in {"unreachable", "invalid_address"} and delivery.response_status is None
    assert connections.attempted == []


def test_the_body_is_the_same_bytes_on_every_attempt(receiver, editor):
    webhooks.endpoint_create(url=receiver.url())
    receiver.answers = [500]
    delivery = _deliver(_publish(editor))
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    webhooks.delivery_attempt(delivery.pk)
    first, second = receiver.received
    assert first["body"] == second["body"] and json.loads(first["body"])["type"] == "story.published"


def test_the_message_carries_every_contributor(settings):
    from articles.models import Contribution
    from tests.factories import credit, make_author

    settings.SITE_URL = "https://news.example"
    article = make_published()
    credit(article, (make_author(name="سلوى", slug="salwa"), Contribution.Role.WRITER),
           (make_author(name="ليلى", name_en="Layla", slug="layla"), Contribution.Role.TRANSLATION))
    event = outbox_write(article=article, type=StoryEvent.Type.PUBLISHED, now=timezone.now())
    assert event_payload(event)["data"]["contributors"] == [
        {"name": "سلوى", "role": "writer", "slug": "salwa", "url": "https://news.example/author/salwa/"},
        {"name": "ليلى", "role": "translation", "slug": "layla", "url": "https://news.example/author/layla/"},
    ]
