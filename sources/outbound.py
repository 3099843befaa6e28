"""The one way out: every HTTP request Khabar sends to an address that someone typed in.

Partner feeds, the CDN purge and webhooks; every later channel goes through here too, never through a
bare HTTP client. An address an editor can type is an address an attacker can type, so:

- the name is resolved once per hop, and a target on a loopback, private, link-local,
  multicast, reserved or unspecified address is refused, as is an IPv6 address that wraps an
  IPv4 one (IPv4-mapped or -compatible; NAT64, 6to4 and Teredo forms of an internal IPv4
  address). Odd spellings (``127.1``, ``2130706433``, ``0x7f.1``) resolve like any name and
  are refused by what they resolve to. A name with any internal address is refused whole;
- the connection goes to the address that was checked, never to a second look-up of the
  name (DNS rebinding), while the Host header, TLS SNI and the certificate check keep the
  real name;
- redirects are followed here, hop by hop, with the same checks, to http and https only, up
  to a limit;
- one deadline covers the whole exchange (every hop, connecting, TLS, each read and write),
  so a server trickling one byte at a time cannot stretch it;
- every refused or failed target raises the same ``Unreachable``: the reason (closed port,
  refused address, TLS, a service that is not HTTP) goes to the server log only, so the
  error cannot be used to map the internal network.

``OUTBOUND_ALLOWED_HOSTS`` names hosts, or host:port, that may be reached although their
addresses are internal (a test server on 127.0.0.1, an intranet partner).
"""

import base64
import ipaddress
import logging
import re
import socket
import ssl
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from functools import cache
from urllib.parse import unquote, urlsplit

import httpcore
import httpx
from django.conf import settings

logger = logging.getLogger(__name__)

DEFAULT_PORTS = {"http": 80, "https": 443}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
# NAT64 (RFC 6052) carries an IPv4 address in its last 32 bits; the local-use prefix is private.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
# Sent on to the next hop only when it is the same origin.
_CREDENTIAL_HEADERS = ("authorization", "cookie", "proxy-authorization")

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class OutboundError(Exception):
    """A request that got no usable answer. ``str()`` is for the server log, never for users."""


class InvalidAddress(OutboundError):
    """The address given is not an http or https URL (decided before any network activity)."""


class Unreachable(OutboundError):
    """Refused (an internal address, another scheme) or failed (name, connection, TLS, protocol).

    One class on purpose: whoever sees the error cannot tell a refused address from a closed
    port or from a service that is not HTTP.
    """


class TooManyRedirects(OutboundError):
    """The address redirected more often than allowed."""


class Timeout(OutboundError):
    """No answer in time: ``total`` when the deadline of the whole exchange ran out."""

    def __init__(self, detail: str, *, total: bool) -> None:
        super().__init__(detail)
        self.total = total


@dataclass(frozen=True)
class Limits:
    """Seconds to connect, to wait for each read or write, and for the whole exchange; redirects."""

    connect: float
    read: float
    total: float
    redirects: int


# ---- Which addresses may be reached ----


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address a NAT64, 6to4 or Teredo address leads to, if it is one of those."""
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour is not None:
        return ip.sixtofour
    return ip.teredo[1] if ip.teredo else None


def address_is_public(address: str | Address) -> bool:
    """True only for a global unicast address: the only kind reached without being allowed by name."""
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if ip.version == 6:
        # IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d, with :: and ::1), local NAT64.
        if ip.ipv4_mapped is not None or int(ip) >> 32 == 0 or ip in _NAT64_LOCAL or ip.is_site_local:
            return False
        inner = _embedded_ipv4(ip)
        if inner is not None and not address_is_public(inner):
            return False
    internal = (
        ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified
    )
    return ip.is_global and not internal


def _same_host(entry: str, host: str) -> bool:
    entry, host = entry.lower().rstrip("."), host.lower().rstrip(".")
    try:
        return ipaddress.ip_address(entry) == ipaddress.ip_address(host)
    except ValueError:
        return entry == host


def host_is_allowed(host: str, port: int) -> bool:
    """Whether OUTBOUND_ALLOWED_HOSTS lets ``host`` (as written in the address) through on ``port``."""
    for entry in settings.OUTBOUND_ALLOWED_HOSTS:
        parts = urlsplit(f"//{entry.strip()}")
        try:
            entry_port = parts.port
        except ValueError:
            continue
        if parts.hostname and (entry_port is None or entry_port == port) and _same_host(parts.hostname, host):
            return True
    return False


def _resolve(host: str, port: int) -> list[str]:
    """Every address of ``host``, resolved once: these are checked, and only these are connected to."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise Unreachable(f"{host}: the name could not be resolved ({error})") from None
    return list(dict.fromkeys(info[4][0] for info in found))


