"""Ingest runs: one feed (or one local file) read into drafts, versions and a line in the log.

New items are written a couple of hundred at a time (``batch``) and committed as they go, so
an overlapping run sees what this one already took. When a batch is refused, each of its items
is saved again in its own savepoint, so one bad item never costs the others. The database's
unique constraints decide, in the end, whether an item is new: a run that loses the race
counts the item as a duplicate.
"""

import enum
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from articles.ingest.batch import KnownItems, NewItem, PendingItems, write_new_items
from articles.ingest.clean import clean_entry, strip_tracking, text_key, url_key
from articles.ingest.debris import LineRule, debris_rules
from articles.ingest.errors import IngestError, too_large
from articles.ingest.fetch import fetch
from articles.ingest.matching import RecentItems, alias_list, cited_source_ids, fingerprint
from articles.ingest.parse import Entry, ParsedFeed, parse
from articles.ingest.versions import record_version
from articles.models import Article, Feed, FeedRun, IngestedItem, Section, Tag
from articles.models.sanitize import plain_text
from articles.newsroom.attribution import body_lines
from articles.newsroom.services import article_publish
from sources.arabic import normalize_arabic
from sources.models import Source
from sources.names import Registry

logger = logging.getLogger(__name__)

# How long after its download's deadline an unfinished run is taken for one whose process died.
RUN_MARGIN = timedelta(minutes=10)


@dataclass
class _Context:
    """What every item of one run shares: where it comes from and what its draft starts with."""

    run: FeedRun
    source: Source
    feed: Feed | None
    language: str
    base_url: str
    section: Section | None
    tags: list[Tag]
    prefixes: list[str]
    sections_by_label: dict[str, Section] = field(default_factory=dict)
    # The names of every source, read once per run (see matching.cited_sources).
    aliases: Registry | None = None
    # Items created or compared in this run: a repeat inside one document is a duplicate.
    touched: set[int] = field(default_factory=set)
    # The items this document's entries may repeat, read once (see batch.KnownItems).
    known: KnownItems | None = None
    # Other sources' recent items, for near-duplicates (read on the first new item).
    recent: RecentItems | None = None
    # The debris rules editors keep, read once per run (see ingest.debris).
    rules: list[LineRule] = field(default_factory=list)


@contextmanager
def _dry_run(enabled: bool) -> Iterator[None]:
    """Run the block for real, or inside a transaction that is rolled back at the end."""
    if not enabled:
        yield
        return
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def feed_list_due(at: datetime | None = None) -> QuerySet[Feed]:
    """Active feeds of active sources whose next run time has come (or was never set)."""
    at = at or timezone.now()
    return (
        Feed.objects.filter(is_active=True, source__is_active=True)
        .filter(Q(next_run_at__isnull=True) | Q(next_run_at__lte=at))
        .select_related("source")
        .order_by("next_run_at", "pk")
    )


def feed_claim(feed: Feed, at: datetime) -> bool:
    """Move a due feed's next run forward; False if another runner already did (it is theirs)."""
    claimed = (
        Feed.objects.filter(pk=feed.pk)
        .filter(Q(next_run_at__isnull=True) | Q(next_run_at__lte=at))
        .update(next_run_at=at + timedelta(minutes=feed.poll_interval))
    )
    return bool(claimed)


def feedrun_mark_interrupted(*, feed: Feed | None = None, at: datetime | None = None) -> int:
    """Mark the runs a stopped process left "being read" as interrupted (of ``feed``, or of all); how many.

    A live run ends within INGEST_TOTAL_TIMEOUT of downloading plus the time to read what it got;
    one still unfinished RUN_MARGIN after that is taken for dead. Were it alive after all, its own
    ending would write its real result over the mark.
    """
    cutoff = (at or timezone.now()) - timedelta(seconds=settings.INGEST_TOTAL_TIMEOUT) - RUN_MARGIN
    runs = FeedRun.objects.filter(status=FeedRun.Status.RUNNING, finished_at__isnull=True, started_at__lt=cutoff)
    if feed is not None:
        runs = runs.filter(feed=feed)
    return runs.update(status=FeedRun.Status.INTERRUPTED, error_code="interrupted", error_params={})


