"""The guarded outbound client: internal targets refused before any connection, on every hop.

Real traffic goes only to test servers on 127.0.0.1 that a test lets through with
OUTBOUND_ALLOWED_HOSTS; every other connection attempt is caught at the socket and recorded,
so "refused before any connection" is checked, not assumed.
"""

import shutil
import socket
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, unquote

import pytest

from sources import outbound

LIMITS = outbound.Limits(connect=2, read=2, total=5, redirects=3)

# Every kind of address that is not public, in the spellings an attacker would try.
INTERNAL_HOSTS = [
    "127.0.0.1",
    "127.8.9.10",
    "localhost",
    "0.0.0.0",
    "0",
    "[::1]",
    "[::]",
    "[::ffff:127.0.0.1]",
    "[::ffff:7f00:1]",
    "[0:0:0:0:0:ffff:7f00:1]",
    "[::127.0.0.1]",  # IPv4-compatible
    "169.254.169.254",  # cloud metadata
    "[fe80::1]",
    "[fec0::1]",  # site-local
    "10.0.0.1",
    "172.16.0.1",
    "192.168.1.1",
    "100.64.0.1",  # carrier-grade NAT
    "198.18.0.1",  # benchmarking
    "192.0.2.1",  # documentation
    "224.0.0.1",
    "[ff02::1]",
    "240.0.0.1",
    "255.255.255.255",
    "[fc00::1]",
    "[64:ff9b::7f00:1]",  # NAT64 of 127.0.0.1
    "[64:ff9b::a9fe:a9fe]",  # NAT64 of 169.254.169.254
    "[64:ff9b:1::1]",  # local-use NAT64
    "[2002:7f00:1::1]",  # 6to4 of 127.0.0.1
    "[2002:a9fe:a9fe::1]",  # 6to4 of 169.254.169.254
    "[2001:0:4136:e378:8000:63bf:80ff:fffe]",  # Teredo, client 127.0.0.1
    "127.1",
    "2130706433",
    "0x7f.1",
    "0x7f000001",
    "017700000001",
]


class _Handler(BaseHTTPRequestHandler):
    server: "Server"

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass

    def do_GET(self):
        self.server.seen.append({"path": self.path, "host": self.headers.get("Host"), "headers": dict(self.headers)})
        route, _, query = self.path.partition("?")
        try:
            if route == "/ok":
                self._send(200, b"hello", {"Content-Type": "application/rss+xml; charset=UTF-8"})
            elif route == "/to":
                self._send(302, b"", {"Location": unquote(query)})
            elif route.startswith("/hops/"):
                left = int(route.rsplit("/", 1)[1])
                self._send(302, b"", {"Location": f"/hops/{left - 1}" if left > 1 else "/ok"})
            elif route == "/trickle":
                self._trickle(headers_first=True)
            elif route == "/trickle-headers":
                self._trickle(headers_first=False)
            else:
                self._send(404, b"no")
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            pass  # the client hung up: a deadline did its job

    def do_POST(self):  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.seen.append({"path": self.path, "body": body, "headers": dict(self.headers)})
        self._send(200, b"ok")

    def _send(self, status, body, headers=None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _trickle(self, *, headers_first: bool):
        """One byte every 50 ms for up to 10 s: each read is quick, only a total deadline stops it."""
        if headers_first:
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            self.wfile.flush()
        message = b"HTTP/1.0 200 OK\r\nX-Slow: " + b"x" * 500 if not headers_first else b"x" * 200
        for byte in message:
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(0.05)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.seen: list[dict] = []

    @property
    def port(self) -> int:
        return self.server_address[1]

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


def _serve(server):
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return thread


@pytest.fixture
def server():
    server = Server()
    thread = _serve(server)
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def _get(url: str, limits: outbound.Limits = LIMITS, **kwargs) -> tuple[int, bytes]:
    with outbound.stream("GET", url, limits=limits, **kwargs) as response:
        return response.status, b"".join(response.iter_raw())


def _refused(url: str, **kwargs) -> outbound.OutboundError:
    with pytest.raises(outbound.OutboundError) as caught:
        _get(url, **kwargs)
    return caught.value


@pytest.mark.parametrize("host", INTERNAL_HOSTS)
def test_every_internal_address_is_refused_before_any_connection(host, connections):
    error = _refused(f"http://{host}:8080/feed.xml")
    assert type(error) is outbound.Unreachable
    assert connections.attempted == []


@pytest.mark.parametrize("host", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "1.1.1.1"])
def test_public_addresses_pass_the_check(host):
    assert outbound.address_is_public(host)


