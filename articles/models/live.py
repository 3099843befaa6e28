"""Live coverage of a story: its entries, short timestamped updates posted while events unfold.

A story is live while it has a ``LiveCoverage`` that has not ended. Every change to its entries
(posted, edited, withdrawn, pinned, marked as a key event) raises the coverage's ``version``
and stamps the entry with it, so a reader's page asks for "entries after id N or changed since
version V" and gets edits and withdrawals as well as new entries.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from articles.models.sanitize import EDITOR_EXTENSIONS, sanitize_html


class LiveCoverage(models.Model):
    """A story's live coverage: when it began, when it ended (frozen), and its change counter."""

    article = models.OneToOneField(
        "articles.Article", verbose_name=_("article"), on_delete=models.CASCADE, primary_key=True, related_name="live"
    )
    started_at = models.DateTimeField(_("coverage started"), default=timezone.now)
    ended_at = models.DateTimeField(_("coverage ended"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("live coverage")
        verbose_name_plural = _("live coverages")

    def __str__(self) -> str:
        return f"live #{self.article_id}"

    @property
    def is_running(self) -> bool:
        return self.ended_at is None


class LiveEntry(models.Model):
    """One update of a live story, shown to readers newest first (pinned ones on top)."""

    coverage = models.ForeignKey(
        LiveCoverage, verbose_name=_("live coverage"), on_delete=models.CASCADE, related_name="entries"
    )
    posted_at = models.DateTimeField(_("posted"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # As readers see it, kept when the account changes or goes.
    author_name = models.CharField(_("author's name"), max_length=150, blank=True)
    body = ProseEditorField(_("body"), config={"extensions": EDITOR_EXTENSIONS}, sanitize=sanitize_html)
    # PROTECT, like a story's lead picture: a picture an update shows cannot vanish from the
    # library under it (rights run out by withdrawal, which takes it off the reader's page).
    picture = models.ForeignKey(
        "articles.Picture",
        verbose_name=_("picture from the library"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="live_entries",
    )
    # What readers see of the picture (file, size, credit, texts per language), copied like a
    # story's gallery so the page and its poll draw it without reading the library.
    picture_shown = models.JSONField(_("picture as shown"), default=dict, blank=True, editable=False)
    is_key_event = models.BooleanField(_("key event"), default=False)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_note = models.CharField(_("why it was withdrawn"), max_length=300, blank=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    # The coverage's version when this entry last changed.
    revision = models.PositiveIntegerField(_("revision"), default=0)

    class Meta:
        verbose_name = _("live entry")
        verbose_name_plural = _("live entries")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["coverage", "revision"], name="liveentry_revision")]

    def __str__(self) -> str:
        return f"live #{self.coverage_id} entry {self.pk}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None
