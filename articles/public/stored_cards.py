"""Stories' cards as stored (``articles.public.stored``, kind ``card``, made by ``stored_pages``)."""

from django.utils.safestring import mark_safe

from articles.public import stored


def read(pks: list[int], language: str) -> dict[int, dict[str, str]]:
    """``{pk: {style key: card}}`` of those public stories ``pks`` with current stored cards, in one query."""
    found = stored.read_public_many(pks, language, "card", meta=True)
    # Rendered (and escaped) by our templates when stored; cards hold no absolute address.
    return {pk: {key: mark_safe(html) for key, html in meta.items()} for pk, meta in found.items()}  # noqa: S308
