"""Article services: the one place that changes what readers can see.

Every transition reads the same way: lock the row, check the transition against the workflow
table, check the user's rights, change, record an ArticleEvent and a revision, and announce
the change once the transaction has committed.
"""

from datetime import datetime
from functools import partial

import reversion
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext
from parler.cache import get_translation_cache_key
from reversion.models import Version

from articles.models import Article, ArticleEvent, Correction, StoryEvent
from articles.models.workflow import Action, State, check_transition
from articles.newsroom.checks import publication_problems
from articles.newsroom.outbox import outbox_cancel_scheduled, outbox_story_edited, outbox_write
from articles.newsroom.permissions import can_correct, can_restore_revision, can_take
from articles.newsroom.revisions import add_article_to_revision, revert_article
from articles.newsroom.signals import article_transitioned

# Fields a transition owns; restoring an old revision never turns them back.
WORKFLOW_FIELDS = ["status", "published_at", "withdrawn_at", "version", "updated_by", "author", "created_at"]


def _forget_cached_translations(article: Article) -> None:
    # A revert writes translation rows directly, behind django-parler's translation cache.
    translation_model = Article._parler_meta.root_model
    cache.delete_many(
        [get_translation_cache_key(translation_model, article.pk, code) for code, _name in settings.LANGUAGES]
    )


def _lock(article: Article) -> Article:
    return Article.objects.select_for_update().get(pk=article.pk)


def _begin(article: Article, action: Action, by, now: datetime) -> tuple[Article, State]:
    """Lock ``article``, check that ``action`` may start from its state and that ``by`` may take it."""
    locked = _lock(article)
    state = locked.state(now)
    check_transition(action, state)
    if by is not None and not can_take(by, locked, action):
        raise PermissionDenied(gettext("You are not allowed to do this to this story."))
    return locked, state


def _record(
    article: Article,
    *,
    kind: str,
    from_state: State,
    to_state: State,
    by,
    comment: str = "",
    now: datetime,
    scheduled_for: datetime | None = None,
) -> ArticleEvent:
    """Write the event and a revision of the story as it now stands; announce it after commit."""
    event = ArticleEvent.objects.create(
        article=article,
        kind=kind,
        from_state=from_state,
        to_state=to_state,
        by=by,
        comment=comment,
        at=now,
        scheduled_for=scheduled_for,
    )
    with reversion.create_revision():
        add_article_to_revision(article)
        reversion.set_user(by)
        reversion.set_comment(event.get_kind_display())
    transaction.on_commit(
        partial(_announce, article_pk=article.pk, kind=kind, from_state=from_state, to_state=to_state, by=by)
    )
    return event


def _announce(*, article_pk: int, kind: str, from_state: State, to_state: State, by) -> None:
    article = Article.objects.filter(pk=article_pk).first()
    if article is not None:
        article_transitioned.send(
            sender=Article, article=article, action=kind, from_state=from_state, to_state=to_state, by=by
        )


def _save(article: Article, by, fields: list[str]) -> None:
    article.version += 1
    article.updated_by = by
    article.save(update_fields=[*fields, "version", "updated_by", "updated_at"])


def _change(
    locked: Article,
    *,
    fields: list[str],
    action: Action,
    from_state: State,
    to_state: State,
    by,
    comment: str,
    now: datetime,
    scheduled_for: datetime | None = None,
) -> Article:
    """Save the transition's ``fields`` of the locked story and record the transition."""
    _save(locked, by, fields)
    _record(
        locked,
        kind=action,
        from_state=from_state,
        to_state=to_state,
        by=by,
        comment=comment,
        now=now,
        scheduled_for=scheduled_for,
    )
    return locked


def _go_public(
    locked: Article, *, action: Action, from_state: State, by, at: datetime, automatic: bool, comment: str, now: datetime
) -> Article:
    """Publish the locked story at ``at`` (now, or a future time for a schedule): check, freeze, save, record."""
    problems = publication_problems(locked, automatic=automatic, at=at)
    if problems:
        raise ValidationError(problems)
    locked.status = Article.Status.PUBLISHED
    locked.published_at = at
    locked.withdrawn_at = None
    locked.store_disclaimers()
    scheduled = at > now
    # The outbox: told now, or at the scheduled time (the moment the story becomes public).
    outbox_cancel_scheduled(article=locked, now=now)
    _change(
        locked,
        fields=["status", "published_at", "withdrawn_at"],
        action=action,
        from_state=from_state,
        to_state=State.SCHEDULED if scheduled else State.PUBLISHED,
        by=by,
        comment=comment,
        now=now,
        scheduled_for=at if scheduled else None,
    )
    outbox_write(article=locked, type=StoryEvent.Type.PUBLISHED, now=now, due_at=at)
    return locked


