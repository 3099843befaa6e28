"""Keys of the read API (``articles.api``): who reads, how often, and whether before embargo.

A key is shown once, when it is made; the database keeps only its first characters (to find
it) and a SHA-256 digest of the whole (to check it). Keys are 32 random bytes, so a plain
digest is enough: there is nothing to guess that a slow hash would protect.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEY_PREFIX_LENGTH = 8


def key_digest(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


class ApiKey(models.Model):
    """A partner's key to the read API: a higher request limit, and maybe stories before their time."""

    name = models.CharField(_("name"), max_length=120, help_text=_("Who uses the key and for what, e.g. the mobile app."))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="api_keys"
    )
    prefix = models.CharField(_("key prefix"), max_length=KEY_PREFIX_LENGTH, unique=True, editable=False)
    digest = models.CharField(_("key digest"), max_length=64, editable=False)
    requests_per_minute = models.PositiveIntegerField(
        _("requests per minute"), default=600, help_text=_("Requests beyond this within a minute are refused (429).")
    )
    may_read_embargoed = models.BooleanField(
        _("may read embargoed stories"),
        default=False,
        help_text=_("Scheduled stories are readable with this key before their publication time."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def issue(self) -> str:
        """Give this (unsaved or saved) key a new secret and return it: the only time it is seen."""
        plain = secrets.token_urlsafe(32)
        self.prefix, self.digest = plain[:KEY_PREFIX_LENGTH], key_digest(plain)
        return plain

    issue.alters_data = True

    def matches(self, plain: str) -> bool:
        return hmac.compare_digest(self.digest, key_digest(plain))
