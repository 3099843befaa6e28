"""The transition table, without a database."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from articles.models.workflow import (
    TRANSITIONS,
    Action,
    InvalidTransition,
    State,
    actions_from,
    check_transition,
    state_of,
)

NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)


def test_state_of_tells_scheduled_from_published_at_the_second():
    assert state_of("published", NOW + timedelta(seconds=1), NOW) == State.SCHEDULED
    assert state_of("published", NOW, NOW) == State.PUBLISHED
    assert state_of("published", NOW - timedelta(seconds=1), NOW) == State.PUBLISHED
    assert state_of("draft", None, NOW) == State.DRAFT
    assert state_of("withdrawn", NOW, NOW) == State.WITHDRAWN


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (State.DRAFT, [Action.SUBMIT, Action.PUBLISH, Action.SCHEDULE]),
        (State.IN_REVIEW, [Action.REQUEST_CHANGES, Action.PUBLISH, Action.SCHEDULE]),
        (State.SCHEDULED, [Action.PUBLISH, Action.SCHEDULE, Action.UNSCHEDULE]),
        (State.PUBLISHED, [Action.WITHDRAW]),
        (State.WITHDRAWN, [Action.RESTORE]),
    ],
)
def test_actions_from_each_state(state, expected):
    assert actions_from(state) == expected


def test_check_transition_returns_target_state():
    assert check_transition(Action.SUBMIT, State.DRAFT).target == State.IN_REVIEW
    assert check_transition("withdraw", "published").target == State.WITHDRAWN
    assert check_transition(Action.RESTORE, State.WITHDRAWN).target == State.DRAFT


def test_check_transition_refuses_with_translated_validation_error():
    with pytest.raises(InvalidTransition) as caught:
        check_transition(Action.WITHDRAW, State.DRAFT)
    assert isinstance(caught.value, ValidationError)
    [message] = caught.value.messages
    assert str(Action.WITHDRAW.label) in message and str(State.DRAFT.label) in message


def test_every_transition_names_a_permission_of_the_articles_app():
    for transition in TRANSITIONS.values():
        assert transition.permission.startswith("articles.") and transition.permission.endswith("_article")
    assert TRANSITIONS[Action.WITHDRAW].comment_required and TRANSITIONS[Action.REQUEST_CHANGES].comment_required
    assert TRANSITIONS[Action.SCHEDULE].needs_time
