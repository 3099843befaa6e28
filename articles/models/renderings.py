"""Stories as last rendered for readers, kept in the database across content generations.

A content generation (``articles.public.cache``) ends with every change anywhere on the site, and
with it every kept part of every page. A story's own page and its API document change far less
often: only when the story, or something it shows (its section, tags, sources, people, pictures),
changes. Each such change gives the story a new ``Article.render_stamp``; a rendering is current
while its ``stamp`` equals the story's and its ``fingerprint`` names the code, templates,
translations and display settings of the running site. Renderings are written by tasks, never by
a reader's request (``articles.public.stored``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredRendering(models.Model):
    """One kind of rendering (``page``, ``api``) of one story in one language."""

    article = models.ForeignKey("articles.Article", verbose_name=_("article"), on_delete=models.CASCADE, related_name="+")
    language = models.CharField(_("language"), max_length=15)
    kind = models.CharField(_("kind"), max_length=16)
    stamp = models.BigIntegerField(_("story's render stamp"))
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    # The rendered text (HTML or JSON); absolute addresses carry ``stored.ORIGIN``, replaced when read.
    content = models.TextField(_("content"))
    meta = models.JSONField(_("details"), default=dict)
    built_at = models.DateTimeField(_("built"), auto_now=True)

    class Meta:
        verbose_name = _("stored rendering")
        verbose_name_plural = _("stored renderings")
        constraints = [
            models.UniqueConstraint(fields=["article", "language", "kind"], name="storedrendering_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id}/{self.language}/{self.kind}@{self.stamp}"
