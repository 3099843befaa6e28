"""Feeds, their runs, and every item taken from them, kept as received beside the draft.

Imported at the end of ``articles.models`` so these register under the ``articles`` label.
"""

import math
from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext_lazy, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from sources.fields import URLField
from sources.models import Source
from sources.text import clean_text_fields

# ---- What can go wrong with a feed ----
# A run stores a stable code and its parameters, never a rendered sentence, so the admin shows
# the error in whichever language the editor reads it.
MESSAGES = {
    "timeout": ngettext_lazy(
        "The feed's server did not answer in time (after %(seconds)s second).",
        "The feed's server did not answer in time (after %(seconds)s seconds).",
        "seconds",
    ),
    # One message for every address that was refused or could not be reached, without the reason
    # (that goes to the server log): telling them apart would make the feed form a port scanner.
    "unreachable": _("The feed could not be read: its address could not be reached or is not allowed."),
    "http_status": _("The feed's server answered with HTTP error %(status)s instead of the feed."),
    "too_large": _("The feed is larger than the %(megabytes)s MB allowed, so it was not read."),
    "too_many_redirects": ngettext_lazy(
        "The feed's address redirected more than %(limit)s time, so it was abandoned.",
        "The feed's address redirected more than %(limit)s times, so it was abandoned.",
        "limit",
    ),
    "bad_address": _("The feed's address cannot be fetched: %(detail)s."),
    # No longer given (entities are read without being expanded); kept for runs logged before.
    "entities": _(
        "The feed declares XML entities, a known way to attack feed readers (entity expansion or external "
        "entities). It was refused without being read."
    ),
    "malformed": _("The feed is damaged and could not be read as RSS, Atom or JSON Feed: %(detail)s."),
    "undecodable": _(
        "The feed's characters could not be read: its encoding is missing or wrong, and no encoding turns it into "
        "readable words. It was refused rather than stored as garbled text."
    ),
    "not_a_feed": _("The address returned something that is not a feed (for example a web page)."),
    "file": _("The feed file could not be read: %(detail)s."),
    "unexpected": _("An unexpected error stopped this feed: %(detail)s. Other feeds were not affected."),
    "interrupted": _(
        "This run stopped before it finished (its process was ended), so its counts are incomplete. "
        "The items it had already taken were kept; the next run reads the feed again."
    ),
    # Per item.
    "item_empty": _("An item without a headline or text was skipped (%(guid)s)."),
    "item_failed": _("An item could not be saved (%(guid)s): %(detail)s."),
    "auto_publish_refused": _("“%(title)s” was left as a draft instead of being published automatically: %(reasons)s"),
}
# Runs logged before the neutral message kept the connection error's detail; it is no longer shown.
MESSAGES["connection"] = MESSAGES["unreachable"]


def render_message(code: str, params: dict | None = None) -> str:
    """The message for ``code`` in the active language, with its parameters filled in."""
    template = MESSAGES.get(code)
    if template is None:
        return code
    try:
        return str(template % {key: _as_number(value) for key, value in (params or {}).items()})
    except (KeyError, TypeError, ValueError):
        return str(template)


class _Count(int):
    """A count for choosing a plural form, shown exactly as it was stored (e.g. "0.5")."""

    def __new__(cls, text: str, number: int):
        count = super().__new__(cls, number)
        count.text = text
        return count

    def __str__(self) -> str:
        return self.text


def _as_number(value):
    """A stored parameter ("30") back as a number, so that a count chooses its plural form.

    A fraction ("0.5") takes the general plural form (that of 3 or more, never "one" or "two").
    """
    if not isinstance(value, str):
        return value
    if value.isdigit() and str(int(value)) == value:
        return int(value)  # the same text when shown ("007" stays a string)
    try:
        number = float(value)
    except ValueError:
        return value
    return _Count(value, max(3, math.ceil(number))) if math.isfinite(number) and number >= 0 else value


