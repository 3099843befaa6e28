"""Turn feed bytes into entries: RSS and Atom through feedparser, JSON Feed through json.

The bytes are decoded here first (declared charset, then UTF-8, then the legacy Arabic
fallback, windows-1256 by default). Then a hardened XML parser (lxml: no entity substituted,
no DTD or external entity loaded, no network, libxml2's size limits on) reads the document
before feedparser does. A document with a DOCTYPE reaches feedparser only as that parser read
it, without the DOCTYPE and with its entity references dropped: no parser after it ever sees
an entity declaration, so entity expansion ("billion laughs") and external entities (files,
internal URLs) cannot happen, whatever comments or encodings surround them.
"""

import codecs
import io
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import feedparser
from django.conf import settings
from django.utils import timezone
from lxml import etree

from articles.ingest.errors import IngestError


@dataclass
class Entry:
    guid: str
    link: str
    title: str
    body: str
    summary: str = ""
    author: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    categories: list[str] = field(default_factory=list)


@dataclass
class ParsedFeed:
    format: str  # "rss", "atom" or "json" (Feed.Format values)
    title: str = ""
    link: str = ""
    language: str = ""
    encoding: str = "utf-8"
    entries: list[Entry] = field(default_factory=list)


_XML_DECL = re.compile(r"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']", re.I)
_XML_DECL_BYTES = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']", re.I)
_LATIN_CHARSETS = {"iso8859-1", "latin-1", "cp1252", "ascii"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def _arabic_share(text: str) -> float:
    """Of the non-ASCII characters (markup is ASCII), the share that are Arabic."""
    wide = [ch for ch in text if ord(ch) > 127]
    return sum("\u0600" <= ch <= "\u06ff" for ch in wide) / len(wide) if wide else 0.0


def decode(data: bytes, charset: str | None = None) -> tuple[str, str]:
    """The document as text and the encoding used.

    Order: a byte-order mark; the charset from the HTTP header; the XML declaration; UTF-8;
    then ``INGEST_FALLBACK_ENCODING``. A feed labelled Latin-1/windows-1252 whose bytes are
    really windows-1256 Arabic (a common mislabel) is read as Arabic.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace"), codecs.lookup(name).name
    fallback = _codec(settings.INGEST_FALLBACK_ENCODING) or "cp1256"
    declared = _codec(charset)
    if declared is None:
        match = _XML_DECL_BYTES.match(data[:512])
        declared = _codec(match.group(1).decode("ascii")) if match else None
    candidates = [declared] if declared else []
    candidates += ["utf-8", fallback]
    for name in candidates:
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        if name in _LATIN_CHARSETS and _arabic_share(data.decode(fallback, errors="replace")) > 0.5:
            return data.decode(fallback, errors="replace"), fallback
        return text, name
    return data.decode(fallback, errors="replace"), fallback


def _xml_parser(*, recover: bool) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        no_network=True,
        huge_tree=False,
        strip_cdata=False,
        recover=recover,
    )


def _drop(node: etree._Element) -> None:
    """Remove ``node`` but keep the text that follows it."""
    parent = node.getparent()
    if node.tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


def without_doctype(data: bytes) -> bytes:
    """The XML document as feedparser may see it: never with a document type declaration.

    A document without one goes on unchanged (a damaged one too: feedparser reads what it can).
    One with a DOCTYPE must be well-formed, and goes on as the hardened parser read it, without
    the DOCTYPE and without the entity references it did not expand.
    """
    try:
        root, error = etree.fromstring(data, _xml_parser(recover=False)), None
    except etree.XMLSyntaxError as failure:
        error = failure
        try:
            # Read again, recovering what can be, only to learn whether there is a DOCTYPE.
            root = etree.fromstring(data, _xml_parser(recover=True))
        except etree.XMLSyntaxError:
            root = None  # not even an element: no DOCTYPE either
    if root is None or not root.getroottree().docinfo.doctype:
        return data
    if error is not None:
        raise IngestError("malformed", detail=str(error)[:200])
    for reference in list(root.iter(etree.Entity)):
        _drop(reference)
    return etree.tostring(root, encoding="utf-8")


def _to_datetime(parsed) -> datetime | None:
    if not parsed:
        return None
    try:
        value = datetime(*parsed[:6], tzinfo=UTC)
    except (TypeError, ValueError):
        return None
    # A date far in the future is a broken clock or a typo, not a publication time.
    return None if value > timezone.now() + timedelta(days=1) else value


def _parse_iso(value) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=UTC)
    return None if parsed > timezone.now() + timedelta(days=1) else parsed


def _looks_like_html(text: str) -> bool:
    return bool(re.search(r"<(!doctype\s+html|html[\s>])", text[:2048], re.I))


def _bozo(result) -> str:
    return str(result.get("bozo_exception") or "?")[:200]


def _looks_like_json(text: str) -> bool:
    return text.lstrip().startswith("{")


def parse(data: bytes, *, charset: str | None = None) -> ParsedFeed:
    """Parse a whole feed document; raise IngestError with a readable code if it is not one."""
    text, encoding = decode(data, charset)
    if _looks_like_json(text):
        feed = _parse_json(text)
    else:
        feed = _parse_xml(text)
    feed.encoding = encoding
    return feed


def _parse_xml(text: str) -> ParsedFeed:
    # The text is already decoded: hand feedparser UTF-8 bytes and say so, whatever the
    # document's own declaration claimed.
    text = re.sub(r"^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*[\"'][^\"']*[\"']", r"\1", text, count=1)
    # No content-location: feedparser would resolve GUIDs against it, so an item's identity
    # would change with the feed's address. Links are made absolute by the ingest instead.
    headers = {"content-type": "application/xml; charset=utf-8"}
    result = feedparser.parse(
        io.BytesIO(without_doctype(text.encode("utf-8"))),
        response_headers=headers,
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    version = result.get("version") or ""
    if result.get("bozo") and not result.entries:
        # Broken and nothing usable in it; a damaged feed that still yields items is read.
        if not version:
            raise (
                IngestError("not_a_feed") if _looks_like_html(text) else IngestError("malformed", detail=_bozo(result))
            )
        raise IngestError("malformed", detail=_bozo(result))
    if not version:
        raise IngestError("not_a_feed")
    fmt = "atom" if version.startswith("atom") else "rss"
    info = result.feed
    feed = ParsedFeed(
        format=fmt, title=info.get("title", ""), link=info.get("link", ""), language=info.get("language", "")
    )
    for item in result.entries:
        body = ""
        if item.get("content"):
            # Prefer the HTML representation, then the longest.
            contents = sorted(item.content, key=lambda c: ("html" in (c.get("type") or ""), len(c.get("value") or "")))
            body = contents[-1].get("value") or ""
        summary = item.get("summary", "") or ""
        if not body:
            body, summary = summary, ""
        feed.entries.append(
            Entry(
                guid=(item.get("id") or "").strip(),
                link=(item.get("link") or "").strip(),
                title=item.get("title", "") or "",
                body=body,
                summary=summary,
                author=item.get("author", "") or "",
                # dict.get: feedparser's own get() maps updated <-> published with a DeprecationWarning.
                published=_to_datetime(dict.get(item, "published_parsed") or dict.get(item, "updated_parsed")),
                updated=_to_datetime(dict.get(item, "updated_parsed")),
                categories=[t.get("term", "") for t in item.get("tags", []) if t.get("term")],
            )
        )
    return feed


def _parse_json(text: str) -> ParsedFeed:
    try:
        document = json.loads(text)
    except ValueError as error:
        raise IngestError("malformed", detail=str(error)[:200]) from None
    if not isinstance(document, dict) or not str(document.get("version", "")).startswith(
        "https://jsonfeed.org/version/"
    ):
        raise IngestError("not_a_feed")
    items = document.get("items")
    if not isinstance(items, list):
        raise IngestError("malformed", detail="items")
    feed = ParsedFeed(
        format="json",
        title=str(document.get("title") or ""),
        link=str(document.get("home_page_url") or ""),
        language=str(document.get("language") or ""),
    )
    for item in items:
        if not isinstance(item, dict):
            continue
        authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
        author = ", ".join(str(a.get("name")) for a in authors if isinstance(a, dict) and a.get("name"))
        body = item.get("content_html") or ""
        if not body and item.get("content_text"):
            body = str(item["content_text"])
        feed.entries.append(
            Entry(
                guid=str(item.get("id") or "").strip(),
                link=str(item.get("url") or item.get("external_url") or "").strip(),
                title=str(item.get("title") or ""),
                body=str(body),
                summary=str(item.get("summary") or ""),
                author=author,
                published=_parse_iso(item.get("date_published") or item.get("date_modified")),
                updated=_parse_iso(item.get("date_modified")),
                categories=[str(t) for t in item.get("tags") or [] if isinstance(t, str)],
            )
        )
    return feed
