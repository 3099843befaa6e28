"""Distribution: where published stories are pushed beyond the site, and the log of every push.

Three channels read the outbox beside webhooks: Telegram channels (configured here, one row
each), WebSub hubs and IndexNow (configured by settings). Each push is a ``Distribution`` row,
one per story event and target, with its attempts, the answer and the id the channel gave it
(a Telegram message id, an IndexNow or hub request); ``TelegramPost`` keeps the message a
story became in a channel, so a correction edits it and a withdrawal deletes it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from articles.models.content import Article, Section
from articles.models.events import StoryEvent
from articles.models.tags import Tag


class TelegramChannel(models.Model):
    """A Telegram channel the site's bot posts published stories to."""

    name = models.CharField(_("name"), max_length=120)
    chat_id = models.CharField(
        _("channel"),
        max_length=100,
        help_text=_("The channel's @username or its numeric id (-100…). The bot must be one of its administrators."),
    )
    language = models.CharField(_("language"), max_length=15, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    sections = models.ManyToManyField(
        Section, verbose_name=_("sections"), blank=True, related_name="+", help_text=_("None chosen: every section.")
    )
    tags = models.ManyToManyField(
        Tag, verbose_name=_("tags"), blank=True, related_name="+", help_text=_("None chosen: stories with any tag or none.")
    )
    is_enabled = models.BooleanField(_("enabled"), default=True)
    # A worker posting to the channel holds it until then: one post at a time, in order.
    busy_until = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("Telegram channel")
        verbose_name_plural = _("Telegram channels")
        ordering = ["pk"]
        permissions = [("manage_distribution", _("Can manage distribution channels"))]

    def __str__(self) -> str:
        return self.name


class TelegramPost(models.Model):
    """The message a story became in a channel: edited on correction, deleted on withdrawal."""

    channel = models.ForeignKey(TelegramChannel, verbose_name=_("Telegram channel"), on_delete=models.CASCADE)
    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="+")
    message_id = models.BigIntegerField(_("message id"))
    with_photo = models.BooleanField(_("with photo"), default=False)
    text = models.TextField(_("text"), blank=True)
    posted_at = models.DateTimeField(_("posted"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)

    class Meta:
        verbose_name = _("Telegram post")
        verbose_name_plural = _("Telegram posts")
        constraints = [models.UniqueConstraint(fields=["channel", "article"], name="one_post_per_channel_story")]

    def __str__(self) -> str:
        return f"{self.channel} #{self.message_id}"


class Distribution(models.Model):
    """One story event pushed to one target of one channel: every attempt of it, and the answer."""

    class Channel(models.TextChoices):
        TELEGRAM = "telegram", _("Telegram")
        WEBSUB = "websub", _("WebSub hub")
        INDEXNOW = "indexnow", _("IndexNow")

    class Action(models.TextChoices):
        # What was done to a post (not when: the same words name the time fields).
        POST = "post", pgettext_lazy("distribution action", "posted")
        EDIT = "edit", pgettext_lazy("distribution action", "edited")
        DELETE = "delete", _("deleted")
        NOTE = "note", _("replaced with a withdrawal note")
        PING = "ping", _("feeds pinged")
        SUBMIT = "submit", _("addresses submitted")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SUCCEEDED = "succeeded", _("Delivered")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Nothing to do")

    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    telegram_channel = models.ForeignKey(
        TelegramChannel, verbose_name=_("Telegram channel"), on_delete=models.CASCADE, null=True, blank=True
    )
    target = models.CharField(_("target"), max_length=500)
    event = models.ForeignKey(StoryEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="+")
    article_pk = models.PositiveBigIntegerField(_("story id"), db_index=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    # The addresses pushed (IndexNow) or pinged (WebSub), frozen at fan-out.
    urls = models.JSONField(_("addresses"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    response_status = models.PositiveIntegerField(_("response code"), null=True, blank=True)
    reference = models.CharField(_("message or request id"), max_length=100, blank=True)
    response_excerpt = models.TextField(_("answer (first bytes)"), blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("distribution")
        verbose_name_plural = _("distribution log")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "target", "event"], name="one_distribution_per_target_event")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="distribution_due")]

    def __str__(self) -> str:
        return f"{self.event} → {self.get_channel_display()} {self.target}"