class Feed(models.Model):
    """One partner feed: where it is, how to read it, and what its drafts start with."""

    class Format(models.TextChoices):
        RSS = "rss", _("RSS")
        ATOM = "atom", _("Atom")
        JSON = "json", _("JSON Feed")

    source = models.ForeignKey(
        Source, verbose_name=pgettext_lazy("news source", "source"), on_delete=models.PROTECT, related_name="feeds"
    )
    name = models.CharField(_("name"), max_length=200, blank=True, help_text=_("For editors only, e.g. “Syria news”."))
    url = URLField(
        _("address"), max_length=2000, unique=True, validators=[URLValidator(schemes=["http", "https"])]
    )
    format = models.CharField(
        _("format"),
        max_length=10,
        choices=Format.choices,
        blank=True,
        editable=False,
        help_text=_("Detected when the feed is read."),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language the drafts are written in."),
    )
    default_section = models.ForeignKey(
        "articles.Section",
        verbose_name=_("default section"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    default_tags = models.ManyToManyField("articles.Tag", verbose_name=_("default tags"), blank=True, related_name="+")
    title_prefixes = models.TextField(
        _("headline labels"),
        blank=True,
        help_text=_(
            "Section labels this source puts at the start of its headlines, one per line (e.g. “أخبار سوريا”). "
            "They are moved out of the headline. Labels reading “… news” (“أخبار …”) are recognised without being listed."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    poll_interval = models.PositiveIntegerField(
        _("polling interval (minutes)"), default=30, validators=[MinValueValidator(5)]
    )
    auto_publish = models.BooleanField(
        _("publish automatically"),
        default=False,
        help_text=_(
            "Publish new items without review. Takes effect only if the source's terms allow automatic publishing, "
            "and every publication check still applies."
        ),
    )
    next_run_at = models.DateTimeField(_("next run"), null=True, blank=True, help_text=_("Empty: at the next pass."))
    # A worker reading the feed holds it until then (a unique claim): no two read one feed at once.
    reading_until = models.DateTimeField(null=True, blank=True, editable=False)
    last_run = models.ForeignKey(
        "FeedRun",
        verbose_name=_("last run"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # Validators from the last answer, sent back so an unchanged feed answers "304 Not Modified".
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("feed")
        verbose_name_plural = _("feeds")
        ordering = ["source__slug", "pk"]
        indexes = [models.Index(fields=["is_active", "next_run_at"], name="feed_due")]

    def __str__(self) -> str:
        return self.name or self.url

    def save(self, *args, **kwargs):
        clean_text_fields(self, single_line=["name"], multiline=["title_prefixes"])
        super().save(*args, **kwargs)

    def prefixes(self) -> list[str]:
        return [line.strip() for line in self.title_prefixes.splitlines() if line.strip()]

    def is_due(self, at: datetime | None = None) -> bool:
        return self.is_active and (self.next_run_at is None or self.next_run_at <= (at or timezone.now()))

    def schedule_next(self, at: datetime) -> None:
        self.next_run_at = at + timedelta(minutes=self.poll_interval)


class FeedRun(models.Model):
    """One reading of a feed or file: what was found, and what went wrong, for the log."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Being read")
        OK = "ok", _("Read")
        NOT_MODIFIED = "not_modified", _("Unchanged since the last run")
        FAILED = "failed", _("Failed")
        # Left "being read" by a process that was stopped (see ingest.services.feedrun_mark_interrupted).
        INTERRUPTED = "interrupted", _("Interrupted")

    feed = models.ForeignKey(
        Feed, verbose_name=_("feed"), on_delete=models.CASCADE, null=True, blank=True, related_name="runs"
    )
    source = models.ForeignKey(
        Source, verbose_name=pgettext_lazy("news source", "source"), on_delete=models.CASCADE, related_name="feed_runs"
    )
    location = models.CharField(_("read from"), max_length=2000)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("result"), max_length=20, choices=Status.choices, default=Status.RUNNING)
    items_seen = models.PositiveIntegerField(_("items seen"), default=0)
    items_new = models.PositiveIntegerField(_("new"), default=0)
    items_duplicate = models.PositiveIntegerField(_("duplicates"), default=0)
    items_updated = models.PositiveIntegerField(_("updated"), default=0)
    items_failed = models.PositiveIntegerField(_("errors"), default=0)
    error_code = models.CharField(_("error"), max_length=40, blank=True)
    error_params = models.JSONField(default=dict, blank=True)
    # Per-item problems: [{"code": "...", "params": {...}}], rendered like the feed error.
    notes = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("feed run")
        verbose_name_plural = _("feed runs")
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["feed", "-started_at"], name="feedrun_feed_started")]

    def __str__(self) -> str:
        return f"{self.location} @ {self.started_at:%Y-%m-%d %H:%M}"

    def error_message(self) -> str:
        """The feed-level error in the reader's language, or ""."""
        return render_message(self.error_code, self.error_params) if self.error_code else ""

    def note_messages(self) -> list[str]:
        return [render_message(note.get("code", ""), note.get("params")) for note in self.notes]

    def add_note(self, code: str, **params) -> None:
        self.notes.append({"code": code, "params": {k: str(v) for k, v in params.items()}})

    def summary(self) -> str:
        return gettext(
            "Seen: %(seen)d, new: %(new)d, duplicates: %(duplicates)d, updated: %(updated)d, errors: %(errors)d"
        ) % {
            "seen": self.items_seen,
            "new": self.items_new,
            "duplicates": self.items_duplicate,
            "updated": self.items_updated,
            "errors": self.items_failed,
        }


class IngestedItem(models.Model):
    """A feed item exactly as received, the cleaned text its draft started from, and the draft.

    At most one per source and GUID, and one per original address: the database refuses a
    second, so overlapping runs cannot import an item twice.
    """

    source = models.ForeignKey(
        Source,
        verbose_name=pgettext_lazy("news source", "source"),
        on_delete=models.PROTECT,
        related_name="ingested_items",
    )
    feed = models.ForeignKey(
        Feed, verbose_name=_("feed"), on_delete=models.SET_NULL, null=True, blank=True, related_name="items"
    )
    article = models.OneToOneField(
        "articles.Article",
        verbose_name=_("draft"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ingested",
    )
    guid = models.TextField(_("item identifier"))
    guid_key = models.CharField(max_length=64, editable=False)
    original_url = URLField(_("original URL"), max_length=2000, blank=True)
    url_key = models.CharField(max_length=64, blank=True, editable=False)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    raw_title = models.TextField(_("headline as received"))
    raw_summary = models.TextField(_("summary as received"), blank=True)
    raw_body = models.TextField(_("text as received"), blank=True)
    author = models.CharField(_("author"), max_length=300, blank=True)
    categories = models.JSONField(_("categories"), default=list, blank=True)
    published_at = models.DateTimeField(_("originally published"), null=True, blank=True)
    published_raw = models.CharField(_("date as received"), max_length=200, blank=True)
    published_guessed = models.BooleanField(
        _("date missing or unreadable"),
        default=False,
        help_text=_("The feed gave no date that could be read, so the time the item was read is used instead."),
    )

    title = models.CharField(_("cleaned headline"), max_length=300)
    title_prefix = models.CharField(_("label removed from the headline"), max_length=200, blank=True)
    body = models.TextField(_("cleaned text"), blank=True)
    # [{"text": "...", "reason": "glyphs" | "share" | ... | "rule:<the rule's text>"}], in body order.
    removed_lines = models.JSONField(_("lines removed as debris"), default=list, blank=True, editable=False)
    fingerprint = models.TextField(editable=False, blank=True)
    content_key = models.CharField(max_length=64, editable=False)

    update_pending = models.BooleanField(
        _("changed at the source"), default=False, help_text=_("The source changed this item after it was taken.")
    )
    created_at = models.DateTimeField(_("taken"), auto_now_add=True)

    class Meta:
        verbose_name = _("ingested item")
        verbose_name_plural = _("ingested items")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "guid_key"], name="ingested_unique_guid"),
            models.UniqueConstraint(fields=["url_key"], condition=~Q(url_key=""), name="ingested_unique_url"),
        ]
        indexes = [models.Index(fields=["-created_at"], name="ingested_created")]

    def __str__(self) -> str:
        return self.title

    def similar_items(self) -> list["IngestedItem"]:
        """Items from other sources found to tell the same story, most similar first."""
        links = (
            SimilarItem.objects.filter(Q(item=self) | Q(other=self))
            .select_related("item__source", "other__source", "item__article", "other__article")
            .order_by("-similarity")
        )
        result = []
        for link in links:
            other = link.other if link.item_id == self.pk else link.item
            other.similarity = link.similarity
            result.append(other)
        return result


class IngestedVersion(models.Model):
    """A later state of an item the source changed; recorded and flagged, never applied by itself."""

    item = models.ForeignKey(
        IngestedItem, verbose_name=_("ingested item"), on_delete=models.CASCADE, related_name="versions"
    )
    raw_title = models.TextField(_("headline as received"))
    raw_body = models.TextField(_("text as received"), blank=True)
    title = models.CharField(_("cleaned headline"), max_length=300)
    body = models.TextField(_("cleaned text"), blank=True)
    content_key = models.CharField(max_length=64, editable=False)
    fetched_at = models.DateTimeField(_("received"), default=timezone.now)
    run = models.ForeignKey(
        FeedRun, verbose_name=_("feed run"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("item version")
        verbose_name_plural = _("item versions")
        ordering = ["fetched_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["item", "content_key"], name="ingested_version_unique")]

    def __str__(self) -> str:
        return self.title


class SimilarItem(models.Model):
    """Two items from different sources that tell the same story (near-identical normalized text)."""

    item = models.ForeignKey(IngestedItem, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(IngestedItem, on_delete=models.CASCADE, related_name="+")
    similarity = models.FloatField(_("similarity"))
    created_at = models.DateTimeField(_("found"), auto_now_add=True)

    class Meta:
        verbose_name = _("similar item")
        verbose_name_plural = _("similar items")
        constraints = [
            models.UniqueConstraint(fields=["item", "other"], name="similar_item_unique"),
            models.CheckConstraint(condition=Q(item__lt=F("other")), name="similar_item_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} ~ {self.other_id}"