def ingest_feed(feed: Feed, *, dry_run: bool = False, at: datetime | None = None) -> FeedRun:
    """Fetch and ingest one feed; any failure ends as a readable error on this feed's run, never raised."""
    now = at or timezone.now()
    with _dry_run(dry_run):
        feedrun_mark_interrupted(feed=feed)
        # Its own start, not the pass's ``at`` (minutes earlier late in a pass): what tells a dead run from a live one.
        started = timezone.now() if at else now
        run = FeedRun.objects.create(feed=feed, source=feed.source, location=feed.url, started_at=started)
        try:
            result = fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified)
            if result.not_modified:
                run.status = FeedRun.Status.NOT_MODIFIED
            else:
                parsed = parse(result.content, charset=result.charset)
                feed.format = parsed.format
                _ingest_entries(parsed, _context(run, feed.source, feed, parsed, result.url or feed.url))
            if not run.items_failed:
                # Keep the validators only when every item went in, so failed ones are retried.
                feed.etag, feed.last_modified = result.etag, result.last_modified
        except IngestError as error:
            _fail(run, error)
        except Exception as error:  # noqa: BLE001 - one feed's failure must never stop the others
            logger.exception("Ingest of feed %s failed unexpectedly", feed.pk)
            _fail(run, IngestError("unexpected", detail=f"{error.__class__.__name__}: {error}"[:300]))
        _finish(run)
        feed.last_run = run
        feed.schedule_next(now)
        feed.save(update_fields=["format", "etag", "last_modified", "last_run", "next_run_at"])
    return run


def ingest_file(path: str | Path, *, source: Source, feed: Feed | None = None, dry_run: bool = False) -> FeedRun:
    """Ingest a local feed file for ``source`` (with ``feed``'s defaults when given)."""
    path = Path(path)
    with _dry_run(dry_run):
        run = FeedRun.objects.create(feed=feed, source=source, location=str(path))
        try:
            try:
                size = path.stat().st_size
                if size > settings.INGEST_MAX_BYTES:
                    raise too_large(settings.INGEST_MAX_BYTES)
                data = path.read_bytes()
            except OSError as error:
                raise IngestError("file", detail=error.strerror or str(error)) from None
            base_url = feed.url if feed else ""
            parsed = parse(data)
            _ingest_entries(parsed, _context(run, source, feed, parsed, base_url))
        except IngestError as error:
            _fail(run, error)
        except Exception as error:  # noqa: BLE001 - report, do not crash the command
            logger.exception("Ingest of file %s failed unexpectedly", path)
            _fail(run, IngestError("unexpected", detail=f"{error.__class__.__name__}: {error}"[:300]))
        _finish(run)
    return run


def _fail(run: FeedRun, error: IngestError) -> None:
    logger.warning("Feed %s failed: %s %s", run.location, error.code, error.params)
    run.status = FeedRun.Status.FAILED
    run.error_code = error.code
    run.error_params = error.params


def _finish(run: FeedRun) -> None:
    if run.status == FeedRun.Status.RUNNING:
        run.status = FeedRun.Status.OK
    run.finished_at = timezone.now()
    run.save()


def _context(run: FeedRun, source: Source, feed: Feed | None, parsed: ParsedFeed, base_url: str) -> _Context:
    sections = list(Section.objects.prefetch_related("translations"))
    by_label: dict[str, Section] = {}
    for section in sections:
        for translation in section.translations.all():
            by_label.setdefault(normalize_arabic(translation.name), section)
    prefixes = (feed.prefixes() if feed else []) + [t.name for s in sections for t in s.translations.all()]
    return _Context(
        run=run,
        source=source,
        feed=feed,
        language=feed.language if feed else settings.LANGUAGE_CODE,
        base_url=base_url or parsed.link,
        section=feed.default_section if feed else None,
        tags=list(feed.default_tags.all()) if feed else [],
        prefixes=prefixes,
        sections_by_label=by_label,
        aliases=alias_list(exclude=source),
        recent=RecentItems(exclude_source_id=source.pk),
        rules=debris_rules(),
    )


