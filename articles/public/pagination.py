"""Counting long lists without reading them: the planner's estimate on PostgreSQL.

An exact ``COUNT(*)`` reads every row PostgreSQL may see (its MVCC keeps no row count), so its
cost grows with the table. Past a few thousand rows nobody needs the exact figure to page
through a list; the planner's estimate (fresh after autovacuum's ANALYZE) costs one plan.
"""

import json

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property

from articles.public.limits import MAX_PAGE

# Below this the exact count is cheap, and small lists (a filter that leaves 40 rows) stay exact.
ESTIMATE_ABOVE = 10_000


def estimated_count(queryset: QuerySet) -> int | None:
    """The planner's row estimate for ``queryset`` on PostgreSQL; None elsewhere."""
    if connections[queryset.db].vendor != "postgresql":
        return None
    plan = queryset.order_by().explain(format="json")
    if not plan:  # a filter nothing can match (an id past bigint) runs no query and has no plan
        return 0
    return int(json.loads(plan)[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(Paginator):
    """A paginator whose count is the planner's estimate once that passes ``ESTIMATE_ABOVE``.

    On other databases, and for lists estimated smaller, the count is exact. An estimate can be
    a little off, so the last page may hold fewer (or more) rows than a full page.
    """

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            estimate = estimated_count(self.object_list)
            if estimate is not None and estimate > ESTIMATE_ABOVE:
                return estimate
        return super().count


class BoundedCountPaginator(Paginator):
    """A paginator that counts at most ``max_pages`` pages of rows.

    The count reads ``max_pages * per_page + 1`` rows at most (``COUNT`` over a ``LIMIT``ed
    subquery), so the newest-first lists of the public site cost the same on a fresh site and on
    a twenty-year archive. Pages past the bound answer 404; the archive stays reachable through
    sections, tags, sources, search and the sitemaps.
    """

    max_pages = MAX_PAGE

    @cached_property
    def count(self) -> int:
        bound = self.max_pages * self.per_page
        if isinstance(self.object_list, QuerySet):
            return min(self.object_list[: bound + 1].count(), bound)
        return min(super().count, bound)


def page_ids_with_count(queryset: QuerySet, *, number: int, per_page: int, max_pages: int | None = None) -> tuple[list, int]:
    """The ids on page ``number`` of ``queryset`` and its row count bounded as by
    ``BoundedCountPaginator`` (at most ``max_pages`` pages), in one query: the count is a scalar
    subquery over an unordered, ``LIMIT``ed list, evaluated once. An empty page has no count (0)."""
    bound = (max_pages or BoundedCountPaginator.max_pages) * per_page
    counted = queryset.order_by().values_list("pk", flat=True)[: bound + 1]
    sql, params = counted.query.get_compiler(using=queryset.db).as_sql()
    start = (number - 1) * per_page
    rows = list(
        queryset.annotate(bounded_count=RawSQL(f"SELECT COUNT(*) FROM ({sql}) counted", params))  # noqa: S611 - compiled by the ORM
        .values_list("pk", "bounded_count")[start : start + per_page]
    )
    return [pk for pk, _count in rows], min(rows[0][1], bound) if rows else 0