def _required(comment: str, message: str) -> str:
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": message})
    return comment


@transaction.atomic
def article_submit(*, article: Article, by, comment: str = "", now: datetime | None = None) -> Article:
    """Send a draft to the editors' review queue."""
    now = now or timezone.now()
    locked, state = _begin(article, Action.SUBMIT, by, now)
    locked.status = Article.Status.IN_REVIEW
    _save(locked, by, ["status"])
    _record(
        locked, kind=Action.SUBMIT, from_state=state, to_state=State.IN_REVIEW, by=by, comment=comment.strip(), now=now
    )
    return locked


@transaction.atomic
def article_request_changes(*, article: Article, by, comment: str, now: datetime | None = None) -> Article:
    """Send a story in review back to its writer as a draft, saying what to change."""
    now = now or timezone.now()
    locked, state = _begin(article, Action.REQUEST_CHANGES, by, now)
    comment = _required(comment, gettext("Say what should change, so the writer knows what to do."))
    locked.status = Article.Status.DRAFT
    _save(locked, by, ["status"])
    _record(
        locked, kind=Action.REQUEST_CHANGES, from_state=state, to_state=State.DRAFT, by=by, comment=comment, now=now
    )
    return locked


@transaction.atomic
def article_publish(
    *,
    article: Article,
    by=None,
    at: datetime | None = None,
    automatic: bool = False,
    comment: str = "",
    now: datetime | None = None,
) -> Article:
    """Publish ``article`` now, freezing its disclaimer; refuse with every problem listed.

    ``by`` is None only for the system itself (imports, the demo), which skips the role check.
    A future ``at`` schedules the story instead (see article_schedule).
    """
    now = now or timezone.now()
    if at is not None and at > now:
        return article_schedule(article=article, by=by, at=at, automatic=automatic, comment=comment, now=now)
    locked, state = _begin(article, Action.PUBLISH, by, now)
    return _go_public(
        locked, action=Action.PUBLISH, from_state=state, by=by, at=at or now, automatic=automatic, comment=comment, now=now
    )


@transaction.atomic
def article_schedule(
    *, article: Article, by, at: datetime, automatic: bool = False, comment: str = "", now: datetime | None = None
) -> Article:
    """Publish ``article`` at the future time ``at``: it appears on the site the moment that time passes."""
    now = now or timezone.now()
    locked, state = _begin(article, Action.SCHEDULE, by, now)
    if at is None or at <= now:
        raise ValidationError({"publish_at": gettext("Choose a publication time in the future.")})
    return _go_public(
        locked, action=Action.SCHEDULE, from_state=state, by=by, at=at, automatic=automatic, comment=comment, now=now
    )


@transaction.atomic
def article_unschedule(*, article: Article, by, comment: str = "", now: datetime | None = None) -> Article:
    """Cancel a scheduled publication; the story goes back to the review queue, unseen."""
    now = now or timezone.now()
    locked, state = _begin(article, Action.UNSCHEDULE, by, now)
    scheduled_for = locked.published_at
    outbox_cancel_scheduled(article=locked, now=now)
    locked.status = Article.Status.IN_REVIEW
    locked.published_at = None
    return _change(
        locked,
        fields=["status", "published_at"],
        action=Action.UNSCHEDULE,
        from_state=state,
        to_state=State.IN_REVIEW,
        by=by,
        comment=comment,
        now=now,
        scheduled_for=scheduled_for,
    )


@transaction.atomic
def article_withdraw(*, article: Article, by, comment: str, now: datetime | None = None) -> Article:
    """Take a published story down; its address then answers 410 Gone. The reason is required."""
    now = now or timezone.now()
    locked, state = _begin(article, Action.WITHDRAW, by, now)
    comment = _required(comment, gettext("Give the reason for withdrawing the story."))
    locked.status = Article.Status.WITHDRAWN
    locked.withdrawn_at = now
    _save(locked, by, ["status", "withdrawn_at"])
    outbox_write(article=locked, type=StoryEvent.Type.WITHDRAWN, now=now)
    _record(locked, kind=Action.WITHDRAW, from_state=state, to_state=State.WITHDRAWN, by=by, comment=comment, now=now)
    return locked


