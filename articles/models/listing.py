"""Which stories each list of the public site holds, newest first, kept beside the stories.

Readers page through the newest stories of the whole site, of a section, of a tag and of a source,
and every story page shows the newest stories sharing its section or a tag. Read from the stories
themselves, each such list joins the story table with its translations (the page's language) and
with the tags, and a busy tag walks the whole archive's newest stories to find its own. Here each
published story has one row per list it belongs to and per language it is written in, so a list
is one range of one index (``ListedStory.Meta.indexes``) whatever the size of the archive.

The rows are derived: ``ListedStory.objects.refresh`` rewrites a story's rows from the story itself,
in the transaction that changed it (``articles.public.receivers`` calls it on every change of a
story, its translations or its tags; ``ArticleQuerySet.update`` on a bulk change of what lists
depend on); ``rebuild`` writes every story's rows again (after loading an archive). A scheduled story has its
rows already: lists read only rows whose ``published_at`` has passed, as ``published()`` does.
"""

from django.db import connections, models, transaction
from django.utils.translation import gettext_lazy as _

from articles.models.content import Article
from articles.models.tags import TaggedArticle


def _tables() -> dict:
    return {
        "listed": ListedStory._meta.db_table,
        "article": Article._meta.db_table,
        "translation": Article._parler_meta.root_model._meta.db_table,
        "tagged": TaggedArticle._meta.db_table,
    }


def _insert_sql(ids: str) -> str:
    """Write the rows of the published stories among ``ids`` (an SQL list, or a subquery of ids);
    its parameters: those of ``ids`` four times, then the published status."""
    return (
        "INSERT INTO {listed} (kind, group_id, language, published_at, article_id) "  # noqa: S608 - names, values bound
        "SELECT g.kind, g.group_id, t.language_code, a.published_at, a.id FROM ("
        "SELECT id AS story, 'all' AS kind, 0 AS group_id FROM {article} WHERE id IN ({ids}) "
        "UNION ALL SELECT id, 'section', section_id FROM {article} WHERE section_id IS NOT NULL AND id IN ({ids}) "
        "UNION ALL SELECT id, 'source', source_id FROM {article} WHERE source_id IS NOT NULL AND id IN ({ids}) "
        "UNION ALL SELECT content_object_id, 'tag', tag_id FROM {tagged} WHERE content_object_id IN ({ids})"
        ") g JOIN {article} a ON a.id = g.story JOIN {translation} t ON t.master_id = a.id "
        "WHERE a.status = %s AND a.published_at IS NOT NULL"
    ).format(ids=ids, **_tables())


class ListedStoryManager(models.Manager):
    def refresh(self, pks) -> None:
        """Rewrite the rows of stories ``pks`` from what they are now (none for a story not published)."""
        pks = sorted({int(pk) for pk in pks if pk is not None})
        if not pks:
            return
        with transaction.atomic(using=self.db), connections[self.db].cursor() as cursor:
            for start in range(0, len(pks), 250):
                chunk = pks[start : start + 250]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {self.model._meta.db_table} WHERE article_id IN ({marks})", chunk)  # noqa: S608
                cursor.execute(_insert_sql(marks), [*chunk * 4, Article.Status.PUBLISHED])

    def forget(self, pks) -> None:
        """Remove the rows of stories ``pks`` (deleted)."""
        self.filter(article_id__in=list(pks)).delete()

    def rebuild(self) -> None:
        """Write every story's rows again (after an archive is loaded without the receivers)."""
        with transaction.atomic(using=self.db), connections[self.db].cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.model._meta.db_table}")  # noqa: S608
            published = f"SELECT id FROM {Article._meta.db_table} WHERE status = %s"  # noqa: S608
            cursor.execute(_insert_sql(published), [Article.Status.PUBLISHED] * 5)


class ListedStory(models.Model):
    class Kind(models.TextChoices):
        ALL = "all", _("every story")
        SECTION = "section", _("section")
        TAG = "tag", _("tag")
        SOURCE = "source", _("source")

    kind = models.CharField(_("list"), max_length=8, choices=Kind.choices)
    # The section's, tag's or source's id; 0 for the list of every story.
    group_id = models.BigIntegerField(_("group"))
    language = models.CharField(_("language"), max_length=15)
    published_at = models.DateTimeField(_("published"))
    # No database constraint: rows are removed with their story's post_delete (receivers), and a
    # story being deleted must not be written back by a part's receiver meanwhile.
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )

    objects = ListedStoryManager()

    class Meta:
        verbose_name = _("listed story")
        verbose_name_plural = _("listed stories")
        constraints = [
            models.UniqueConstraint(fields=["kind", "group_id", "language", "article"], name="listedstory_once"),
        ]
        indexes = [
            # Every list's ORDER BY: newest first, ties broken by id (as ``published()`` lists are).
            models.Index(
                fields=["kind", "group_id", "language", "-published_at", "-article"], name="listedstory_newest"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.group_id}/{self.language}: {self.article_id}"