@pytest.mark.parametrize(
    ("name", "addresses"),
    [
        ("intranet.example", ["10.1.2.3"]),
        ("metadata.example", ["169.254.169.254"]),
        ("loopback6.example", ["::1"]),
        ("mapped.example", ["::ffff:127.0.0.1"]),
        # One internal address is enough: the name is refused whole, whichever would be tried first.
        ("mixed.example", ["93.184.216.34", "127.0.0.1"]),
    ],
)
def test_names_resolving_to_internal_addresses_are_refused(name, addresses, dns, connections):
    dns[name] = [addresses]
    assert type(_refused(f"https://{name}/rss")) is outbound.Unreachable
    assert connections.attempted == []


def test_dns_rebinding_cannot_move_the_connection_after_the_check(dns, connections):
    # The first answer passes the check; any later look-up would say loopback.
    dns["rebind.example"] = [["93.184.216.34"], ["127.0.0.1"]]
    assert type(_refused("http://rebind.example/rss")) is outbound.Unreachable
    # The only connection attempted went to the checked address (the test's socket refused it).
    assert connections.attempted == [("93.184.216.34", 80)]
    assert dns.asked.count("rebind.example") == 1


def test_a_pinned_connection_keeps_the_real_name_in_the_host_header(server, dns, connections, settings):
    settings.OUTBOUND_ALLOWED_HOSTS = [f"feeds.test:{server.port}"]
    dns["feeds.test"] = [["127.0.0.1"], ["10.9.9.9"]]
    connections.permit(server.port)
    assert _get(server.url("/ok", host="feeds.test")) == (200, b"hello")
    assert server.seen[0]["host"] == f"feeds.test:{server.port}"
    assert connections.attempted == [("127.0.0.1", server.port)]
    assert dns.asked.count("feeds.test") == 1  # the connection did not look the name up again


def test_an_allowed_loopback_server_is_reached_and_other_ports_are_not(server, connections, settings):
    settings.OUTBOUND_ALLOWED_HOSTS = [f"127.0.0.1:{server.port}"]
    connections.permit(server.port)
    with outbound.stream("GET", server.url("/ok"), limits=LIMITS) as response:
        assert (response.status, response.charset, response.url) == (200, "utf-8", server.url("/ok"))
        assert response.headers["content-type"].startswith("application/rss+xml")
    assert type(_refused(f"http://127.0.0.1:{server.port + 1}/ok")) is outbound.Unreachable
    assert connections.attempted == [("127.0.0.1", server.port)]


@pytest.mark.parametrize(
    "location",
    [
        "http://127.0.0.1:{other}/ok",
        "http://localhost:{port}/ok",
        "http://[::1]:{port}/ok",
        "http://0x7f.1:{port}/ok",
        "http://[::ffff:127.0.0.1]:{port}/ok",
        "http://169.254.169.254/latest/meta-data/",
        "//10.0.0.1/feed",
        "https://192.168.0.1/",
        "file:///etc/passwd",
        "gopher://127.0.0.1:6379/_INFO",
        "ftp://127.0.0.1/feed",
    ],
)
def test_redirects_from_an_allowed_server_to_internal_targets_are_refused(location, server, connections, settings):
    settings.OUTBOUND_ALLOWED_HOSTS = [f"127.0.0.1:{server.port}"]
    connections.permit(server.port)
    target = location.format(port=server.port, other=server.port + 1)
    assert type(_refused(server.url("/to?" + quote(target, safe="")))) is outbound.Unreachable
    assert len(server.seen) == 1
    assert set(connections.attempted) == {("127.0.0.1", server.port)}


def test_without_following_redirects_the_redirect_is_the_answer(server, connections, settings):
    """Webhooks: a 3xx is the receiver's answer, and its Location (here loopback's metadata port) is never visited."""
    settings.OUTBOUND_ALLOWED_HOSTS = [f"127.0.0.1:{server.port}"]
    connections.permit(server.port)
    status, _body = _get(server.url("/to?" + quote("http://127.0.0.1:9/secret", safe="")), follow_redirects=False)
    assert status == 302 and len(server.seen) == 1
    assert set(connections.attempted) == {("127.0.0.1", server.port)}