@transaction.atomic
def article_restore(*, article: Article, by, comment: str = "", now: datetime | None = None) -> Article:
    """Bring a withdrawn story back as a draft (not public) so it can be fixed and published again."""
    now = now or timezone.now()
    locked, state = _begin(article, Action.RESTORE, by, now)
    locked.status = Article.Status.DRAFT
    locked.published_at = None
    locked.withdrawn_at = None
    _save(locked, by, ["status", "published_at", "withdrawn_at"])
    _record(locked, kind=Action.RESTORE, from_state=state, to_state=State.DRAFT, by=by, comment=comment, now=now)
    return locked


SERVICES = {
    Action.SUBMIT: article_submit,
    Action.REQUEST_CHANGES: article_request_changes,
    Action.PUBLISH: article_publish,
    Action.SCHEDULE: article_schedule,
    Action.UNSCHEDULE: article_unschedule,
    Action.WITHDRAW: article_withdraw,
    Action.RESTORE: article_restore,
}


@transaction.atomic
def article_correct(
    *, article: Article, by, text: str, language: str | None = None, now: datetime | None = None
) -> Correction:
    """Add a dated correction note to a published story; notes are kept for good and shown to readers."""
    now = now or timezone.now()
    locked = _lock(article)
    if by is not None and not can_correct(by, locked):
        raise PermissionDenied(gettext("Only editors can correct a published story."))
    if not locked.is_public(now):
        raise ValidationError(gettext("Only a published story can be corrected."))
    text = _required(text, gettext("Write the correction."))
    correction = Correction.objects.create(
        article=locked, language=language or settings.LANGUAGE_CODE, text=text, created_at=now, created_by=by
    )
    # A correction changes what readers see: a new version, so partners syncing by ``since`` and
    # an editor's open form (its version check) both learn of it.
    _save(locked, by, [])
    outbox_write(article=locked, type=StoryEvent.Type.CORRECTED, now=now, language=correction.language)
    state = locked.state(now)
    _record(locked, kind=ArticleEvent.Kind.CORRECT, from_state=state, to_state=state, by=by, comment=text, now=now)
    return correction


@transaction.atomic
def article_restore_revision(*, article: Article, by, revision_id: int, now: datetime | None = None) -> Article:
    """Put the story's text, translations, tags and attribution back as in an earlier revision.

    Its workflow state (status, publication time) and published disclaimers stay as they are:
    a restored revision is an edit, never a way around the workflow.
    """
    now = now or timezone.now()
    locked = _lock(article)
    if by is not None and not can_restore_revision(by, locked):
        raise PermissionDenied(gettext("Only editors can restore an earlier revision."))
    version = Version.objects.get_for_object(locked).select_related("revision").filter(revision_id=revision_id).first()
    if version is None:
        raise ValidationError(gettext("This revision does not belong to this story."))
    kept = {field: getattr(locked, Article._meta.get_field(field).attname) for field in WORKFLOW_FIELDS}
    frozen = {t.language_code: t.disclaimer_text for t in locked.translations.all()}
    try:
        lost_tags = revert_article(locked, version.revision)
    finally:
        _forget_cached_translations(locked)
    restored = Article.objects.get(pk=locked.pk)
    for field, value in kept.items():
        setattr(restored, Article._meta.get_field(field).attname, value)
    # The disclaimer shown to readers stays the one frozen at publication.
    for translation in restored.translations.all():
        text = frozen.get(translation.language_code, "")
        if not text and restored.status == Article.Status.PUBLISHED and restored.is_republished:
            text = restored.render_disclaimer(translation.language_code, stored=False)
        translation.disclaimer_text = text
        # Written back raw, a revision older than today's sanitizer and text cleaning is cleaned
        # now, as every save is; a translation that changed in no way is not written.
        restored.save_translation(translation)
    _save(restored, by, [f for f in WORKFLOW_FIELDS if f not in {"version", "updated_by"}])
    outbox_story_edited(article=restored, now=now)
    state = restored.state(now)
    when = formats.date_format(timezone.localtime(version.revision.date_created), "DATETIME_FORMAT")
    comment = gettext("Restored the revision of %(date)s.") % {"date": when}
    if lost_tags:
        comment += " " + ngettext(
            "%(count)d tag of that revision has since been merged or deleted and was left out.",
            "%(count)d tags of that revision have since been merged or deleted and were left out.",
            lost_tags,
        ) % {"count": lost_tags}
    _record(restored, kind=ArticleEvent.Kind.REVERT, from_state=state, to_state=state, by=by, comment=comment, now=now)
    return restored
