"""Reads of stories ("most read"): one row per story and hour, written by the flush of the
read counters (``articles.public.reads``), never by a reader's request.

``hour`` is whole hours since the Unix epoch (UTC): a bucket's name in the cache and its row
here are the same number, and a flush that runs twice writes the same totals.
"""

from django.db import connection, models
from django.utils.translation import gettext_lazy as _


class StoryReadsQuerySet(models.QuerySet):
    def upsert_totals(self, rows: list[tuple[int, int, int]]) -> int:
        """Store ``(article id, hour, total)`` rows: a bucket's total is replaced by a larger one only.

        Idempotent (the same total written twice is one total), safe beside another flush (the
        larger total wins), and a counter the cache lost and began again never lowers a total.
        """
        if not rows:
            return 0
        table = connection.ops.quote_name(self.model._meta.db_table)
        column = connection.ops.quote_name("count")
        for start in range(0, len(rows), 500):
            batch = rows[start : start + 500]
            values = ", ".join(["(%s, %s, %s)"] * len(batch))
            sql = (
                f"INSERT INTO {table} (article_id, hour, {column}) VALUES {values} "  # noqa: S608 - names quoted, values bound
                f"ON CONFLICT (article_id, hour) DO UPDATE SET {column} = CASE "
                f"WHEN excluded.{column} > {table}.{column} THEN excluded.{column} ELSE {table}.{column} END"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [value for row in batch for value in row])
        return len(rows)


class StoryReads(models.Model):
    """How many times a story was read within one hour, its translations counted together."""

    article = models.ForeignKey("articles.Article", verbose_name=_("article"), on_delete=models.CASCADE, related_name="+")
    hour = models.PositiveIntegerField(_("hour"), help_text=_("Whole hours since 1 January 1970, UTC."))
    count = models.PositiveIntegerField(_("reads"), default=0)

    objects = StoryReadsQuerySet.as_manager()

    class Meta:
        verbose_name = _("story reads")
        verbose_name_plural = _("story reads")
        constraints = [models.UniqueConstraint(fields=["article", "hour"], name="storyreads_one_row_per_hour")]
        indexes = [models.Index(fields=["hour"], name="storyreads_hour")]

    def __str__(self) -> str:
        return f"{self.article_id}@{self.hour}: {self.count}"
