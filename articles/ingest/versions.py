"""Later states of items already taken: kept as versions and flagged for an editor, never applied."""

from django.db import IntegrityError, transaction

from articles.ingest.parse import Entry
from articles.models import FeedRun, IngestedItem, IngestedVersion


def record_version(item: IngestedItem, entry: Entry, *, title: str, body: str, content_key: str, run: FeedRun) -> str:
    """Keep a changed item as a new version and flag it; the draft is never touched."""
    if item.content_key == content_key or item.versions.filter(content_key=content_key).exists():
        return "duplicate"
    if same_as_received(item, entry):
        return "duplicate"  # cleaned differently (a debris rule changed), not changed at the source
    try:
        with transaction.atomic():
            IngestedVersion.objects.create(
                item=item,
                raw_title=entry.title,
                raw_body=entry.body,
                title=title[:300],
                body=body,
                content_key=content_key,
                run=run,
            )
            IngestedItem.objects.filter(pk=item.pk).update(update_pending=True)
    except IntegrityError:
        return "duplicate"
    return "updated"


def same_as_received(item: IngestedItem, entry: Entry) -> bool:
    """Whether the source sent exactly what it sent last time (headline and text as received)."""
    last = item.versions.order_by("-fetched_at", "-pk").values_list("raw_title", "raw_body").first()
    if last is None:
        last = IngestedItem.objects.filter(pk=item.pk).values_list("raw_title", "raw_body").first()
    return last == (entry.title, entry.body)
