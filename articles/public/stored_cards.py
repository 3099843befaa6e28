"""Stories' cards as stored (``articles.public.stored``, kind ``card``, made by ``stored_pages``)."""

from django.utils import timezone
from django.utils.safestring import mark_safe

from articles.public import fragments, stored


def read(pks: list[int], language: str) -> dict[int, dict[str, str]]:
    """``{pk: {style key: card}}`` of those public stories ``pks`` with current stored cards, in one query."""
    if not pks or not fragments.enabled():
        return {}
    rows = stored.current("card", language).filter(article_id__in=pks, article__published_at__lte=timezone.now())
    # Rendered (and escaped) by our templates when stored; cards hold no absolute address.
    return {pk: {key: mark_safe(html) for key, html in meta.items()} for pk, meta in rows.values_list("article_id", "meta")}  # noqa: S308
