"""The outbox of story events, the webhook endpoints that hear of them, and the clock of periodic work.

A ``StoryEvent`` row is written in the same transaction as the change it reports (the
transactional outbox): a change that rolls back leaves no event, and an event committed while
no worker runs waits here until one does. Consumers (webhooks today, other channels later)
read the outbox and keep their own delivery rows.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sources.fields import URLField


class StoryEvent(models.Model):
    """One thing that happened to a published story, to be told to every consumer once it is due."""

    class Type(models.TextChoices):
        PUBLISHED = "story.published", _("Story published")
        UPDATED = "story.updated", _("Story updated")
        CORRECTED = "story.corrected", _("Story corrected")
        WITHDRAWN = "story.withdrawn", _("Story withdrawn")
        LIVE_ENTRY = "story.live_entry", _("Live update posted")

    uid = models.CharField(_("event id"), max_length=40, unique=True, editable=False)
    type = models.CharField(_("event"), max_length=30, choices=Type.choices)
    article = models.ForeignKey(
        "articles.Article", verbose_name=_("article"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    article_pk = models.PositiveBigIntegerField(_("story id"))
    language = models.CharField(_("language"), max_length=15)
    version = models.PositiveIntegerField(_("version"))
    occurred_at = models.DateTimeField(_("happened"), default=timezone.now)
    # When it becomes true: a scheduled publication is due at its publication time.
    due_at = models.DateTimeField(_("due"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("handed to consumers"), null=True, blank=True)
    # The message as consumers send it, frozen when the event is handed out (retries send the same bytes).
    payload = models.JSONField(_("payload"), null=True, blank=True)
    # What the event is about beyond the story (a live entry's id, time and text).
    detail = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("story event")
        verbose_name_plural = _("story events")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(
                fields=["due_at"], name="storyevent_waiting", condition=Q(dispatched_at__isnull=True, cancelled_at__isnull=True)
            )
        ]

    def __str__(self) -> str:
        return f"{self.type} #{self.article_pk} v{self.version}"


class WebhookEndpoint(models.Model):
    """An address that is sent a signed POST for every subscribed story event."""

    url = URLField(_("URL"), max_length=500, help_text=_("Where the events are sent, by POST."))
    description = models.CharField(_("description"), max_length=200, blank=True)
    # Empty: every event type.
    events = models.JSONField(_("events"), default=list, blank=True)
    is_enabled = models.BooleanField(_("enabled"), default=True)
    secret = models.CharField(_("secret"), max_length=100, editable=False)
    previous_secret = models.CharField(_("previous secret"), max_length=100, blank=True, editable=False)
    previous_secret_until = models.DateTimeField(_("previous secret valid until"), null=True, blank=True, editable=False)
    disabled_reason = models.TextField(_("why it was switched off"), blank=True, editable=False)
    disabled_at = models.DateTimeField(_("switched off"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["pk"]
        permissions = [("manage_webhooks", _("Can manage webhooks"))]

    def __str__(self) -> str:
        return self.description or self.url

    def wants(self, event_type: str) -> bool:
        """Whether this endpoint subscribes to ``event_type`` (no list: every type)."""
        return not self.events or event_type in self.events


class WebhookDelivery(models.Model):
    """One story event for one endpoint: every attempt shares its ``webhook-id``."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SUCCEEDED = "succeeded", _("Delivered")
        FAILED = "failed", _("Failed")

    endpoint = models.ForeignKey(
        WebhookEndpoint, verbose_name=_("webhook"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(StoryEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # A worker sending it holds it until then; one killed mid-way lets it go when this passes.
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    response_status = models.PositiveIntegerField(_("response code"), null=True, blank=True)
    response_ms = models.PositiveIntegerField(_("response time (ms)"), null=True, blank=True)
    response_excerpt = models.TextField(_("answer (first bytes)"), blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["endpoint", "event"], name="one_delivery_per_endpoint_event")]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint}"

    @property
    def message_id(self) -> str:
        """The ``webhook-id``: the same on every attempt, so receivers can drop repeats."""
        return f"msg_{self.event.uid}"


class TaskBeatQuerySet(models.QuerySet):
    def claim(self, name: str, *, now, every: timedelta) -> bool:
        """Whether the caller is the one worker that enqueues periodic task ``name`` now (one UPDATE decides)."""
        self.get_or_create(name=name, defaults={"next_at": now})
        return bool(self.filter(name=name, next_at__lte=now).update(next_at=now + every))


class TaskBeat(models.Model):
    """When a periodic task is next due; workers claim it with one conditional UPDATE, so one of them enqueues it."""

    name = models.CharField(max_length=100, unique=True)
    next_at = models.DateTimeField()

    objects = TaskBeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("periodic task")
        verbose_name_plural = _("periodic tasks")

    def __str__(self) -> str:
        return self.name
