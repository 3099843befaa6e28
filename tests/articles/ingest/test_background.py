"""Work started by a request and done beside it: after the commit, once per key, bounded, tidy."""

import threading

import pytest
from django.db import connections, transaction

from articles.ingest import background
from articles.ingest.background import Started
from articles.models import Feed

from .conftest import wait_for_background_work

pytestmark = pytest.mark.django_db(transaction=True)


def test_work_starts_after_the_commit_in_a_daemon_thread_that_closes_its_connection(monkeypatch):
    seen = {}
    released = threading.Event()
    real_close_all = connections.close_all

    def close_all():
        seen["closed_in"] = threading.current_thread()
        real_close_all()

    monkeypatch.setattr(connections, "close_all", close_all)

    def work():
        seen["thread"] = threading.current_thread()
        seen["connection"] = connections["default"]
        Feed.objects.exists()  # opens this thread's connection
        released.wait(5)

    with transaction.atomic():
        assert background.start_on_commit("k", work) == Started.STARTED
        assert "thread" not in seen  # nothing runs before the commit
        assert background.start_on_commit("k", work) == Started.ALREADY
    released.set()
    wait_for_background_work()
    assert seen["thread"].daemon and seen["thread"] is not threading.current_thread()
    assert seen["closed_in"] is seen["thread"]
    if seen["connection"].vendor != "sqlite":  # Django never closes an in-memory SQLite database
        assert seen["connection"].connection is None
    assert background.start_on_commit("k", lambda: None) == Started.STARTED
    wait_for_background_work()


def test_at_most_so_many_threads_run_at_once(monkeypatch):
    monkeypatch.setattr(background, "THREADS_MAX", 2)
    released = threading.Event()
    outcomes = [background.start_on_commit(key, released.wait, 5) for key in ("a", "b", "c")]
    assert outcomes == [Started.STARTED, Started.STARTED, Started.BUSY]
    released.set()
    wait_for_background_work()


def test_a_key_promised_to_a_rolled_back_transaction_is_freed_again(monkeypatch):
    ran = []
    with transaction.atomic():
        background.start_on_commit("k", ran.append, 1)
        transaction.set_rollback(True)
    assert ran == []
    assert background.start_on_commit("k", ran.append, 2) == Started.ALREADY  # promised, a minute at most
    monkeypatch.setattr(background, "PROMISE_SECONDS", -1)
    assert background.start_on_commit("k", ran.append, 3) == Started.STARTED
    wait_for_background_work()
    assert ran == [3]


def test_a_failure_in_the_work_is_logged_and_frees_the_key(caplog):
    def fail():
        raise RuntimeError("broken")

    background.start_on_commit("k", fail)
    wait_for_background_work()
    assert "Background work k failed" in caplog.text
    assert background.start_on_commit("k", lambda: None) == Started.STARTED
    wait_for_background_work()