def _entry_link(entry: Entry, context: _Context) -> str:
    link = strip_tracking(entry.link, context.base_url) if entry.link else ""
    if len(link) > IngestedItem._meta.get_field("original_url").max_length:
        link = ""  # an address too long to store is no use as a link back; the GUID still identifies it
    return link


def _entry_keys(entry: Entry, link: str) -> tuple[str, dict[str, str]]:
    """The entry's GUID (its link, or a hash of its text, when it has none) and the keys items are found by."""
    guid = entry.guid or link or text_key(f"{entry.title}\x00{entry.body}")
    return guid, {"guid_key": text_key(guid), "url_key": url_key(link)}


def _ingest_entries(parsed: ParsedFeed, context: _Context) -> None:
    context.known = KnownItems(
        context.source, [_entry_keys(entry, _entry_link(entry, context))[1] for entry in parsed.entries]
    )
    # Auto-published items go one by one: each passes through the workflow as soon as it is saved.
    batched = not (context.feed and context.feed.auto_publish) and connection.features.can_return_rows_from_bulk_insert
    pending = PendingItems() if batched else None
    for entry in parsed.entries:
        context.run.items_seen += 1
        _count(context.run, _ingest_one(entry, context, pending))
        if pending is not None and len(pending) >= PendingItems.SIZE:
            _write_pending(pending, context)
    if pending:
        _write_pending(pending, context)


def _count(run: FeedRun, outcome: str) -> None:
    if outcome == "new":
        run.items_new += 1
    elif outcome == "duplicate":
        run.items_duplicate += 1
    elif outcome == "updated":
        run.items_updated += 1
    elif outcome != "pending":
        run.items_failed += 1


def _ingest_one(entry: Entry, context: _Context, pending: PendingItems | None = None) -> str:
    """One entry; whatever goes wrong with it costs only this entry."""
    try:
        return _ingest_entry(entry, context, pending)
    except IntegrityError as error:
        return _lost_race(entry, context, error)
    except Exception as error:  # noqa: BLE001 - one bad item must not cost the rest
        logger.exception("Ingest of an item from %s failed", context.run.location)
        context.run.add_note(
            "item_failed", guid=entry.guid or entry.link or "?", detail=f"{error.__class__.__name__}: {error}"[:300]
        )
        return "failed"


def _write_pending(pending: PendingItems, context: _Context) -> None:
    """Write the held-back items together; if that is refused, each one again on its own."""
    entries, news = pending.take()
    try:
        with transaction.atomic():
            write_new_items(news, tags=context.tags)
            for new in news:
                (context.recent or RecentItems(exclude_source_id=new.item.source_id)).link(new.item)
    except Exception:  # noqa: BLE001 - a race or one bad item: the entries are read again one by one
        logger.info("A batch of %s items from %s was refused; saving them one by one", len(news), context.run.location)
        for entry in entries:
            _count(context.run, _ingest_one(entry, context))
        return
    for new in news:
        context.touched.add(new.item.pk)
        context.known.add(new.item)
    context.run.items_new += len(news)
    context.run.items_duplicate += len(entries) - len(news)


