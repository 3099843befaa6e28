"""What an editor typed into a story's form and has not saved yet, kept every few seconds.

A separate record per story, person and language: it never changes the story itself, so it
cannot overwrite anyone's save; the editor is offered it back when they reopen the form.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models.content import Article


class ArticleAutosave(models.Model):
    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="autosaves")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+")
    language = models.CharField(_("language"), max_length=15)
    data = models.JSONField(_("typed text"), default=dict)
    saved_at = models.DateTimeField(_("kept at"), auto_now=True)

    class Meta:
        verbose_name = _("autosaved draft")
        verbose_name_plural = _("autosaved drafts")
        constraints = [models.UniqueConstraint(fields=["article", "user", "language"], name="unique_article_autosave")]

    def __str__(self) -> str:
        return f"{self.article_id}/{self.user_id}/{self.language}"
