"""An editor's decision on where a republished story came from (``newsroom.attribution``)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sources.models import Source


class AttributionDecision(models.Model):
    """The origin the text named, confirmed or dismissed by an editor, with the line that named it."""

    class Decision(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        DISMISSED = "dismissed", _("Dismissed")

    article = models.OneToOneField(
        "articles.Article", verbose_name=_("article"), on_delete=models.CASCADE, related_name="attribution_decision"
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    origin = models.ForeignKey(
        Source, verbose_name=_("proposed origin"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    evidence = models.TextField(_("evidence"), blank=True, help_text=_("The line of the story that named the origin."))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("attribution decision")
        verbose_name_plural = _("attribution decisions")

    def __str__(self) -> str:
        return f"{self.get_decision_display()} · {self.evidence[:60]}"