def _ingest_entry(entry: Entry, context: _Context, pending: PendingItems | None = None) -> str:
    """Ingest one entry; return "new", "duplicate", "updated" or "failed" ("pending": held in ``pending``)."""
    link = _entry_link(entry, context)
    cleaned = clean_entry(entry, base_url=link or context.base_url, prefixes=context.prefixes, rules=context.rules)
    title, label, body = cleaned.title, cleaned.label, cleaned.body
    if not title:
        context.run.add_note("item_empty", guid=entry.guid or entry.link or "?")
        return "failed"
    guid, keys = _entry_keys(entry, link)
    content_key = text_key(f"{title}\x00{body}")

    existing = context.known.find(keys) if context.known else _find_existing(context.source, keys)
    if existing is not None:
        # A change is a later state of the same GUID seen in an earlier run. Another entry that
        # only shares the address, or a second copy inside this same document, is a duplicate.
        if existing.guid_key != keys["guid_key"] or existing.pk in context.touched:
            return "duplicate"
        context.touched.add(existing.pk)
        if existing.content_key == content_key:
            return "duplicate"
        with transaction.atomic():
            return record_version(existing, entry, title=title, body=body, content_key=content_key, run=context.run)
    if pending is not None and pending.holds(keys):
        return pending.add_repeat(entry)  # a duplicate once the copy held back is written

    item = IngestedItem(
        source=context.source,
        feed=context.feed,
        guid=guid,
        original_url=link,
        language=context.language,
        raw_title=entry.title,
        raw_summary=entry.summary,
        raw_body=entry.body,
        author=entry.author[:300],
        categories=(entry.categories + cleaned.hashtags)[:50],
        published_at=entry.published or context.run.started_at,
        published_raw=entry.published_raw[:200],
        published_guessed=entry.published is None,
        title=title[:300],
        title_prefix=label[:200],
        body=body,
        removed_lines=cleaned.removed,
        fingerprint=fingerprint(title, plain_text(body)),
        content_key=content_key,
        **keys,
    )
    # The draft first, so the item is written once, already linked to it.
    new = NewItem(entry=entry, item=item, article=_create_draft(item, entry, context), cited=_cited(item, context))
    if pending is not None:
        return pending.add(new)
    with transaction.atomic():
        return _save_new(new, context)


def _save_new(new: NewItem, context: _Context) -> str:
    """Write one new item and its draft (in the caller's savepoint), and publish it if the feed says so."""
    item, article = new.item, new.article
    article.save(savepoint=False)  # the item's savepoint (_ingest_one) is what a failure rolls back to
    if context.tags:
        article.tags.add(*context.tags)
    if new.cited:
        # A new draft cites nothing yet and is not public, so the links are written in one insert,
        # without add()'s look-up of existing links or the public cache's m2m signal.
        link = Article.cited_sources.through
        link.objects.bulk_create([link(article_id=article.pk, source_id=pk) for pk in new.cited])
    item.article = article
    # An overlapping run may have inserted the same item since the look-up: the unique
    # constraints refuse this insert, and _ingest_one counts it a duplicate (_lost_race).
    item.save(force_insert=True)
    context.touched.add(item.pk)
    if context.known is not None:
        context.known.add(item)
    (context.recent or RecentItems(exclude_source_id=item.source_id)).link(item)
    _auto_publish(item, context)
    return "new"


def _lost_race(entry: Entry, context: _Context, error: IntegrityError) -> str:
    """An insert refused by a unique constraint: an overlapping run took the same item between our
    look-up and our insert (a duplicate), or something else is wrong with the item (failed)."""
    _guid, keys = _entry_keys(entry, _entry_link(entry, context))
    existing = _find_existing(context.source, keys)
    if existing is None:
        logger.warning("Ingest of an item from %s was refused: %s", context.run.location, error)
        context.run.add_note(
            "item_failed", guid=entry.guid or entry.link or "?", detail=f"{error.__class__.__name__}: {error}"[:300]
        )
        return "failed"
    context.touched.add(existing.pk)
    if context.known is not None:
        context.known.add(existing)
    return "duplicate"


def _find_existing(source: Source, keys: dict[str, str]) -> IngestedItem | None:
    condition = Q(source=source, guid_key=keys["guid_key"])
    if keys["url_key"]:
        condition |= Q(url_key=keys["url_key"])
    return IngestedItem.objects.filter(condition).order_by("pk").first()