def checked_addresses(url: httpx.URL) -> list[str]:
    """The addresses that ``url``'s host may be reached at; Unreachable if any of them is internal."""
    port = url.port or DEFAULT_PORTS[url.scheme]
    addresses = _resolve(url.raw_host.decode("ascii"), port)
    if host_is_allowed(url.host, port):
        return addresses
    refused = [address for address in addresses if not address_is_public(address)]
    if refused or not addresses:
        raise Unreachable(f"{url.host}:{port} resolves to {', '.join(refused) or 'nothing'}: not a public address")
    return addresses


# ---- Connecting only where the check said, within the deadline ----


def _time_left(deadline: float, timeout: float | None) -> float:
    """The shorter of an operation's own timeout and what is left of the whole exchange."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the deadline of the whole exchange has passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read, write and TLS handshake ends by the deadline at the latest."""

    def __init__(self, stream: httpcore.NetworkStream, deadline: float) -> None:
        self._stream = stream
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _time_left(self._deadline, timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _time_left(self._deadline, timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> httpcore.NetworkStream:
        # server_hostname is the real name: SNI and the certificate check use it, not the address.
        tls = self._stream.start_tls(ssl_context, server_hostname, _time_left(self._deadline, timeout))
        return _DeadlineStream(tls, self._deadline)

    def get_extra_info(self, info: str):
        return self._stream.get_extra_info(info)


class _PinnedBackend(httpcore.NetworkBackend):
    """Connects a (host, port) only to the addresses checked for it; it never resolves a name itself."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.pins: dict[tuple[str, int], list[str]] = {}
        self._backend = httpcore.SyncBackend()

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        addresses = self.pins.get((host, port))
        if not addresses:
            raise httpcore.ConnectError(f"{host}:{port} was not checked")
        failure: Exception | None = None
        for address in addresses:  # in the resolver's order, as socket.create_connection would
            try:
                stream = self._backend.connect_tcp(
                    address, port, _time_left(self.deadline, timeout), local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error
                continue
            return _DeadlineStream(stream, self.deadline)
        raise failure

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise httpcore.ConnectError("no Unix sockets")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


@cache
def _ssl_context() -> ssl.SSLContext:
    return httpx.create_ssl_context()


@contextmanager
def _errors_mapped(deadline: float) -> Iterator[None]:
    """httpcore's failures as this module's: a timeout, or the one neutral Unreachable."""
    try:
        yield
    except httpcore.TimeoutException as error:
        if time.monotonic() >= deadline:
            raise Timeout("the deadline of the whole exchange passed", total=True) from None
        if isinstance(error, httpcore.ConnectTimeout | httpcore.PoolTimeout):
            raise Unreachable(f"connecting timed out: {error}") from None
        raise Timeout(f"{error.__class__.__name__}: {error}", total=False) from None
    except (httpcore.NetworkError, httpcore.ProtocolError, httpcore.UnsupportedProtocol) as error:
        raise Unreachable(f"{error.__class__.__name__}: {error}") from None


# ---- Requests, hop by hop ----


class Response:
    """An answer being received: status, headers, the final address, and the body as it arrives."""

    def __init__(self, raw: httpcore.Response, url: httpx.URL, deadline: float) -> None:
        self._raw = raw
        self._deadline = deadline
        self.status = raw.status
        self.headers = httpx.Headers(raw.headers)
        self.url = str(url)

    @property
    def charset(self) -> str | None:
        """The charset named in Content-Type, if any."""
        message = Message()
        message["content-type"] = self.headers.get("content-type", "")
        return message.get_content_charset()

    def iter_raw(self) -> Iterator[bytes]:
        """The body as sent (still compressed if it was), chunk by chunk, within the deadline."""
        with _errors_mapped(self._deadline):
            yield from self._raw.iter_stream()


# A secret carried in the path (the Telegram Bot API's /bot<token>/) never reaches the log.
_PATH_SECRET = re.compile(r"/bot[^/]+/")


def loggable(url: str) -> str:
    """``url`` as the server log may show it: a bot token in the path masked."""
    return _PATH_SECRET.sub("/bot…/", url)


def _parse(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as error:
        raise InvalidAddress(str(error)) from None
    if parsed.scheme not in DEFAULT_PORTS or not parsed.host:
        raise InvalidAddress(f"not an http or https address: {url[:200]}")
    return parsed


def _origin(url: httpx.URL) -> tuple[str, str, int]:
    return url.scheme, url.host, url.port or DEFAULT_PORTS[url.scheme]


def _send(pool, backend: _PinnedBackend, method: str, url: httpx.URL, headers: httpx.Headers, content, limits: Limits):
    """One hop: check the host's addresses, pin them, and send the request to them."""
    backend.pins[(url.raw_host.decode("ascii"), url.port or DEFAULT_PORTS[url.scheme])] = checked_addresses(url)
    headers = httpx.Headers(headers)
    headers["Host"] = url.netloc.decode("ascii")
    if content is not None:
        headers["Content-Length"] = str(len(content))
    if url.userinfo and "authorization" not in headers:
        headers["Authorization"] = "Basic " + base64.b64encode(unquote(url.userinfo.decode()).encode()).decode()
    target = httpcore.URL(scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path)
    timeouts = {"connect": limits.connect, "read": limits.read, "write": limits.read, "pool": limits.connect}
    request = httpcore.Request(method, target, headers=headers.raw, content=content, extensions={"timeout": timeouts})
    return pool.handle_request(request)


def _next_hop(url: httpx.URL, location: str) -> httpx.URL:
    try:
        target = url.join(location)
    except httpx.InvalidURL as error:
        raise Unreachable(f"unreadable redirect to {location[:200]!r}: {error}") from None
    if target.scheme not in DEFAULT_PORTS or not target.host:
        raise Unreachable(f"redirect to a refused address: {location[:200]!r}")
    return target


def _follow(pool, backend, method: str, url: httpx.URL, headers: httpx.Headers, content, limits: Limits, follow: bool):
    """Send the request and follow its redirects, each hop checked as the first; the answer and its address."""
    for hop in range(limits.redirects + 1):
        response = _send(pool, backend, method, url, headers, content, limits)
        location = httpx.Headers(response.headers).get("location")
        if not follow or response.status not in REDIRECT_STATUSES or not location:
            return response, url
        response.close()
        if hop == limits.redirects:
            break
        target = _next_hop(url, location)
        if _origin(target) != _origin(url):
            headers = httpx.Headers({k: v for k, v in headers.items() if k.lower() not in _CREDENTIAL_HEADERS})
        if response.status == 303 or (response.status in (301, 302) and method == "POST"):
            method, content = "GET", None
            headers.pop("content-type", None)
        url = target
    raise TooManyRedirects(f"more than {limits.redirects} redirects")


@contextmanager
def stream(
    method: str,
    url: str,
    *,
    limits: Limits,
    headers: Mapping[str, str] | None = None,
    content: bytes | None = None,
    follow_redirects: bool = True,
) -> Iterator[Response]:
    """Send ``method`` to ``url`` through the guard, following redirects; yield the answer as it arrives.

    Without ``follow_redirects`` (webhooks) a redirect is the answer: its status is what the caller sees.

    Raises InvalidAddress, Unreachable (refused or failed: one error for both), TooManyRedirects
    or Timeout; the reason is logged here, for the server's eyes only.
    """
    target = _parse(url)
    deadline = time.monotonic() + limits.total
    backend = _PinnedBackend(deadline)
    try:
        with httpcore.ConnectionPool(ssl_context=_ssl_context(), network_backend=backend) as pool:
            with _errors_mapped(deadline):
                raw, final = _follow(
                    pool, backend, method.upper(), target, httpx.Headers(headers or {}), content, limits, follow_redirects
                )
            try:
                yield Response(raw, final, deadline)
            finally:
                raw.close()
    except Unreachable as error:
        logger.warning("Outbound %s %s was not reached: %s", method.upper(), loggable(url)[:500], error)
        raise
