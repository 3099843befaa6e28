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

from articles.public import stored


class Command(BaseCommand):
    help = "Store the rendered page and API document of every published story lacking current ones, newest first."

    def add_arguments(self, parser):
        parser.add_argument("--processes", type=int, default=1, help="Render in this many processes (one per core).")
        parser.add_argument("--part", default="", help=argparse.SUPPRESS)

    def handle(self, *args, processes, part, verbosity, **options):
        started = time.monotonic()
        if processes < 1:
            raise CommandError("--processes must be at least 1.")
        if processes > 1:
            rendered = self.in_processes(processes, verbosity)
        else:
            which = tuple(int(n) for n in part.split("/")) if part else None

            def progress(seen: int, done: int) -> None:
                self.stdout.write(f"{seen:,} stories looked at, {done:,} rendered ({time.monotonic() - started:.0f} s)")

            rendered = stored.fill(part=which, progress=progress if verbosity else None)
        self.stdout.write(self.style.SUCCESS(f"Rendered {rendered:,} stories in {time.monotonic() - started:.1f} s."))

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
                raise CommandError(f"A rendering process failed (exit {child.returncode}).")
            last = output.strip().splitlines()[-1] if output.strip() else ""
            self.stdout.write(last)
            rendered += int(last.split()[1].replace(",", "")) if last.startswith("Rendered") else 0
        return rendered
