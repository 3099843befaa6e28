"""Ingest fixtures: the project's feed files and a feed server on 127.0.0.1 (never the internet)."""

import gzip
import threading
import time
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

import pytest

FEEDS = Path(__file__).resolve().parent.parent / "feeds"
HUGE_BYTES = 50 * 1024 * 1024


def feed_path(name: str) -> Path:
    return FEEDS / name


@cache
def gzip_bomb() -> bytes:
    """50 MB of zeros, about 50 KB once compressed."""
    return gzip.compress(b"\0" * HUGE_BYTES, compresslevel=9)


class _Handler(BaseHTTPRequestHandler):
    server: "FeedServer"

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass

    def do_GET(self):
        self.server.requests.append({"path": self.path, "headers": dict(self.headers)})
        route = self.path.split("?")[0]
        try:
            if route.startswith("/redirect/"):
                hops = int(route.rsplit("/", 1)[1])
                target = f"/redirect/{hops - 1}" if hops > 1 else "/feed.xml"
                self._send(302, b"", headers={"Location": target})
            elif route == "/to":
                self._send(302, b"", headers={"Location": unquote(self.path.partition("?")[2])})
            elif route == "/feed.xml":
                self._feed()
            elif route == "/slow":
                time.sleep(1.5)
                self._send(200, feed_path("sham_rss.xml").read_bytes())
            elif route == "/slow-feed":
                self._slow_feed()
            elif route == "/drip":
                self._drip()
            elif route == "/huge":
                self._huge()
            elif route == "/huge-declared":
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(HUGE_BYTES))
                self.end_headers()
            elif route == "/gzip-bomb":
                self._send(200, gzip_bomb(), headers={"Content-Encoding": "gzip"})
            elif route == "/page":
                self._send(200, feed_path("not_a_feed.html").read_bytes(), content_type="text/html; charset=utf-8")
            elif route == "/attack":
                self._send(200, feed_path("billion_laughs.xml").read_bytes())
            elif route == "/legacy":
                # A legacy feed whose server labels its windows-1256 bytes as Latin-1.
                self._send(
                    200,
                    feed_path("legacy_undeclared_1256.xml").read_bytes(),
                    content_type="text/xml; charset=iso-8859-1",
                )
            else:
                self._send(404, b"not found", content_type="text/plain")
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            # The client stopped reading (a size limit or a timeout): that is the point of the test.
            pass

    def _send(self, status, body, *, content_type="application/rss+xml; charset=utf-8", headers=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(body)

    def _feed(self):
        etag, modified = '"sham-v1"', "Sun, 07 Dec 2025 09:00:00 GMT"
        if self.headers.get("If-None-Match") == etag or self.headers.get("If-Modified-Since") == modified:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self._send(200, feed_path("sham_rss.xml").read_bytes(), headers={"ETag": etag, "Last-Modified": modified})

    def _drip(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.end_headers()
        for _ in range(40):
            self.wfile.write(b" ")
            self.wfile.flush()
            time.sleep(0.05)

    def _slow_feed(self):
        # The whole feed, in ten pieces over a second: slow, but within every limit of the tests.
        body = feed_path("sham_rss.xml").read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        step = len(body) // 10 + 1
        for start in range(0, len(body), step):
            self.wfile.write(body[start : start + step])
            self.wfile.flush()
            time.sleep(0.1)

    def _huge(self):
        # 50 MB generated on the fly, without a Content-Length, so only streaming can stop it.
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.end_headers()
        chunk = b"<rss><channel>" + b"x" * (64 * 1024 - 14)
        sent = 0
        while sent < HUGE_BYTES:
            self.wfile.write(chunk)
            sent += len(chunk)


class FeedServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[dict] = []

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


@pytest.fixture
def feed_server(settings):
    """The feed server, let through the outbound guard by name and port (loopback is refused otherwise)."""
    server = FeedServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    settings.OUTBOUND_ALLOWED_HOSTS = [f"127.0.0.1:{server.server_address[1]}"]
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(autouse=True)
def _quick_ingest_limits(settings):
    settings.INGEST_CONNECT_TIMEOUT = 2
    settings.INGEST_READ_TIMEOUT = 0.5
    settings.INGEST_TOTAL_TIMEOUT = 5
    settings.INGEST_MAX_BYTES = 2 * 1024 * 1024
    settings.INGEST_MAX_REDIRECTS = 3
