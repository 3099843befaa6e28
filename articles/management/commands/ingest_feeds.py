"""Pull partner feeds into drafts: every due feed, one source's, one feed, or a local file."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from articles.ingest.services import feed_list_due, ingest_feeds, ingest_file
from articles.models import Feed, FeedRun
from sources.models import Source


class Command(BaseCommand):
    help = (
        "Read partner feeds and turn new items into attributed drafts. Without options, every due feed is read. "
        "Run it from cron (e.g. every 5 minutes) or keep it running with --loop."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", metavar="SLUG", help="Only this source's feeds (or the source of --file).")
        parser.add_argument("--feed", type=int, metavar="ID", help="Only this feed, whether due or not.")
        parser.add_argument("--file", metavar="PATH", help="Read a local feed file instead (needs --source or --feed).")
        parser.add_argument("--dry-run", action="store_true", help="Read and report, but keep nothing.")
        parser.add_argument(
            "--loop", action="store_true", help="Keep running, reading due feeds every --interval seconds."
        )
        parser.add_argument(
            "--interval", type=int, default=60, metavar="SECONDS", help="Pause between passes with --loop."
        )

    def handle(self, *args, **options):
        source = self._source(options["source"])
        feed = self._feed(options["feed"])
        if options["file"]:
            if options["loop"]:
                raise CommandError(gettext("--loop cannot be combined with --file."))
            source = source or (feed.source if feed else None)
            if source is None:
                raise CommandError(gettext("--file needs --source SLUG (or --feed ID) to know whose feed it is."))
            if feed and feed.source_id != source.pk:
                raise CommandError(
                    gettext("Feed %(feed)s does not belong to the source “%(source)s”.")
                    % {"feed": feed.pk, "source": source.slug}
                )
            run = ingest_file(options["file"], source=source, feed=feed, dry_run=options["dry_run"])
            self._report([run], options["dry_run"])
            if run.status == FeedRun.Status.FAILED:
                # The reason is on the line above; fail the exit status for scripts.
                raise CommandError(gettext("The file was not ingested."))
            return
        if not options["loop"]:
            self._report(self._pass(source, feed, options["dry_run"]), options["dry_run"])
            return
        if options["interval"] < 1:
            raise CommandError(gettext("--interval must be at least 1 second."))
        self.stdout.write(
            ngettext(
                "Reading due feeds every %(seconds)d second; stop with Ctrl+C.",
                "Reading due feeds every %(seconds)d seconds; stop with Ctrl+C.",
                options["interval"],
            )
            % {"seconds": options["interval"]}
        )
        try:
            while True:
                runs = self._pass(source, feed, options["dry_run"])
                if runs:
                    self._report(runs, options["dry_run"])
                time.sleep(options["interval"])
        except KeyboardInterrupt:
            self.stdout.write(gettext("Stopped."))

    def _source(self, slug):
        if not slug:
            return None
        try:
            return Source.objects.get(slug=slug)
        except Source.DoesNotExist:
            raise CommandError(gettext("No source has the slug “%(slug)s”.") % {"slug": slug}) from None

    def _feed(self, pk):
        if pk is None:
            return None
        try:
            return Feed.objects.select_related("source").get(pk=pk)
        except Feed.DoesNotExist:
            raise CommandError(gettext("No feed has the id %(id)s.") % {"id": pk}) from None

    def _pass(self, source, feed, dry_run) -> list[FeedRun]:
        """One pass: the chosen feed, or the chosen source's active feeds, or every due feed."""
        if feed is not None:
            feeds, claim = [feed], False
        elif source is not None:
            feeds, claim = list(source.feeds.filter(is_active=True).select_related("source")), False
        else:
            feeds, claim = list(feed_list_due(timezone.now())), True
        runs = []
        total = len(feeds)
        for index, (current, run) in enumerate(ingest_feeds(feeds, dry_run=dry_run, claim=claim), start=1):
            label = f"[{index}/{total}] {current.source.slug} · {current}"
            if run is None:
                self.stdout.write(gettext("%(feed)s: being read by another runner, skipped.") % {"feed": label})
                continue
            runs.append(run)
            self._line(label, run)
        return runs

    def _line(self, label: str, run: FeedRun) -> None:
        if run.status == FeedRun.Status.FAILED:
            self.stdout.write(self.style.ERROR(f"{label}: {run.error_message()}"))
        elif run.status == FeedRun.Status.NOT_MODIFIED:
            self.stdout.write(f"{label}: {run.get_status_display()}")
        else:
            self.stdout.write(f"{label}: {run.summary()}")
        for note in run.note_messages():
            self.stdout.write(self.style.WARNING(f"    {note}"))

    def _report(self, runs: list[FeedRun], dry_run: bool) -> None:
        if len(runs) == 1 and runs[0].feed_id is None:
            self._line(runs[0].location, runs[0])
        failed = sum(run.status == FeedRun.Status.FAILED for run in runs)
        totals = {
            "feeds": len(runs),
            "seen": sum(run.items_seen for run in runs),
            "new": sum(run.items_new for run in runs),
            "duplicates": sum(run.items_duplicate for run in runs),
            "updated": sum(run.items_updated for run in runs),
            "errors": sum(run.items_failed for run in runs),
            "failed": failed,
        }
        line = (
            gettext(
                "Done. Feeds read: %(feeds)d, items seen: %(seen)d, new: %(new)d, duplicates: %(duplicates)d, "
                "updated: %(updated)d, item errors: %(errors)d, feeds failed: %(failed)d."
            )
            % totals
        )
        if dry_run:
            line += " " + gettext("Dry run: nothing was kept.")
        self.stdout.write(self.style.ERROR(line) if failed else self.style.SUCCESS(line))
