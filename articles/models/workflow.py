"""The editorial workflow as data: states, transitions, and who may take them.

Pure Python, no queries: the admin, management commands, services and tests all read this one
table. "Scheduled" is not stored: it is a published story whose publication time is still
ahead, so readers never see it early and no cron job is needed to release it.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    """Where a story stands, as editors see it (stored status plus the clock)."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Action(models.TextChoices):
    SUBMIT = "submit", _("Submit for review")
    REQUEST_CHANGES = "request_changes", _("Request changes")
    PUBLISH = "publish", _("Publish now")
    SCHEDULE = "schedule", _("Schedule")
    UNSCHEDULE = "unschedule", _("Unschedule")
    WITHDRAW = "withdraw", _("Withdraw")
    RESTORE = "restore", _("Restore to draft")


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[State]
    target: State
    permission: str
    comment_required: bool = False
    needs_time: bool = False


TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in (
        Transition(Action.SUBMIT, frozenset({State.DRAFT}), State.IN_REVIEW, "articles.submit_article"),
        Transition(
            Action.REQUEST_CHANGES,
            frozenset({State.IN_REVIEW}),
            State.DRAFT,
            "articles.review_article",
            comment_required=True,
        ),
        Transition(
            Action.PUBLISH,
            frozenset({State.DRAFT, State.IN_REVIEW, State.SCHEDULED}),
            State.PUBLISHED,
            "articles.publish_article",
        ),
        Transition(
            Action.SCHEDULE,
            frozenset({State.DRAFT, State.IN_REVIEW, State.SCHEDULED}),
            State.SCHEDULED,
            "articles.publish_article",
            needs_time=True,
        ),
        Transition(Action.UNSCHEDULE, frozenset({State.SCHEDULED}), State.IN_REVIEW, "articles.publish_article"),
        Transition(
            Action.WITHDRAW,
            frozenset({State.PUBLISHED}),
            State.WITHDRAWN,
            "articles.withdraw_article",
            comment_required=True,
        ),
        Transition(Action.RESTORE, frozenset({State.WITHDRAWN}), State.DRAFT, "articles.withdraw_article"),
    )
}

# The status column that stores each state.
STORED_STATUS: dict[State, str] = {
    State.DRAFT: "draft",
    State.IN_REVIEW: "in_review",
    State.SCHEDULED: "published",
    State.PUBLISHED: "published",
    State.WITHDRAWN: "withdrawn",
}


class InvalidTransition(ValidationError):
    """The story is not in a state the requested transition starts from."""

    def __init__(self, action: Action, state: State):
        super().__init__(
            _("“%(action)s” is not possible while the story is “%(state)s”."),
            code="invalid_transition",
            params={"action": Action(action).label, "state": State(state).label},
        )
        self.action = action
        self.state = state


def state_of(status: str, published_at: datetime | None, now: datetime) -> State:
    """The editorial state of a story with ``status`` and ``published_at`` at the time ``now``."""
    if status == "published":
        # Public from the exact second of its publication time, as ArticleQuerySet.published().
        return State.SCHEDULED if published_at is not None and published_at > now else State.PUBLISHED
    return State(status)


def check_transition(action: Action | str, state: State | str) -> Transition:
    """Return the transition for ``action`` if it may start from ``state``; raise InvalidTransition otherwise."""
    transition = TRANSITIONS[Action(action)]
    if State(state) not in transition.sources:
        raise InvalidTransition(Action(action), State(state))
    return transition


def actions_from(state: State | str) -> list[Action]:
    """Every action the table allows from ``state``, in table order (permissions aside)."""
    return [action for action, transition in TRANSITIONS.items() if State(state) in transition.sources]
