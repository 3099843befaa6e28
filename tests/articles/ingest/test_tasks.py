"""Feeds on the task queue: read on schedule by a worker (no cron), and never by two workers at once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.ingest.services import feed_hold, feed_read_held, feed_release, feeds_claim_due
from articles.ingest.tasks import enqueue_due_feeds
from articles.management.commands.worker import beat_once
from articles.models import Feed, FeedRun, TaskBeat
from sources.tasking import periodic_tasks
from tests.tasks import WorkerProcess, run_queued_tasks, wait_until

from .factories import make_feed, make_partner


@pytest.mark.django_db
def test_a_feed_held_by_one_worker_is_not_read_by_another(feed_server):
    feed = make_feed(make_partner(), url=feed_server.url("/feed.xml"))
    now = timezone.now()
    assert feed_hold(feed.pk, now)
    assert not feed_hold(feed.pk, now)
    assert feed_read_held(feed.pk) is None  # the second worker's task does nothing
    assert not FeedRun.objects.exists()
    feed_release(feed.pk)
    assert feed_read_held(feed.pk).status == FeedRun.Status.OK


@pytest.mark.django_db
def test_a_hold_left_by_a_killed_worker_lapses_after_the_deadline(settings):
    settings.INGEST_TOTAL_TIMEOUT = 10
    feed = make_feed(make_partner())
    now = timezone.now()
    assert feed_hold(feed.pk, now)
    assert not feed_hold(feed.pk, now + timedelta(minutes=5))
    assert feed_hold(feed.pk, now + timedelta(minutes=11))


@pytest.mark.django_db
def test_each_due_feed_is_claimed_by_one_clock_only():
    partner = make_partner()
    due, later = make_feed(partner), make_feed(partner, url="https://sham.example/other")
    Feed.objects.filter(pk=later.pk).update(next_run_at=timezone.now() + timedelta(hours=1))
    assert feeds_claim_due() == [due.pk]
    assert feeds_claim_due() == []


@pytest.mark.django_db
def test_the_clock_enqueues_each_periodic_task_once_per_beat(settings):
    settings.TASKS_BEAT_SECONDS = 60
    now = timezone.now()
    first = beat_once(now)
    # Every periodic task: due feeds, the outbox sweep, the flush of the read counters (issue 21), …
    every = len(periodic_tasks())
    assert enqueue_due_feeds.module_path in first and len(first) == every >= 3
    assert "articles.newsroom.pictures.withdraw_expired_pictures" in first
    assert beat_once(now + timedelta(seconds=1)) == []  # another worker's clock, a second later
    assert len(beat_once(now + timedelta(seconds=61))) == every
    assert TaskBeat.objects.count() == every


@pytest.mark.django_db(transaction=True)
def test_the_periodic_task_queues_and_reads_due_feeds(feed_server):
    feed = make_feed(make_partner(), url=feed_server.url("/feed.xml"))
    enqueue_due_feeds.call()
    run_queued_tasks()
    assert FeedRun.objects.get(feed=feed).items_new == 3


@pytest.mark.django_db(transaction=True)
def test_a_worker_reads_due_feeds_on_schedule_without_cron(feed_server):
    feed = make_feed(make_partner(), url=feed_server.url("/feed.xml"))
    worker = WorkerProcess({
        "OUTBOUND_ALLOWED_HOSTS": f"127.0.0.1:{feed_server.server_address[1]}",
        "TASKS_BACKEND": "database",
        "TASKS_BEAT_SECONDS": "0.5",
    }).start()
    try:
        run = wait_until(lambda: FeedRun.objects.filter(feed=feed, finished_at__isnull=False).first())
    finally:
        worker.stop()
        output = worker.output()
        worker.log.close()
    assert run.items_new == 3, output
    assert Feed.objects.get(pk=feed.pk).next_run_at > timezone.now()
