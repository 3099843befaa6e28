"""Webhooks signed the Standard Webhooks way (https://www.standardwebhooks.com/).

Each delivery is a POST of the event's JSON with ``webhook-id`` (the same on every attempt),
``webhook-timestamp`` and ``webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>``,
signed with the endpoint's ``whsec_`` secret (and, during a rotation's overlap, with the
previous one too, space-separated). It goes through ``sources.outbound`` without following
redirects. 2xx is success; 410 Gone switches the endpoint off; anything else is retried with
backoff for about a day, after which the delivery has failed and the endpoint is switched off,
with the reason kept for editors.
"""

import base64
import json
import logging
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from standardwebhooks.webhooks import Webhook

from articles.models import StoryEvent, WebhookDelivery, WebhookEndpoint
from sources import outbound
from sources.tasking import retry_at

logger = logging.getLogger(__name__)

SECRET_PREFIX = "whsec_"
EXCERPT_BYTES = 1024
USER_AGENT = "Khabar-Webhooks/1.0"

# Why an endpoint was switched off (stored as a code, shown translated).
GONE = "gone"
FAILING = "failing"


def new_secret() -> str:
    """A fresh signing secret in the Standard Webhooks form: ``whsec_`` + base64 of 24 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode("ascii")


def _clean_events(events: list[str] | None) -> list[str]:
    known = set(StoryEvent.Type.values)
    events = list(dict.fromkeys(events or []))
    unknown = [name for name in events if name not in known]
    if unknown:
        raise ValidationError(
            gettext("Unknown event: %(events)s. Known events: %(known)s.")
            % {"events": ", ".join(unknown), "known": ", ".join(StoryEvent.Type.values)}
        )
    return events


def clean_url(url: str) -> str:
    """The address, trimmed; ValidationError unless it is http or https."""
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(gettext("Enter an http or https address.")) from None
    return url


def endpoint_create(
    *, url: str, events: list[str] | None = None, description: str = "", by=None
) -> tuple[WebhookEndpoint, str]:
    """Add an endpoint for ``events`` (none: every event); return it and its secret, shown this once."""
    secret = new_secret()
    endpoint = WebhookEndpoint.objects.create(
        url=clean_url(url), events=_clean_events(events), description=description, secret=secret, created_by=by
    )
    return endpoint, secret


def endpoint_rotate_secret(*, endpoint: WebhookEndpoint, now: datetime | None = None) -> str:
    """Give the endpoint a new secret; the old one still signs beside it for WEBHOOK_SECRET_OVERLAP_HOURS."""
    now = now or timezone.now()
    secret = new_secret()
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_until = now + timedelta(hours=settings.WEBHOOK_SECRET_OVERLAP_HOURS)
    endpoint.secret = secret
    endpoint.save(update_fields=["secret", "previous_secret", "previous_secret_until"])
    return secret


def endpoint_enable(*, endpoint: WebhookEndpoint) -> None:
    """Switch an endpoint on again and forget why it was switched off."""
    endpoint.is_enabled, endpoint.disabled_reason, endpoint.disabled_at = True, "", None
    endpoint.save(update_fields=["is_enabled", "disabled_reason", "disabled_at"])


def _endpoint_disable(endpoint: WebhookEndpoint, reason: str, now: datetime) -> None:
    WebhookEndpoint.objects.filter(pk=endpoint.pk, is_enabled=True).update(
        is_enabled=False, disabled_reason=reason, disabled_at=now
    )


def signature(endpoint: WebhookEndpoint, msg_id: str, timestamp: datetime, body: bytes, now: datetime) -> str:
    """``v1,<base64>`` with the current secret, and with the previous one while the rotation overlaps."""
    signatures = [Webhook(endpoint.secret).sign(msg_id, timestamp, body)]
    if endpoint.previous_secret and endpoint.previous_secret_until and endpoint.previous_secret_until > now:
        signatures.append(Webhook(endpoint.previous_secret).sign(msg_id, timestamp, body))
    return " ".join(signatures)


def body_of(event: StoryEvent) -> bytes:
    """The event's frozen payload as bytes: the same bytes on every attempt."""
    return json.dumps(event.payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


# ---- The outbox consumer: fan out, find lost work ----


def fan_out(event: StoryEvent) -> list[int]:
    """One delivery per enabled endpoint that subscribes to the event's type (again: nothing new)."""
    pks = []
    for endpoint in WebhookEndpoint.objects.filter(is_enabled=True):
        if endpoint.wants(event.type):
            delivery, _created = WebhookDelivery.objects.get_or_create(
                endpoint=endpoint, event=event, defaults={"next_attempt_at": event.due_at}
            )
            pks.append(delivery.pk)
    return pks


def overdue(now: datetime) -> list[int]:
    """Waiting deliveries well past their time that no worker holds: their task was lost (a worker died)."""
    late = now - timedelta(seconds=settings.TASKS_LOST_AFTER_SECONDS)
    return list(
        WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=late)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .values_list("pk", flat=True)[:500]
    )