def test_redirects_are_followed_up_to_the_limit(server, settings):
    settings.OUTBOUND_ALLOWED_HOSTS = [f"127.0.0.1:{server.port}"]
    assert _get(server.url("/hops/3")) == (200, b"hello")
    assert type(_refused(server.url("/hops/4"))) is outbound.TooManyRedirects


def test_credentials_are_not_sent_on_to_another_origin(server, settings):
    other = Server()
    thread = _serve(other)
    try:
        settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1"]
        url = server.url("/to?" + quote(other.url("/ok"), safe=""))
        assert _get(url, headers={"Authorization": "Bearer secret"}) == (200, b"hello")
        assert server.seen[0]["headers"]["Authorization"] == "Bearer secret"
        assert "Authorization" not in other.seen[0]["headers"]
    finally:
        other.shutdown()
        other.server_close()
        thread.join(timeout=5)


@pytest.mark.parametrize("path", ["/trickle", "/trickle-headers"])
def test_a_trickling_server_is_stopped_by_the_total_deadline(path, server, settings):
    settings.OUTBOUND_ALLOWED_HOSTS = [f"127.0.0.1:{server.port}"]
    limits = outbound.Limits(connect=2, read=2, total=0.6, redirects=3)
    started = time.monotonic()
    error = _refused(server.url(path), limits=limits)
    elapsed = time.monotonic() - started
    assert type(error) is outbound.Timeout and error.total
    assert 0.55 < elapsed < 1.5  # the deadline, not the 2-second read timeout nor the 10-second trickle


def test_refused_closed_and_non_http_targets_raise_one_and_the_same_error(server, settings, dns):
    """A port scanner would need them to differ: a refused address, a closed port, Redis, a bad name."""
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
    settings.OUTBOUND_ALLOWED_HOSTS = [f"127.0.0.1:{redis.getsockname()[1]}", f"127.0.0.1:{closed_port}"]
    errors = [
        _refused(f"http://127.0.0.1:{redis.getsockname()[1]}/"),
        _refused(f"http://127.0.0.1:{closed_port}/"),
        _refused(server.url("/ok")),  # a live HTTP service, but not allowed
        _refused("http://no-such-host.example/"),
    ]
    thread.join(timeout=5)
    redis.close()
    assert [type(error) for error in errors] == [outbound.Unreachable] * 4


@pytest.mark.parametrize("url", ["file:///etc/passwd", "gopher://example.com/", "http://", "not a url"])
def test_addresses_that_are_not_http_are_invalid_before_any_network(url, connections):
    assert type(_refused(url)) is outbound.InvalidAddress
    assert connections.attempted == []


# ---- TLS: the certificate is checked for the real name, not for the pinned address ----


@pytest.fixture
def tls_server(tmp_path):
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1"]
        + ["-subj", "/CN=feeds.test", "-addext", "subjectAltName=DNS:feeds.test", "-keyout", key, "-out", cert],
        check=True,
        capture_output=True,
    )
    server = Server()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = _serve(server)
    yield server, ssl.create_default_context(cafile=str(cert))
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_tls_uses_the_real_name_while_connecting_to_the_checked_address(tls_server, dns, settings, monkeypatch):
    server, trusted = tls_server
    monkeypatch.setattr(outbound, "_ssl_context", lambda: trusted)
    settings.OUTBOUND_ALLOWED_HOSTS = ["feeds.test", "other.test"]
    dns["feeds.test"] = [["127.0.0.1"]]
    dns["other.test"] = [["127.0.0.1"]]
    assert _get(f"https://feeds.test:{server.port}/ok") == (200, b"hello")
    # Same address, another name: the certificate does not match it, so nothing is read.
    assert type(_refused(f"https://other.test:{server.port}/ok")) is outbound.Unreachable


def test_a_post_carries_its_body_with_its_length(server, connections, settings):
    """Webhooks and the CDN purge send a body: it arrives whole, with its Content-Length."""
    settings.OUTBOUND_ALLOWED_HOSTS = [f"127.0.0.1:{server.port}"]
    connections.permit(server.port)
    body = '{"event": "published", "headline": "خبر"}'.encode()
    with outbound.stream("POST", server.url("/hook"), limits=LIMITS, content=body) as response:
        assert response.status == 200
    assert server.seen[-1]["body"] == body
    assert server.seen[-1]["headers"]["Content-Length"] == str(len(body))
