"""The task queue in tests: run what is queued in this process, or start real worker processes."""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def run_queued_tasks() -> None:
    """Run every task of the database queue that is ready now, in this process (a batch worker)."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id="test-batch", excluded_queue_names=[],
    ).run()


def database_url() -> str:
    """The test database as a URL, for worker processes to use the same one."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings.get("USER") or "postgres"
    return f"postgres://{user}@{settings.get('HOST') or '127.0.0.1'}:{settings.get('PORT') or 5432}/{settings['NAME']}"


class WorkerProcess:
    """`manage.py worker` in its own process, on the test database, stopped (or killed) by the test."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = {**os.environ, "DATABASE_URL": database_url(), "DEBUG": "1", **env}
        self.process: subprocess.Popen | None = None
        self.log = tempfile.TemporaryFile()

    def start(self) -> "WorkerProcess":
        self.process = subprocess.Popen(  # noqa: S603 - our own manage.py
            [sys.executable, str(ROOT / "manage.py"), "worker", "--interval", "0.1", "--verbosity", "0"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        return self

    def output(self) -> str:
        """What the worker printed (errors, tracebacks), for a failing test's message."""
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def _descendants(self) -> list[int]:
        """The worker's child processes and theirs (an RQ work horse runs in a session of its own)."""
        children: dict[int, list[int]] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        found, todo = [], [self.process.pid]
        while todo:
            kids = children.get(todo.pop(), [])
            found += kids
            todo += kids
        return found

    def kill(self) -> None:
        """Kill the worker and everything it started (an RQ worker's work horse too), with no chance to clean up."""
        if self.process and self.process.poll() is None:
            for pid in [self.process.pid, *self._descendants()]:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


def wait_until(predicate, timeout: float = 20, pause: float = 0.1):
    """Poll ``predicate`` until it returns something true; that value, or AssertionError after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(pause)
    raise AssertionError(f"not true within {timeout} s: {predicate.__doc__ or predicate}")
