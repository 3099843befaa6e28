"""Debris rules: the interface phrases and patterns the ingest cleaner removes from feed bodies.

Copy scraped from a partner's page brings its interface along ("شارك", "العودة للأعلى", a
subscription plug, a wire end mark). What counts as such a line changes with every partner, so
the phrases and patterns are data editors extend; the cleaner (``articles.ingest.debris``)
removes only a whole line that a rule matches, and keeps what it removed on the item.
"""

import re

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from sources.text import clean_text_fields

# The active rules, as the cleaner reads them; emptied whenever a rule changes.
RULES_CACHE_KEY = "khabar:debris-rules:v1"
# Lines longer than this are never matched against a pattern: debris is short, and a pattern
# that backtracks badly cannot take long on a short line.
PATTERN_MAX_CHARS = 300


class DebrisRule(models.Model):
    """One line of scraping debris, described as a phrase, a beginning, or a regular expression."""

    class Kind(models.TextChoices):
        PHRASE = "phrase", _("The whole line is this phrase")
        PREFIX = "prefix", _("The line starts with this phrase")
        PATTERN = "pattern", _("The whole line matches this regular expression")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PHRASE)
    text = models.CharField(
        _("phrase or pattern"),
        max_length=300,
        help_text=_(
            "Phrases are compared after Arabic normalization (hamza forms, diacritics, tatweel and punctuation at "
            "the ends do not matter). A regular expression must match the whole line, as written."
        ),
    )
    max_words = models.PositiveSmallIntegerField(
        _("longest line (words)"),
        null=True,
        blank=True,
        help_text=_("Only lines of at most this many words are removed. Empty: any length."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True, help_text=_("For editors: why this rule exists."))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("debris rule")
        verbose_name_plural = _("debris rules")
        ordering = ["kind", "text"]
        constraints = [models.UniqueConstraint(fields=["kind", "text"], name="debris_rule_unique")]

    def __str__(self) -> str:
        return self.text

    def save(self, *args, **kwargs):
        clean_text_fields(self, single_line=["text", "note"])
        if self.kind != self.Kind.PATTERN:
            self.text = self.text.strip()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if not (self.text or "").strip():
            raise ValidationError({"text": _("Write the phrase or pattern.")})
        if self.kind == self.Kind.PATTERN:
            try:
                compiled = re.compile(self.text)
            except re.error as error:
                position = error.pos or 0
                message = _(
                    "This regular expression is not valid at character %(position)s (“%(near)s”): check its "
                    "brackets, parentheses and special characters."
                ) % {"position": position + 1, "near": self.text[position : position + 12] or self.text[-12:]}
                raise ValidationError({"text": message}) from None
            if compiled.fullmatch(""):
                raise ValidationError(
                    {"text": _("This regular expression matches an empty line, so it would match anything.")}
                )


@receiver([post_save, post_delete], sender=DebrisRule, dispatch_uid="debris_rules_changed")
def _rules_changed(sender, **kwargs) -> None:
    cache.delete(RULES_CACHE_KEY)
