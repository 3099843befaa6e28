"""Live coverage: starting and ending it, and posting, editing, withdrawing and flagging entries.

Who may post follows the story's rules: editors on any story, writers on their own, translators
never. Every change locks the coverage row, raises its version and stamps the entry with it (so
readers' pages fetch edits and withdrawals as well as new entries); a posted entry writes a
``story.live_entry`` event to the outbox in the same transaction when readers can see the story.
"""

from datetime import UTC, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext

from articles.models import Article, LiveCoverage, LiveEntry, Picture, StoryEvent
from articles.models.sanitize import sanitize_html
from articles.newsroom.checks import one_picture_problems
from articles.newsroom.outbox import outbox_write
from articles.newsroom.pictures import live_picture_shown

# The flags an entry can be switched on and off by.
FLAGS = {"key": "is_key_event", "pin": "is_pinned"}


def can_run_coverage(user, article: Article) -> bool:
    """May ``user`` start or end the live coverage of ``article`` (editors)?"""
    return user.is_active and user.is_staff and user.has_perm("articles.edit_any_article")


def can_post_live(user, article: Article) -> bool:
    """May ``user`` post and change entries of ``article``: editors on any story, writers on their own."""
    if not (user.is_active and user.is_staff and user.has_perm("articles.add_article")):
        return False
    return user.has_perm("articles.edit_any_article") or article.author_id == user.pk


def display_name(user) -> str:
    return (user.get_full_name() or user.get_username()).strip() if user else ""


def _check(by, article: Article, allowed) -> None:
    if by is not None and not allowed(by, article):
        raise PermissionDenied(gettext("You are not allowed to do this to this story."))


def _lock(article: Article) -> LiveCoverage:
    coverage = LiveCoverage.objects.select_for_update().filter(article_id=article.pk).first()
    if coverage is None:
        raise ValidationError(gettext("This story is not covered live."))
    return coverage


def _bump(coverage: LiveCoverage) -> int:
    coverage.version += 1
    coverage.save(update_fields=["version"])
    return coverage.version


def _body(body: str) -> str:
    clean = sanitize_html(body or "")
    if not strip_tags(clean).strip():
        raise ValidationError(gettext("Write the update."))
    return clean


def _picture(picture: Picture | None, now: datetime | None) -> dict:
    """What readers will see of an update's picture; refused with the publication check's words."""
    if picture is None:
        return {}
    problems = one_picture_problems(picture, at=now)
    if problems:
        raise ValidationError(problems)
    return live_picture_shown(picture)


@transaction.atomic
def live_start(*, article: Article, by, now: datetime | None = None) -> LiveCoverage:
    """Cover ``article`` live (again, after it was ended: its entries are kept)."""
    _check(by, article, can_run_coverage)
    coverage, created = LiveCoverage.objects.select_for_update().get_or_create(
        article=article, defaults={"started_at": now or timezone.now()}
    )
    if not created and coverage.ended_at is not None:
        coverage.ended_at = None
        coverage.version += 1
        coverage.save(update_fields=["ended_at", "version"])
    return coverage


@transaction.atomic
def live_end(*, article: Article, by, now: datetime | None = None) -> LiveCoverage:
    """End the coverage: the page is frozen and every entry kept."""
    _check(by, article, can_run_coverage)
    coverage = _lock(article)
    if coverage.ended_at is None:
        coverage.ended_at = now or timezone.now()
        coverage.version += 1
        coverage.save(update_fields=["ended_at", "version"])
    return coverage


def _running(article: Article) -> LiveCoverage:
    coverage = _lock(article)
    if coverage.ended_at is not None:
        raise ValidationError(gettext("The live coverage of this story has ended."))
    return coverage


def entry_detail(entry: LiveEntry) -> dict:
    """What a webhook is told of an entry."""
    return {
        "id": entry.pk,
        "posted_at": entry.posted_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "author": entry.author_name,
        "key_event": entry.is_key_event,
        "pinned": entry.is_pinned,
        "text": " ".join(strip_tags(entry.body).split()),
        "html": entry.body,
    }


@transaction.atomic
def live_entry_post(
    *,
    article: Article,
    by,
    body: str,
    key_event: bool = False,
    pinned: bool = False,
    picture: Picture | None = None,
    now: datetime | None = None,
) -> LiveEntry:
    """Post an entry to the running coverage of ``article``, with a library picture if given."""
    now = now or timezone.now()
    _check(by, article, can_post_live)
    clean = _body(body)
    shown = _picture(picture, now)
    coverage = _running(article)
    entry = LiveEntry.objects.create(
        coverage=coverage,
        posted_at=now,
        author=by,
        author_name=display_name(by),
        body=clean,
        picture=picture,
        picture_shown=shown,
        is_key_event=key_event,
        is_pinned=pinned,
        revision=_bump(coverage),
    )
    story = Article.objects.get(pk=article.pk)
    if story.is_public(now):
        outbox_write(article=story, type=StoryEvent.Type.LIVE_ENTRY, now=now, detail=entry_detail(entry))
    return entry


def _entry(article: Article, entry_id: int, by) -> tuple[LiveCoverage, LiveEntry]:
    _check(by, article, can_post_live)
    coverage = _running(article)
    entry = LiveEntry.objects.select_for_update().filter(coverage=coverage, pk=entry_id).first()
    if entry is None:
        raise ValidationError(gettext("This update does not exist."))
    return coverage, entry


@transaction.atomic
def live_entry_edit(
    *, article: Article, entry_id: int, by, body: str, picture: Picture | None = None, now: datetime | None = None
) -> LiveEntry:
    """Change an entry's text and picture (none removes it); readers see that it was edited."""
    now = now or timezone.now()
    coverage, entry = _entry(article, entry_id, by)
    entry.body = _body(body)
    if picture is None or picture.pk != entry.picture_id:
        entry.picture_shown = _picture(picture, now)
        entry.picture = picture
    entry.edited_at = now
    entry.revision = _bump(coverage)
    entry.save(update_fields=["body", "picture", "picture_shown", "edited_at", "revision"])
    return entry


@transaction.atomic
def live_entry_withdraw(
    *, article: Article, entry_id: int, by, note: str = "", now: datetime | None = None
) -> LiveEntry:
    """Withdraw an entry: readers see a note in its place, never a silent gap."""
    coverage, entry = _entry(article, entry_id, by)
    if entry.withdrawn_at is None:
        entry.withdrawn_at = now or timezone.now()
        entry.withdrawal_note = " ".join(note.split())[:300]
        entry.is_pinned = False
        entry.revision = _bump(coverage)
        entry.save(update_fields=["withdrawn_at", "withdrawal_note", "is_pinned", "revision"])
    return entry


@transaction.atomic
def live_entry_flag(*, article: Article, entry_id: int, by, flag: str, value: bool) -> LiveEntry:
    """Switch an entry's ``flag`` ("key" or "pin") on or off."""
    if flag not in FLAGS:
        raise ValidationError(gettext("Unknown flag."))
    coverage, entry = _entry(article, entry_id, by)
    if entry.withdrawn_at is not None:
        raise ValidationError(gettext("A withdrawn update cannot be changed."))
    setattr(entry, FLAGS[flag], value)
    entry.revision = _bump(coverage)
    entry.save(update_fields=[FLAGS[flag], "revision"])
    return entry
