"""``make bench``: the benchmark of issue 8, run against a database of its own.

The command first re-runs itself with the benchmark's environment (its own database, DEBUG off,
production settings relaxed only where loopback HTTP needs it), then: migrates, writes the
synthetic corpus unless the database already holds one of the wanted size, serves the site with
gunicorn, loads each page with wrk beside the floors, takes the in-process measurements, and
writes ``var/bench/latest.{json,md,svg}``. See docs/benchmark.md.
"""

import json
import os
import secrets
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

CHILD_FLAG = "KHABAR_BENCH_CHILD"
DEFAULT_ARTICLES = 20_000
DEFAULT_SECONDS = 20
DEFAULT_DATABASE_NAME = "khabar_bench"


def bench_folder() -> Path:
    return Path(settings.VAR_DIR) / "bench"


def bench_database_url(environ: dict) -> str:
    """The benchmark's own database: BENCH_DATABASE_URL, else DATABASE_URL's server with the
    database ``khabar_bench`` (BENCH_DATABASE_NAME), else SQLite under var/bench/."""
    if environ.get("BENCH_DATABASE_URL"):
        return environ["BENCH_DATABASE_URL"]
    url = environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(url)
        return urlunsplit(parts._replace(path="/" + environ.get("BENCH_DATABASE_NAME", DEFAULT_DATABASE_NAME)))
    return f"sqlite:///{bench_folder() / 'bench.sqlite3'}"


def bench_environment(environ: dict, database_url: str) -> dict:
    """Production settings (DEBUG off) with what plain HTTP on 127.0.0.1 needs relaxed."""
    env = dict(environ)
    folder = bench_folder()
    env.update(
        {
            CHILD_FLAG: "1",
            "DATABASE_URL": database_url,
            "DEBUG": "0",
            "SECRET_KEY": environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            # Loopback HTTP: no redirect to HTTPS, no secure-only cookies, no HSTS, no proxy header.
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_HSTS_SECONDS": "0",
            "SECURE_PROXY_SSL_HEADER": "0",
            "SEARCH_RATE_LIMIT": "0",
            "API_RATE_LIMIT": "0",
            "CONN_MAX_AGE": environ.get("CONN_MAX_AGE", "600"),
            "STATIC_HASHED": "1",
            "STATIC_ROOT": str(folder / "static"),
            "MEDIA_ROOT": str(folder / "media"),
            "BENCH_FLOOR_VIEW": "1",
            "BENCH_QUERY_COUNT": "1",
            "INGEST_MAX_BYTES": str(50 * 1024 * 1024),
            "LOG_LEVEL": "ERROR",
        }
    )
    return env


def ensure_postgres_database(url: str) -> None:
    """Create the benchmark's PostgreSQL database when it does not exist yet."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


class Command(BaseCommand):
    help = "Benchmark the site (make bench): corpus, gunicorn + wrk against the floors, report in var/bench/."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=int(os.environ.get("BENCH_ARTICLES", DEFAULT_ARTICLES)))
        parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", DEFAULT_SECONDS)))
        parser.add_argument("--soak-seconds", type=int, default=int(os.environ.get("BENCH_SOAK_SECONDS", "0")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", "2")))
        parser.add_argument(
            "--report", metavar="JSON",
            help="Only redraw var/bench/latest.{json,md,svg} from a saved run (e.g. var/bench/runs/postgresql-100000.json).",
        )
        parser.add_argument(
            "--rebuild", action="store_true", default=os.environ.get("BENCH_REBUILD", "") not in ("", "0"),
            help="Write the corpus again even when the database holds one of the wanted size.",
        )

    def handle(self, *args, **options):
        if options["report"]:
            self._redraw(Path(options["report"]))
            return
        if options["articles"] < 1 or options["seconds"] < 1:
            raise CommandError("BENCH_ARTICLES and BENCH_SECONDS must be at least 1.")
        if not shutil.which("wrk"):
            raise CommandError("wrk is missing: as root run apt-get install wrk (make bench does it for you).")
        if os.environ.get(CHILD_FLAG) != "1":
            self._reexec()
        from tools.bench.run import Benchmark

        Benchmark(self, **options).run()

    def _redraw(self, path: Path) -> None:
        from tools.bench import report

        result = json.loads(path.read_text(encoding="utf-8"))
        comparison = report.smaller_run(path.parent, result)
        paths = report.write_reports(result, bench_folder(), comparison)
        self.stdout.write(paths["md"].read_text(encoding="utf-8"))

    def _reexec(self) -> None:
        url = bench_database_url(os.environ)
        if url.startswith(("postgres://", "postgresql://")):
            ensure_postgres_database(url)
        bench_folder().mkdir(parents=True, exist_ok=True)
        env = bench_environment(os.environ, url)
        self.stdout.write(f"Benchmark database: {url}")
        self.stdout.flush()
        manage = Path(settings.BASE_DIR) / "manage.py"
        os.execve(sys.executable, [sys.executable, str(manage), "bench", *sys.argv[2:]], env)  # noqa: S606