# ---- One attempt ----


@dataclass
class Outcome:
    status: int | None = None
    ms: int | None = None
    excerpt: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def _claim(delivery_pk: int, now: datetime) -> bool:
    """Take the delivery for this attempt; False when it is done, not due, or another worker holds it."""
    hold = timedelta(seconds=settings.WEBHOOK_TIMEOUT + settings.TASKS_LOST_AFTER_SECONDS)
    return bool(
        WebhookDelivery.objects.filter(pk=delivery_pk, status=WebhookDelivery.Status.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now + timedelta(seconds=1)))
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + hold)
    )


def _post(delivery: WebhookDelivery, now: datetime) -> Outcome:
    endpoint, body = delivery.endpoint, body_of(delivery.event)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": signature(endpoint, delivery.message_id, now, body, now),
    }
    timeout = settings.WEBHOOK_TIMEOUT
    limits = outbound.Limits(connect=timeout, read=timeout, total=timeout, redirects=0)
    started = time.monotonic()
    try:
        with outbound.stream(
            "POST", endpoint.url, limits=limits, headers=headers, content=body, follow_redirects=False
        ) as response:
            excerpt = bytearray()
            for chunk in response.iter_raw():
                excerpt += chunk
                if len(excerpt) >= EXCERPT_BYTES:
                    break
            status = response.status
    except outbound.Timeout:
        return Outcome(error="timeout", ms=int((time.monotonic() - started) * 1000))
    except outbound.InvalidAddress:
        return Outcome(error="invalid_address")
    except outbound.OutboundError:
        return Outcome(error="unreachable", ms=int((time.monotonic() - started) * 1000))
    text = bytes(excerpt[:EXCERPT_BYTES]).decode("utf-8", errors="replace")
    return Outcome(status=status, ms=int((time.monotonic() - started) * 1000), excerpt=text)


def _settle(delivery: WebhookDelivery, outcome: Outcome, now: datetime) -> datetime | None:
    """Record the attempt; switch the endpoint off when it is gone or kept failing; the next attempt's time."""
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.response_status, delivery.response_ms = outcome.status, outcome.ms
    delivery.response_excerpt, delivery.error = outcome.excerpt, outcome.error
    delivery.claimed_until = None
    next_at = None
    if outcome.ok:
        delivery.status = WebhookDelivery.Status.SUCCEEDED
    elif outcome.status == 410:
        delivery.status = WebhookDelivery.Status.FAILED
        _endpoint_disable(delivery.endpoint, GONE, now)
    elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
        _endpoint_disable(delivery.endpoint, FAILING, now)
    else:
        next_at = retry_at(delivery.attempts, now)
    delivery.next_attempt_at = next_at
    delivery.save()
    return next_at


def delivery_attempt(delivery_pk: int, now: datetime | None = None) -> datetime | None:
    """Send one attempt of a delivery if it is due and free; return when to try again (None: done or not ours).

    Safe to run twice: a delivery already sent, not yet due, or held by another worker is left alone.
    """
    now = now or timezone.now()
    if not _claim(delivery_pk, now):
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint", "event").get(pk=delivery_pk)
    if not delivery.endpoint.is_enabled:
        delivery.status, delivery.error, delivery.claimed_until = WebhookDelivery.Status.FAILED, "switched_off", None
        delivery.save(update_fields=["status", "error", "claimed_until"])
        return None
    outcome = _post(delivery, now)
    with transaction.atomic():
        return _settle(delivery, outcome, timezone.now())


def delivery_send_again(*, delivery: WebhookDelivery, now: datetime | None = None) -> bool:
    """Queue a delivery for one more attempt (same ``webhook-id``); False while it is still waiting for one."""
    now = now or timezone.now()
    updated = (
        WebhookDelivery.objects.filter(pk=delivery.pk)
        .exclude(status=WebhookDelivery.Status.PENDING)
        .update(status=WebhookDelivery.Status.PENDING, next_attempt_at=now, claimed_until=None, error="")
    )
    return bool(updated)
