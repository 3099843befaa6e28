"""Serving the site with gunicorn and loading it with wrk, over loopback."""

import math
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def free_port() -> int:
    """A TCP port nobody listens on at 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _ms(value: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value.strip())
    if not match:
        raise ValueError(f"Unexpected wrk duration {value!r}")
    return float(match.group(1)) * _UNITS_MS[match.group(2)]


def parse_wrk(output: str) -> dict:
    """Requests per second, p50/p99 latency, requests and failures from ``wrk --latency`` output."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if not rps:
        raise ValueError(f"wrk gave no result:\n{output}")
    percentiles = {int(p): _ms(v) for p, v in re.findall(r"^\s+(\d+)%\s+(\S+)\s*$", output, flags=re.MULTILINE)}
    total = re.search(r"(\d+) requests in", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    socket_errors = sum(int(n) for n in sockets.groups()) if sockets else 0
    return {
        "rps": round(float(rps.group(1)), 1),
        "p50_ms": round(percentiles.get(50, math.nan), 2),
        "p99_ms": round(percentiles.get(99, math.nan), 2),
        "requests": int(total.group(1)) if total else 0,
        "errors": (int(non_2xx.group(1)) if non_2xx else 0) + socket_errors,
    }


def rotation_script(paths: list[str]) -> str:
    """A wrk Lua script sending GET requests to ``paths`` in turn."""
    quoted = ", ".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
    return (
        f"local paths = {{{quoted}}}\n"
        "local i = 0\n"
        "request = function()\n"
        "  i = i % #paths + 1\n"
        '  return wrk.format("GET", paths[i])\n'
        "end\n"
    )


def run_wrk(url: str, *, connections: int, seconds: int, threads: int = 2, script: str | None = None) -> dict:
    command = ["wrk", f"-t{min(threads, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        if script:
            handle.write(script)
    try:
        if script:
            command += ["-s", handle.name]
        completed = subprocess.run([*command, url], capture_output=True, text=True, timeout=seconds + 60, check=False)  # noqa: S603
    finally:
        os.unlink(handle.name)
    if completed.returncode != 0:
        raise RuntimeError(f"wrk failed: {completed.stderr or completed.stdout}")
    drain(url)
    return parse_wrk(completed.stdout)


def drain(url: str) -> None:
    """Wait until the server has worked through the requests wrk left queued when it stopped.

    gunicorn's sync workers take queued connections in order, so once a fresh request is
    answered the backlog is gone and the next measurement starts on an idle server.
    """
    parts = urlsplit(url)
    with httpx.Client(timeout=120) as client:
        for _ in range(2):
            client.get(f"{parts.scheme}://{parts.netloc}/healthz")


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def child_pids(pid: int) -> list[int]:
    children = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        children += [int(n) for n in text]
    return sorted(children)


@dataclass
class Server:
    """gunicorn serving cms.wsgi on a free loopback port with the given environment."""

    env: dict
    workers: int = 2
    log: Path | None = None
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> "Server":
        log = open(self.log or os.devnull, "ab")  # noqa: SIM115 - kept open for the server's life
        self.process = subprocess.Popen(  # noqa: S603
            [
                sys.executable, "-m", "gunicorn", "cms.wsgi:application",
                "--bind", f"127.0.0.1:{self.port}",
                "--workers", str(self.workers),
                "--timeout", "60",
                "--graceful-timeout", "5",
                "--error-logfile", "-",
            ],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log}")
            try:
                if httpx.get(f"{self.base}/healthz", timeout=2).status_code < 500:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s; see {self.log}")

    def worker_rss_mb(self) -> list[float]:
        return [rss_mb(pid) for pid in child_pids(self.process.pid)] if self.process else []

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def probe(url: str, *, times: int = 4, headers: dict | None = None) -> dict:
    """Fetch ``url`` a few times, one request at a time; report the last answer's status, size,
    SQL query count (the X-Query-Count header) and any cookies set to the anonymous reader."""
    set_cookies: set[str] = set()
    response = None
    queries = []
    with httpx.Client(headers=headers, timeout=30) as client:
        for _ in range(times):
            response = client.get(url)
            queries.append(int(response.headers.get("x-query-count", "-1")))
            for header in response.headers.get_list("set-cookie"):
                set_cookies.add(header.split("=", 1)[0])
    return {
        "status": response.status_code,
        "bytes": len(response.content),
        # The steady state: each worker's first answer may fill caches (or, with the page cache
        # on, render the page) that later requests reuse.
        "queries": min(queries),
        # The first answer of the probe's worker: what building the page's parts costs.
        "queries_first": max(queries),
        "cookies": sorted(set_cookies),
    }


def warm(base: str, paths: list[str], *, parallel: int) -> None:
    """Ask for every page ``parallel`` times at once, twice over, so that each worker answers it
    at least once (a busy worker leaves the next connection to another)."""
    with httpx.Client(timeout=120, limits=httpx.Limits(max_connections=parallel)) as client:
        for _round in range(2):
            for path in paths:
                with ThreadPoolExecutor(max_workers=parallel) as pool:
                    list(pool.map(client.get, [base + path] * parallel))


def timed_get(url: str, *, times: int, headers: dict | None = None) -> tuple[list[float], dict]:
    """Milliseconds of ``times`` sequential GETs after one warm-up, and the last probe facts."""
    timings = []
    with httpx.Client(headers=headers, timeout=60) as client:
        response = client.get(url)
        for _ in range(times):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
    facts = {
        "status": response.status_code,
        "bytes": len(response.content),
        "queries": int(response.headers.get("x-query-count", "-1")),
    }
    return timings, facts
