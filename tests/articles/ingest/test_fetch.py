"""Fetching from a feed server on 127.0.0.1: conditional requests, limits, timeouts, redirects."""

import socket
import threading
import time
from urllib.parse import quote

import pytest

from articles.ingest.errors import IngestError
from articles.ingest.fetch import fetch

from .conftest import gzip_bomb


def _error(url: str) -> IngestError:
    with pytest.raises(IngestError) as caught:
        fetch(url)
    return caught.value


def test_fetch_sends_user_agent_and_returns_validators(feed_server, settings):
    result = fetch(feed_server.url("/feed.xml"))
    assert not result.not_modified and result.content.startswith(b"<?xml")
    assert result.etag == '"sham-v1"' and result.last_modified == "Sun, 07 Dec 2025 09:00:00 GMT"
    assert feed_server.requests[0]["headers"]["User-Agent"] == settings.INGEST_USER_AGENT


def test_fetch_conditional_request_answers_not_modified(feed_server):
    first = fetch(feed_server.url("/feed.xml"))
    again = fetch(feed_server.url("/feed.xml"), etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and again.content == b""
    assert feed_server.requests[1]["headers"]["If-None-Match"] == '"sham-v1"'


def test_fetch_follows_a_few_redirects(feed_server):
    result = fetch(feed_server.url("/redirect/2"))
    assert result.url.endswith("/feed.xml") and result.content


def test_fetch_refuses_too_many_redirects(feed_server):
    assert _error(feed_server.url("/redirect/5")).code == "too_many_redirects"


def test_fetch_read_timeout(feed_server):
    started = time.monotonic()
    assert _error(feed_server.url("/slow")).code == "timeout"
    assert time.monotonic() - started < 1.5


def test_fetch_overall_deadline_stops_a_dripping_server(feed_server, settings):
    settings.INGEST_TOTAL_TIMEOUT = 0.5
    started = time.monotonic()
    assert _error(feed_server.url("/drip")).code == "timeout"
    assert time.monotonic() - started < 1.5


def test_fetch_stops_a_50_mb_stream_at_the_limit(feed_server):
    started = time.monotonic()
    error = _error(feed_server.url("/huge"))
    assert error.code == "too_large" and error.params == {"megabytes": "2"}
    assert time.monotonic() - started < 5


def test_fetch_refuses_a_declared_huge_length_without_reading(feed_server):
    assert _error(feed_server.url("/huge-declared")).code == "too_large"


def test_fetchgzip_bomb_is_stopped_at_the_limit(feed_server):
    gzip_bomb()  # compress it before the request, not while the client's read timeout runs
    assert _error(feed_server.url("/gzip-bomb")).code == "too_large"


def test_fetch_http_error_and_unreachable_server(feed_server):
    error = _error(feed_server.url("/missing"))
    assert error.code == "http_status" and error.params == {"status": "404"}
    feed_server.shutdown()
    feed_server.server_close()
    assert _error(feed_server.url("/feed.xml")).code == "unreachable"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:6379/",
        "http://localhost:8000/rss",
        "http://[::1]/rss",
        "http://0.0.0.0:5432/",
        "http://[::ffff:127.0.0.1]/rss",
        "http://169.254.169.254/latest/meta-data/",
        "http://2130706433/rss",
        "http://10.0.0.8/rss",
    ],
)
def test_fetch_refuses_internal_addresses_before_connecting(url, connections):
    error = _error(url)
    assert (error.code, error.params) == ("unreachable", {})
    assert connections.attempted == []


def test_fetch_refuses_a_redirect_to_an_internal_address(feed_server, connections):
    connections.permit(feed_server.server_address[1])
    error = _error(feed_server.url("/to?" + quote("http://169.254.169.254/latest/meta-data/", safe="")))
    assert error.code == "unreachable"
    assert [request["path"].split("?")[0] for request in feed_server.requests] == ["/to"]


def test_fetch_refuses_a_name_resolving_to_an_internal_address(dns, connections):
    dns["partner-intranet.example"] = [["192.168.10.5"]]
    assert _error("https://partner-intranet.example/rss").code == "unreachable"
    assert connections.attempted == []


def test_editors_cannot_tell_a_closed_port_from_redis_from_a_refused_address(feed_server, settings):
    """The port scanner of the issue: each target once gave a different message."""
    redis = socket.create_server(("127.0.0.1", 0))
    closed = socket.create_server(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()

    def answer_like_redis():
        connection, _address = redis.accept()
        with connection:
            connection.recv(1024)
            connection.sendall(b"-ERR unknown command 'GET'\r\n")

    thread = threading.Thread(target=answer_like_redis, daemon=True)
    thread.start()
    redis_port = redis.getsockname()[1]
    settings.OUTBOUND_ALLOWED_HOSTS = [f"127.0.0.1:{redis_port}", f"127.0.0.1:{closed_port}"]
    errors = [
        _error(f"http://127.0.0.1:{redis_port}/"),
        _error(f"http://127.0.0.1:{closed_port}/"),
        _error(feed_server.url("/feed.xml")),  # a live HTTP server, no longer allowed
        _error("http://127.0.0.1:6379/"),
    ]
    thread.join(timeout=5)
    redis.close()
    messages = {str(error) for error in errors}
    assert {error.code for error in errors} == {"unreachable"} and len(messages) == 1
    message = messages.pop()
    for leak in ("refused", "Errno", "ERR", str(redis_port), str(closed_port), "6379", "127.0.0.1"):
        assert leak not in message


def test_fetch_refuses_non_http_address():
    assert _error("file:///etc/passwd").code == "bad_address"
