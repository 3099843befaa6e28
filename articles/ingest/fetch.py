"""Fetch a feed over HTTP, politely and defensively.

Through ``sources.outbound``, the one way out: internal addresses refused on every hop,
connect and read timeouts plus a deadline for the whole download, a redirect limit. Here: a
size limit counted on the decompressed bytes as they stream in (so a gzip bomb stops as early
as a huge plain response), a descriptive User-Agent, and conditional requests: with the ETag
and Last-Modified of the previous answer, an unchanged feed costs one empty 304 response.
"""

import zlib
from dataclasses import dataclass

from django.conf import settings

from articles.ingest.errors import IngestError, too_large
from sources import outbound

ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"
)


@dataclass
class FetchResult:
    not_modified: bool
    content: bytes = b""
    charset: str | None = None
    etag: str = ""
    last_modified: str = ""
    url: str = ""


class _Decoder:
    """Decompress gzip or deflate with a ceiling on the output, chunk by chunk."""

    def __init__(self, encoding: str) -> None:
        encoding = (encoding or "").strip().lower()
        self.passthrough = encoding not in {"gzip", "x-gzip", "deflate"}
        # 47 = 32 + 15: accept both gzip and zlib headers.
        self.inflater = None if self.passthrough else zlib.decompressobj(47)

    def decode(self, data: bytes, room: int) -> bytes:
        """At most ``room + 1`` bytes of output, so going over the limit is detectable.

        zlib stops early only when the output reaches that ceiling; below it all input is used.
        """
        if self.passthrough:
            return data
        try:
            return self.inflater.decompress(data, room + 1)
        except zlib.error as error:
            raise IngestError("malformed", detail=str(error)) from None


def _read_body(response: outbound.Response, limit: int) -> bytes:
    """The decoded body, refused as soon as it passes ``limit`` bytes (the deadline is outbound's)."""
    decoder = _Decoder(response.headers.get("content-encoding", ""))
    body = bytearray()
    for raw in response.iter_raw():
        # Inflating stops at one byte past the room left, so a bomb never fully expands.
        body += decoder.decode(raw, limit - len(body))
        if len(body) > limit:
            raise too_large(limit)
    return bytes(body)


def _headers(etag: str, last_modified: str) -> dict[str, str]:
    headers = {"User-Agent": settings.INGEST_USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def fetch(url: str, *, etag: str = "", last_modified: str = "") -> FetchResult:
    """GET ``url``; return its bytes or ``not_modified``; raise IngestError with a readable code."""
    limit = settings.INGEST_MAX_BYTES
    limits = outbound.Limits(
        connect=settings.INGEST_CONNECT_TIMEOUT,
        read=settings.INGEST_READ_TIMEOUT,
        total=settings.INGEST_TOTAL_TIMEOUT,
        redirects=settings.INGEST_MAX_REDIRECTS,
    )
    try:
        with outbound.stream("GET", url, headers=_headers(etag, last_modified), limits=limits) as response:
            new_etag = response.headers.get("etag", "")[:500]
            new_modified = response.headers.get("last-modified", "")[:100]
            if response.status == 304:
                return FetchResult(
                    not_modified=True,
                    etag=new_etag or etag,
                    last_modified=new_modified or last_modified,
                    url=response.url,
                )
            if not 200 <= response.status < 300:
                raise IngestError("http_status", status=response.status)
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit and "content-encoding" not in response.headers:
                raise too_large(limit)
            return FetchResult(
                not_modified=False,
                content=_read_body(response, limit),
                charset=response.charset,
                etag=new_etag,
                last_modified=new_modified,
                url=response.url,
            )
    except outbound.TooManyRedirects:
        raise IngestError("too_many_redirects", limit=settings.INGEST_MAX_REDIRECTS) from None
    except outbound.Timeout as error:
        seconds = settings.INGEST_TOTAL_TIMEOUT if error.total else settings.INGEST_READ_TIMEOUT
        raise IngestError("timeout", seconds=f"{seconds:g}") from None
    except outbound.InvalidAddress as error:
        raise IngestError("bad_address", detail=str(error)) from None
    except outbound.Unreachable:
        # Refused or failed alike, and without the reason (outbound logged it): editors must not be
        # able to tell a closed port from an internal service.
        raise IngestError("unreachable") from None
