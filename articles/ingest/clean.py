"""Tidy what partner feeds send: section prefixes in titles, scraping debris, tracking parameters.

Everything here is a pure function on text, so it is tested without a database. Bodies go
through ``articles.models.sanitize.sanitize_html`` first: the debris cleaner only ever removes or
reflows what the allow-list already let through.
"""

import hashlib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

from django.utils.html import strip_tags

from articles.models.sanitize import collapse_space, sanitize_html
from sources.arabic import normalize_arabic
from sources.text import balance_bidi, clean_text

# ---- URLs ----

# Query parameters that only track the reader and never select the story.
_TRACKING_PARAMS = {
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_gl",
    "ref_src",
    "ref_url",
    "cmpid",
    "ocid",
    "spm",
    "share",
    "amp",
}
_TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_", "hsa_", "oly_")


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_PARAMS or lowered.startswith(_TRACKING_PREFIXES)


def strip_tracking(url: str, base: str = "") -> str:
    """The item's address made absolute, without tracking parameters or fragment; "" if not http(s)."""
    url = urljoin(base, (url or "").strip()) if base else (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return ""
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", urlencode(query, doseq=True), ""))


def url_key(url: str) -> str:
    """A fixed-length key equal for two spellings of one address (scheme, www., encoding, order)."""
    if not url:
        return ""
    parts = urlsplit(url)
    host = parts.hostname or ""
    host = host[4:] if host.startswith("www.") else host
    port = f":{parts.port}" if parts.port and parts.port not in {80, 443} else ""
    path = quote(unquote(parts.path or "/"), safe="/:@!$&'()*+,;=-._~").rstrip("/") or "/"
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    canonical = f"{host}{port}{path}?{query}"
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def text_key(text: str) -> str:
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


def resolve_links(body_html: str, base: str) -> str:
    """Make ``href`` values absolute against ``base`` (the story's address), without tracking."""

    def absolute(match: re.Match) -> str:
        target = urljoin(base, html.unescape(match.group(1)))
        target = strip_tracking(target) or target
        return f'href="{html.escape(target, quote=True)}"'

    return re.sub(r'href="([^"]*)"', absolute, body_html)


# ---- Titles ----

_TITLE_SEPARATOR = re.compile(r"^\s*(?P<prefix>[^:：|«»\"]{2,60}?)\s*[:：|]\s*(?P<rest>\S.*)$", re.S)
# "أخبار سوريا", "اخبار اليمن": the generic "<place> news" label many Arabic outlets prepend.
_NEWS_LABEL = re.compile(r"^اخبار(\s|$)")
_EDGE_GLYPHS = "×✕✖✗✘⨯•·|»«›‹→←▶◀►◄…-–— \u00a0"


def clean_title(raw: str, prefixes: Iterable[str] = ()) -> tuple[str, str]:
    """The headline without markup or a leading section label; returns (title, removed label).

    A label is removed only when it is a known section label (``prefixes``, compared after
    normalizing Arabic) or reads as "<something> news" ("أخبار سوريا :"). A quoted speaker
    ("الوزير: …") is part of the headline and stays.
    """
    # Cleaned as the draft's headline will be on save, so that the two compare equal.
    text = collapse_space(clean_text(html.unescape(strip_tags(raw or ""))))
    text = text.strip(_EDGE_GLYPHS)
    match = _TITLE_SEPARATOR.match(text)
    if match:
        label = match.group("prefix").strip()
        key = normalize_arabic(label)
        known = {normalize_arabic(p) for p in prefixes if p and p.strip()}
        if key in known or (_NEWS_LABEL.match(key) and len(key.split()) <= 4):
            # Split in two, each part keeps only the direction controls closed inside it.
            return balance_bidi(match.group("rest").strip(_EDGE_GLYPHS)), balance_bidi(label)
    return text, ""


# ---- Bodies ----

_BLOCK_TAGS = {"p", "h2", "h3", "h4", "ul", "ol", "blockquote"}
# Lone interface glyphs copied from the source page: close buttons, bullets, arrows.
_GLYPHS = set("×✕✖✗✘⨯•·|»«›‹→←↑↓▲▼▶◀►◄…*-–—+")
# Blocks that introduce link lists ("اقرأ أيضاً"), normalized.
_READ_ALSO = tuple(
    normalize_arabic(s)
    for s in (
        "اقرأ أيضاً",
        "اقرأ أيضا",
        "إقرأ أيضاً",
        "اقرأ المزيد",
        "شاهد أيضاً",
        "شاهد أيضا",
        "طالع أيضاً",
        "طالع أيضا",
        "مواضيع ذات صلة",
        "أخبار ذات صلة",
        "مقالات ذات صلة",
        "روابط ذات صلة",
        "read also",
        "read more",
        "related",
    )
)
# Words of share bars ("شارك على فيسبوك تويتر واتساب"); a block made only of these is debris.
_SHARE_WORDS = {
    normalize_arabic(w)
    for w in (
        "شارك",
        "شاركها",
        "مشاركة",
        "شارك الخبر",
        "الخبر",
        "على",
        "عبر",
        "فيسبوك",
        "فيس",
        "بوك",
        "تويتر",
        "إكس",
        "واتساب",
        "واتس",
        "اب",
        "تيليجرام",
        "تلغرام",
        "تليجرام",
        "لينكدإن",
        "انستغرام",
        "طباعة",
        "نسخ",
        "الرابط",
        "البريد",
        "share",
        "facebook",
        "twitter",
        "x",
        "whatsapp",
        "telegram",
        "linkedin",
        "email",
        "print",
        "copy",
        "link",
        "tweet",
        "on",
        "via",
    )
}


@dataclass
class _Block:
    tag: str
    parts: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)

    @property
    def html(self) -> str:
        return "".join(self.parts)

    @property
    def plain(self) -> str:
        return collapse_space(" ".join(self.text))


