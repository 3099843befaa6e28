"""Webhooks in the admin: editors add them (the secret shown once), rotate secrets, read the delivery log and send again."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from standardwebhooks.webhooks import Webhook

from articles.events import webhooks
from articles.events.services import event_dispatch
from articles.models import StoryEvent, WebhookDelivery, WebhookEndpoint
from articles.newsroom.services import article_publish
from tests.articles.helpers import logged_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db

ADD = "admin:articles_webhookendpoint_add"


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_an_editor_adds_a_webhook_and_sees_its_secret_once(editor):
    client = logged_in(editor)
    response = client.post(
        reverse(ADD), {"url": "https://hooks.example/in", "description": "تطبيق الشريك", "events": ["story.published"],
                       "is_enabled": "on"}, follow=True,
    )
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["story.published"] and endpoint.created_by == editor
    assert any(endpoint.secret in message for message in _messages(response))
    page = client.get(reverse("admin:articles_webhookendpoint_change", args=[endpoint.pk])).content.decode()
    assert endpoint.secret not in page


def test_a_webhook_address_must_be_http_or_https(editor):
    response = logged_in(editor).post(reverse(ADD), {"url": "ftp://hooks.example/in", "is_enabled": "on"})
    assert response.status_code == 200 and not WebhookEndpoint.objects.exists()
    assert response.context["adminform"].form.errors["url"]


def test_writers_cannot_see_webhooks(writer):
    client = logged_in(writer)
    assert client.get(reverse("admin:articles_webhookendpoint_changelist")).status_code == 403
    assert client.get(reverse("admin:articles_webhookdelivery_changelist")).status_code == 403


def test_rotating_a_secret_shows_the_new_one_and_keeps_the_old_for_a_while(editor):
    endpoint, old = webhooks.endpoint_create(url="https://hooks.example/in")
    response = logged_in(editor).post(
        reverse("admin:articles_webhookendpoint_changelist"),
        {"action": "rotate_secret", "_selected_action": [endpoint.pk]}, follow=True,
    )
    endpoint.refresh_from_db()
    assert endpoint.secret != old and endpoint.previous_secret == old and endpoint.previous_secret_until
    assert any(endpoint.secret in message for message in _messages(response))


def test_editors_see_why_a_webhook_was_switched_off(editor, receiver):
    endpoint, _secret = webhooks.endpoint_create(url=receiver.url())
    receiver.answers = [410]
    event_dispatch(StoryEvent.objects.get(article_pk=article_publish(article=make_article(), by=editor).pk).pk)
    webhooks.delivery_attempt(WebhookDelivery.objects.get().pk)
    page = logged_in(editor).get(reverse("admin:articles_webhookendpoint_changelist")).content.decode()
    assert str(webhooks_admin_reason()) in page


def webhooks_admin_reason():
    from articles.admin.webhooks import DISABLED_REASONS

    return DISABLED_REASONS[webhooks.GONE]


def test_the_delivery_log_shows_the_answer_and_sends_again_with_the_same_id(editor, receiver, django_capture_on_commit_callbacks):
    _endpoint, secret = webhooks.endpoint_create(url=receiver.url())
    receiver.answers = [500]
    event_dispatch(StoryEvent.objects.get(article_pk=article_publish(article=make_article(), by=editor).pk).pk)
    delivery = WebhookDelivery.objects.get()
    webhooks.delivery_attempt(delivery.pk)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status=WebhookDelivery.Status.FAILED)
    client = logged_in(editor)
    log = client.get(reverse("admin:articles_webhookdelivery_change", args=[delivery.pk])).content.decode()
    assert "receiver said no" in log and "500" in log
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("admin:articles_webhookdelivery_changelist"),
            {"action": "send_again", "_selected_action": [delivery.pk]}, follow=True,
        )
    assert response.status_code == 200 and len(callbacks) == 1
    webhooks.delivery_attempt(delivery.pk)
    assert len(set(receiver.ids())) == 1 and len(receiver.ids()) == 2
    Webhook(secret).verify(receiver.received[1]["body"], receiver.received[1]["headers"])
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("succeeded", 2)


def test_the_dashboard_shows_the_queue_and_each_webhooks_last_delivery(editor, receiver):
    webhooks.endpoint_create(url=receiver.url(), description="غرفة الأخبار")
    event_dispatch(StoryEvent.objects.get(article_pk=article_publish(article=make_article(), by=editor).pk).pk)
    webhooks.delivery_attempt(WebhookDelivery.objects.get().pk)
    page = logged_in(editor).get(reverse("admin:index")).content.decode()
    assert 'id="background-work"' in page and 'data-queue="failed"' in page
    assert "غرفة الأخبار" in page and "200" in page


def test_webhook_add_prints_a_standard_secret_and_subscribes_to_everything(capsys):
    call_command("webhook_add", "https://hooks.example/in")
    secret = capsys.readouterr().out.strip().splitlines()[-1]
    endpoint = WebhookEndpoint.objects.get()
    assert secret == endpoint.secret and secret.startswith("whsec_") and endpoint.events == []
    assert all(endpoint.wants(kind) for kind in StoryEvent.Type.values)
    Webhook(secret)  # a valid Standard Webhooks secret


def test_webhook_add_refuses_an_unknown_event():
    with pytest.raises(CommandError):
        call_command("webhook_add", "https://hooks.example/in", "--event", "story.deleted")
    assert not WebhookEndpoint.objects.exists()
