"""`make run`: the development server and one background worker beside it; Ctrl-C stops both."""

import os
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the site (runserver) with one background worker (`manage.py worker`); Ctrl-C stops both."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, **options):
        # runserver's autoreloader runs this command again in a child (RUN_MAIN=true): one worker is enough.
        worker = None
        if os.environ.get("RUN_MAIN") != "true":
            # Quiet: the clock's periodic tasks would fill the console; failures are still logged.
            worker = subprocess.Popen([sys.executable, sys.argv[0], "worker", "--verbosity", "0"])  # noqa: S603
        try:
            call_command("runserver", options["addrport"])
        finally:
            if worker is not None:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
