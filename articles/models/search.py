"""The search index's table: one normalized document per translation of a story."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models.content import Article


class ArticleSearchDocument(models.Model):
    """The searchable text of one translation of an article, normalized and kept by ``articles.search.engine``.

    Each text column holds the normalized words separated by single spaces, with a space at
    both ends, so that whole words can be matched on any database. On PostgreSQL ``vector`` holds
    the weighted full-text document built from those columns (GIN-indexed, for matching) and
    ``rank_vector`` the headline, summary, tags and source alone (small, so ranking thousands of
    matches stays cheap). ``status`` and ``published_at`` are copies of the article's, so that a
    search can be ranked and counted without reading every matching article; what readers see is
    still decided by ``Article.objects.published()`` when the page of results is loaded.
    """

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="search_documents"
    )
    language = models.CharField(_("language"), max_length=15)
    title = models.TextField(_("headline"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True)
    extra = models.TextField(_("tags and source"), blank=True)
    status = models.CharField(_("status"), max_length=20)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    vector = SearchVectorField(null=True, editable=False)
    rank_vector = SearchVectorField(null=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [models.UniqueConstraint(fields=["article", "language"], name="unique_search_document")]
        indexes = [models.Index(fields=["language", "status", "-published_at"], name="search_document_recent")]

    def __str__(self) -> str:
        return f"{self.article_id}/{self.language}"
