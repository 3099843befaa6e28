"""Turn feed bytes into entries: RSS and Atom through feedparser, JSON Feed through json.

The bytes are decoded here first (see ``decode``: declared charset, UTF-8, then detection with a
plausibility check; a feed no encoding reads plausibly is refused). Then a hardened XML parser
(lxml: no entity substituted, no DTD or external entity loaded, no network, libxml2's size
limits on) reads the document before feedparser does. A document with a DOCTYPE reaches
feedparser only as that parser read it, without the DOCTYPE and with its entity references
dropped (HTML's own, such as ``&nbsp;``, replaced by their one character, whatever the
declaration said): no parser after it ever sees an entity declaration, so entity expansion ("billion laughs") and external entities (files,
internal URLs) cannot happen, whatever comments or encodings surround them.
"""

import codecs
import io
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from html.entities import name2codepoint

import feedparser
from django.conf import settings
from lxml import etree

from articles.ingest.dates import feed_date, iso_date
from articles.ingest.encoding import detected_encodings, plausible, undo_double_utf8
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
    # The date exactly as the feed wrote it (kept when it could not be read).
    published_raw: str = ""
    # The base address in scope of the body (xml:base), against which its links resolve.
    base: str = ""


@dataclass
class ParsedFeed:
    format: str  # "rss", "atom" or "json" (Feed.Format values)
    title: str = ""
    link: str = ""
    language: str = ""
    encoding: str = "utf-8"
    entries: list[Entry] = field(default_factory=list)


_XML_DECL_BYTES = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']", re.I)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# Control bytes no text encoding of a feed produces (NUL and the C0 controls but whitespace).
_BINARY = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def _strict(data: bytes, name: str | None) -> str | None:
    if not name:
        return None
    try:
        return data.decode(name)
    except (UnicodeDecodeError, LookupError):
        return None


def decode(data: bytes, charset: str | None = None) -> tuple[str, str]:
    """The document as text and the encoding used; IngestError("undecodable") when no reading is plausible.

    Order: a byte-order mark; the declared charset (HTTP header, then the XML declaration) when
    its reading is plausible and detection does not rule it out; UTF-8; then the encodings
    detection finds plausible (``charset_normalizer``), ``INGEST_FALLBACK_ENCODING`` preferred
    among equals. A reading is plausible when its words do not mix scripts (``encoding.plausible``):
    Arabic read in the wrong legacy code page comes out as words of Arabic and accented Latin,
    or of Cyrillic that detection does not believe. Better refused than stored as garbage. UTF-8
    that was once read as windows-1252 and saved again ("Ø§Ù„") is repaired.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace"), codecs.lookup(name).name
    declared = _codec(charset)
    if declared is None:
        match = _XML_DECL_BYTES.match(data[:512])
        declared = _codec(match.group(1).decode("ascii")) if match else None
    if declared in {None, "utf-8", "ascii"}:
        text = _strict(data, "utf-8")
        if text is not None:
            # Valid UTF-8 is UTF-8: no other encoding's bytes pass its checks by chance. Garbled
            # words inside it were garbled before the feed was written (and one way is undone).
            return undo_double_utf8(text) or text, "utf-8"
    found, proposed = detected_encodings(data)
    for name in _candidates(declared, found, proposed):
        text = _strict(data, name)
        if text is not None and plausible(text):
            return text, name
    if _BINARY.search(data[:1024]):
        # Not text in any encoding: the parser says what it is (damaged, not a feed).
        fallback = _codec(settings.INGEST_FALLBACK_ENCODING) or "cp1256"
        return data.decode(fallback, errors="replace"), fallback
    raise IngestError("undecodable")


def _candidates(declared: str | None, found: list[str], proposed: bool) -> list[str]:
    """The encodings to try, in order: the declared one unless detection rules it out, UTF-8, the detected."""
    fallback = _codec(settings.INGEST_FALLBACK_ENCODING) or "cp1256"
    names = []
    if declared and (declared in found or not proposed):
        names.append(declared)
    names.append("utf-8")
    if fallback in found[:3]:
        names.append(fallback)
    names += found
    return list(dict.fromkeys(names))


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


def _drop(node: etree._Element, replacement: str = "") -> None:
    """Remove ``node`` but keep the text that follows it, after ``replacement``."""
    parent = node.getparent()
    text = replacement + (node.tail or "")
    if text:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + text
        else:
            parent.text = (parent.text or "") + text
    parent.remove(node)


def _standard_entity(name: str) -> str:
    """The character an HTML entity name stands for ("nbsp" → U+00A0), whatever the document declared; "" if none.

    Feeds declare HTML's entities in their DOCTYPE to use them in text. Their meaning is fixed
    and one character long, so taking it from HTML, not from the declaration, expands nothing.
    """
    return chr(name2codepoint[name]) if name in name2codepoint else ""


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
        _drop(reference, _standard_entity(reference.name))
    return etree.tostring(root, encoding="utf-8")


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


def _content_base(item) -> str:
    """The base address in scope of the entry's body (``xml:base``), "" when the feed sets none."""
    for detail in (*(item.get("content") or []), dict.get(item, "summary_detail") or {}):
        base = (detail.get("base") or "").strip()
        if base.lower().startswith(("http://", "https://")):
            return base
    return ""


def _parse_xml(text: str) -> ParsedFeed:
    # Blank lines or spaces before the XML declaration (a template's) make no document unreadable.
    text = text.lstrip(" \t\r\n\ufeff")
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
        # dict.get: feedparser's own get() maps updated <-> published with a DeprecationWarning.
        raw_date = str(dict.get(item, "published") or dict.get(item, "updated") or "")
        feed.entries.append(
            Entry(
                guid=(item.get("id") or "").strip(),
                link=(item.get("link") or "").strip(),
                title=item.get("title", "") or "",
                body=body,
                summary=summary,
                author=item.get("author", "") or "",
                published=feed_date(raw_date),
                updated=feed_date(dict.get(item, "updated") or ""),
                categories=[t.get("term", "") for t in item.get("tags", []) if t.get("term")],
                published_raw=raw_date.strip(),
                base=_content_base(item),
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
                published=iso_date(item.get("date_published") or item.get("date_modified")),
                updated=iso_date(item.get("date_modified")),
                categories=[str(t) for t in item.get("tags") or [] if isinstance(t, str)],
                published_raw=str(item.get("date_published") or item.get("date_modified") or "").strip(),
            )
        )
    return feed
