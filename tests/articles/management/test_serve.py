"""`make run`'s one command: the site and a worker start together and stop together on Ctrl-C."""

import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.tasks import ROOT, WorkerProcess, database_url, wait_until

pytestmark = pytest.mark.django_db


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
            return response.status in (200, 503)
    except OSError:
        return False


def _cmdlines(pids: list[int]) -> list[str]:
    lines = []
    for pid in pids:
        try:
            lines.append(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:
            continue
    return lines


def test_serve_starts_the_site_and_one_worker_and_ctrl_c_stops_both():
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database_url(), "DEBUG": "1"}
    process = subprocess.Popen(  # noqa: S603 - our own manage.py
        [sys.executable, str(ROOT / "manage.py"), "serve", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    family = WorkerProcess({})
    family.process = process
    try:
        wait_until(lambda: _answers(f"http://127.0.0.1:{port}/healthz"), timeout=30)
        workers = [line for line in _cmdlines(family._descendants()) if " worker" in line]
        assert len(workers) == 1, workers
        children = family._descendants()
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C does in a terminal
        process.wait(20)
        wait_until(lambda: not _cmdlines(children), timeout=15)
    finally:
        family.kill()
        family.log.close()
