"""Render and store every published story's page and API document (``articles.public.stored``).

The worker's periodic ``fill_renderings`` does the same a few seconds at a time; this command
does a whole pass at once, e.g. right after a deploy or after loading an archive, in several
processes with ``--processes``.
"""

import argparse
import subprocess
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils.translation import gettext, ngettext

from articles.public import stored

# How a child process (``--part``) tells its parent what it rendered: a line of its own, not a sentence.
RENDERED = "rendered="


class Command(BaseCommand):
    help = "Store the rendered page and API document of every published story lacking current ones, newest first."

    def add_arguments(self, parser):
        parser.add_argument("--processes", type=int, default=1, help=gettext("Render in this many processes (one per core)."))
        parser.add_argument("--part", default="", help=argparse.SUPPRESS)

    def handle(self, *args, processes, part, verbosity, **options):
        started = time.monotonic()
        if processes < 1:
            raise CommandError(gettext("--processes must be at least 1."))
        if processes > 1:
            rendered = self.in_processes(processes, verbosity)
        else:
            which = tuple(int(n) for n in part.split("/")) if part else None

            def progress(seen: int, done: int) -> None:
                self.stdout.write(
                    gettext("%(seen)s stories looked at, %(done)s rendered (%(seconds)d s)")
                    % {"seen": f"{seen:,}", "done": f"{done:,}", "seconds": time.monotonic() - started}
                )

            rendered = stored.fill(part=which, progress=progress if verbosity else None)
            if part:  # the parent adds up its children's counts from this line
                self.stdout.write(f"{RENDERED}{rendered}")
                return
        message = ngettext("Rendered %(count)s story in %(seconds).1f s.", "Rendered %(count)s stories in %(seconds).1f s.", rendered)
        self.stdout.write(self.style.SUCCESS(message % {"count": f"{rendered:,}", "seconds": time.monotonic() - started}))

    def in_processes(self, processes: int, verbosity: int) -> int:
        connections.close_all()
        command = [sys.executable, sys.argv[0], "render_stories", f"--verbosity={min(verbosity, 1)}"]
        children = [
            subprocess.Popen([*command, f"--part={i}/{processes}"], stdout=subprocess.PIPE, text=True)  # noqa: S603
            for i in range(processes)
        ]
        rendered = 0
        for child in children:
            output, _ = child.communicate()
            if child.returncode:
                raise CommandError(gettext("A rendering process failed (exit %(code)s).") % {"code": child.returncode})
            for line in output.splitlines():
                if line.startswith(RENDERED):
                    rendered += int(line.removeprefix(RENDERED))
                else:
                    self.stdout.write(line)
        return rendered
