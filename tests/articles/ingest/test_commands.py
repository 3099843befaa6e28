"""The ingest_feeds command: files, feeds, dry runs, the loop, progress and the closing summary."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, FeedRun, IngestedItem

from .conftest import feed_path
from .factories import make_feed, make_partner

pytestmark = pytest.mark.django_db


def _call(*args) -> str:
    out = StringIO()
    call_command("ingest_feeds", *args, stdout=out)
    return out.getvalue()


def test_ingest_feeds_file_creates_drafts_and_prints_summary():
    partner = make_partner()
    output = _call("--file", str(feed_path("sham_rss.xml")), "--source", partner.slug)
    run = FeedRun.objects.get()
    assert (run.items_seen, run.items_new, run.items_duplicate) == (5, 3, 2)
    lines = output.strip().splitlines()
    assert lines[0] == f"{run.location}: {run.summary()}"
    assert len(lines) == 2  # the run, then the closing summary
    assert Article.objects.filter(source=partner, status=Article.Status.DRAFT).count() == 3


def test_ingest_feeds_dry_run_keeps_nothing():
    partner = make_partner()
    output = _call("--file", str(feed_path("sham_rss.xml")), "--source", partner.slug, "--dry-run")
    assert output.strip()
    assert not Article.objects.exists() and not FeedRun.objects.exists()


def test_ingest_feeds_file_with_feed_uses_its_defaults():
    partner = make_partner()
    feed = make_feed(partner, language="ar")
    _call("--file", str(feed_path("halab_atom.xml")), "--feed", str(feed.pk))
    assert IngestedItem.objects.filter(feed=feed).count() == 2


def test_ingest_feeds_runs_due_feeds_with_progress_lines(feed_server):
    partner = make_partner()
    good = make_feed(partner, url=feed_server.url("/feed.xml"), name="الرئيسية")
    bad = make_feed(partner, url=feed_server.url("/attack"), name="مشبوهة")
    output = _call()
    lines = output.strip().splitlines()
    assert lines[0].startswith("[1/2]") and lines[1].startswith("[2/2]")
    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.last_run.error_message() == "" and bad.last_run.error_message() in output
    assert IngestedItem.objects.count() == 3
    # Both were just read, so nothing is due on a second pass: only the closing line.
    assert len(_call().strip().splitlines()) == 1
    assert FeedRun.objects.count() == 2


def test_ingest_feeds_single_feed_even_when_not_due(feed_server):
    feed = make_feed(make_partner(), url=feed_server.url("/feed.xml"))
    _call("--feed", str(feed.pk))
    _call("--feed", str(feed.pk))
    assert list(FeedRun.objects.values_list("status", flat=True).order_by("pk")) == ["ok", "not_modified"]


def test_ingest_feeds_source_option_limits_to_its_feeds(feed_server):
    partner, other = make_partner(), make_partner(slug="other")
    make_feed(partner, url=feed_server.url("/feed.xml"))
    make_feed(other, url=feed_server.url("/redirect/1"))
    _call("--source", partner.slug)
    assert list(FeedRun.objects.values_list("source__slug", flat=True)) == ["sham"]


def test_ingest_feeds_loop_runs_until_interrupted(feed_server, monkeypatch):
    make_feed(make_partner(), url=feed_server.url("/feed.xml"))
    sleeps = []

    def fake_sleep(seconds):
        sleeps.append(seconds)
        if len(sleeps) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr("articles.management.commands.ingest_feeds.time.sleep", fake_sleep)
    _call("--loop", "--interval", "30")
    assert sleeps == [30, 30]
    assert FeedRun.objects.count() == 1  # the second pass found nothing due


@pytest.mark.parametrize(
    "args",
    [
        ["--file", "x.xml"],
        ["--source", "nobody"],
        ["--feed", "999"],
        ["--file", "x.xml", "--source", "sham", "--loop"],
    ],
)
def test_ingest_feeds_refuses_bad_options(args):
    make_partner()
    with pytest.raises(CommandError):
        _call(*args)


def test_ingest_feeds_failed_file_raises_command_error(tmp_path):
    partner = make_partner()
    with pytest.raises(CommandError):
        _call("--file", str(tmp_path / "absent.xml"), "--source", partner.slug)
    assert FeedRun.objects.get().error_code == "file"