class _BlockSplitter(HTMLParser):
    """Split sanitized HTML into top-level blocks; loose inline runs become paragraphs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[_Block] = []
        self.current: _Block | None = None
        self.depth = 0
        self.in_link = 0

    def _open_loose(self) -> _Block:
        if self.current is None:
            self.current = _Block("p", ["<p>"])
            self.depth = 0
        return self.current

    def _close_loose(self) -> None:
        if self.current is not None and self.depth == 0:
            self.current.parts.append("</p>")
            self.blocks.append(self.current)
            self.current = None

    def handle_starttag(self, tag, attrs):
        text = self.get_starttag_text() or f"<{tag}>"
        if self.depth == 0 and tag in _BLOCK_TAGS:
            self._close_loose()
            self.current = _Block(tag, [text])
            self.depth = 1
            return
        block = self._open_loose()
        if tag == "br":
            block.parts.append("<br>")
            block.text.append(" ")
            return
        block.parts.append(text)
        if tag == "a":
            self.in_link += 1
        if self.depth and (tag in _BLOCK_TAGS or tag == "li"):
            self.depth += 1

    def handle_endtag(self, tag):
        if self.current is None:
            return
        if tag == "a":
            self.in_link = max(0, self.in_link - 1)
        self.current.parts.append(f"</{tag}>")
        if self.depth and (tag in _BLOCK_TAGS or tag == "li"):
            self.depth -= 1
            if self.depth == 0:
                self.blocks.append(self.current)
                self.current = None

    def handle_data(self, data):
        if self.current is None and not data.strip():
            return
        block = self._open_loose()
        block.parts.append(html.escape(re.sub(r"\s+", " ", data), quote=False))
        block.text.append(data)
        if self.in_link:
            block.links.append(data)

    def close(self):
        super().close()
        if self.current is not None:
            if self.depth == 0:
                self.current.parts.append("</p>")
            self.blocks.append(self.current)
            self.current = None


def _split_blocks(body_html: str) -> list[_Block]:
    parser = _BlockSplitter()
    parser.feed(body_html)
    parser.close()
    return parser.blocks


def _is_glyphs(text: str) -> bool:
    stripped = text.replace(" ", "").replace("\u00a0", "")
    return bool(stripped) and all(ch in _GLYPHS for ch in stripped)


def _is_share_bar(text: str) -> bool:
    words = re.findall(r"\w+", normalize_arabic(text))
    return bool(words) and len(words) <= 10 and all(w in _SHARE_WORDS for w in words)


def _read_also(text: str) -> bool:
    key = normalize_arabic(text).strip(" :：-–—.")
    return any(key.startswith(marker) for marker in _READ_ALSO)


def _is_link_list(block: _Block) -> bool:
    """A block whose whole text is link text (a list of headlines pointing elsewhere)."""
    plain = normalize_arabic(block.plain)
    linked = normalize_arabic(" ".join(block.links))
    return bool(plain) and re.sub(r"\W", "", plain) == re.sub(r"\W", "", linked)


def plain_text_to_html(text: str) -> str:
    """Paragraphs from plain text: blank lines (or single lines) separate them."""
    chunks = re.split(r"\n\s*\n", text.strip()) if "\n\n" in text.replace("\r", "") else text.splitlines()
    return "".join(f"<p>{html.escape(collapse_space(chunk), quote=False)}</p>" for chunk in chunks if collapse_space(chunk))


def clean_body(raw: str, *, base_url: str = "") -> str:
    """Sanitized body without scraping debris, with absolute links and tidy whitespace."""
    raw = raw or ""
    if not re.search(r"<[a-zA-Z/!]", raw):
        raw = plain_text_to_html(html.unescape(raw) if "&" in raw else raw)
    blocks = _split_blocks(sanitize_html(raw))
    kept: list[str] = []
    skipping_links = False
    for block in blocks:
        text = block.plain
        if skipping_links and (block.tag in {"ul", "ol"} or _is_link_list(block)):
            continue
        skipping_links = False
        if not text or _is_glyphs(text) or _is_share_bar(text):
            continue
        if _read_also(text) and (block.links or len(text.split()) <= 6):
            # The heading (or inline "اقرأ أيضاً: <link>") goes, and the link list after it.
            skipping_links = True
            continue
        kept.append(block.html)
    body = "".join(kept)
    body = re.sub(r"\s*(<br>\s*)+", "<br>", body)
    body = re.sub(r"<(p|h2|h3|h4|li|blockquote)([^>]*)>\s*(<br>\s*)*", r"<\1\2>", body)
    body = re.sub(r"\s*(<br>\s*)*</(p|h2|h3|h4|li|blockquote)>", r"</\2>", body)
    return sanitize_html(resolve_links(body, base_url))