def _create_draft(item: IngestedItem, entry: Entry, context: _Context) -> Article:
    """The item's draft, not yet saved (``_save_new`` or ``batch.write_new_items`` writes it)."""
    section = context.section
    if section is None and item.title_prefix:
        section = context.sections_by_label.get(normalize_arabic(item.title_prefix))
    summary = plain_text(entry.summary) if entry.summary and entry.body else ""
    article = Article(
        origin=Article.Origin.REPUBLISHED,
        source=context.source,
        original_url=item.original_url,
        # A guessed time (the feed's date was missing or unreadable) is the item's, never shown as the original's.
        original_published_at=None if item.published_guessed else item.published_at,
        section=section,
        status=Article.Status.DRAFT,
    )
    article.set_current_language(item.language)
    article.title = item.title
    article.summary = summary
    article.body = item.body
    article.byline = item.author[:200]
    return article


def _cited(item: IngestedItem, context: _Context) -> list[int]:
    """The sources the item's text cites. One paragraph a line: datelines and credit lines are read
    where they stand (issue 18)."""
    text = f"{item.title}\n{body_lines(item.body)}"
    return sorted(cited_source_ids(text, exclude=context.source, aliases=context.aliases))


def _auto_publish(item: IngestedItem, context: _Context) -> None:
    """Publish through the workflow only when the feed asks for it; its checks still decide."""
    if not (context.feed and context.feed.auto_publish) or item.article is None:
        return
    try:
        article_publish(article=item.article, automatic=True)
    except ValidationError as error:
        context.run.add_note("auto_publish_refused", title=item.title, reasons=" ".join(error.messages))


def item_mark_reviewed(item: IngestedItem) -> None:
    """Clear the "changed at the source" flag once an editor has looked at the new version."""
    IngestedItem.objects.filter(pk=item.pk).update(update_pending=False)
    item.update_pending = False


def ingest_feeds(
    feeds: Iterable[Feed], *, dry_run: bool = False, claim: bool = False, at: datetime | None = None
) -> Iterator[tuple[Feed, FeedRun | None]]:
    """Ingest each feed in turn, yielding its run; with ``claim``, skip feeds another runner took.

    First, runs that a stopped process left unfinished are marked interrupted (not in a dry run).
    """
    at = at or timezone.now()
    if not dry_run:
        feedrun_mark_interrupted(at=at)
    for feed in feeds:
        if claim and not dry_run and not feed_claim(feed, at):
            yield feed, None
            continue
        yield feed, ingest_feed(feed, dry_run=dry_run, at=at)


# ---- Reading a feed in a worker: "Read now" and the schedule ----


class Started(enum.Enum):
    STARTED = "started"
    ALREADY = "already"  # a worker is reading this feed right now


def feed_hold(feed_pk: int, now: datetime) -> bool:
    """Claim the feed for one reading (a unique claim on the row); False while another worker reads it.

    The claim lapses after the download's deadline plus RUN_MARGIN, so a worker killed mid-read
    does not keep the feed for ever.
    """
    until = now + timedelta(seconds=settings.INGEST_TOTAL_TIMEOUT) + RUN_MARGIN
    free = Q(reading_until__isnull=True) | Q(reading_until__lt=now)
    return bool(Feed.objects.filter(free, pk=feed_pk).update(reading_until=until))


def feed_release(feed_pk: int) -> None:
    Feed.objects.filter(pk=feed_pk).update(reading_until=None)


def feed_read_held(feed_pk: int, *, held: bool = False) -> FeedRun | None:
    """Read the feed now unless another worker holds it (then None); ``held``: the caller claimed it already."""
    if not held and not feed_hold(feed_pk, timezone.now()):
        return None
    try:
        feed = Feed.objects.select_related("source").filter(pk=feed_pk).first()
        return ingest_feed(feed) if feed is not None else None
    finally:
        feed_release(feed_pk)


def feeds_claim_due(at: datetime | None = None) -> list[int]:
    """The due feeds, each claimed (its next run moved forward) so that only one worker's clock queues it."""
    at = at or timezone.now()
    feedrun_mark_interrupted(at=at)
    return [feed.pk for feed in feed_list_due(at) if feed_claim(feed, at)]
