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
from functools import lru_cache
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

from django.utils.html import strip_tags

from articles.ingest.debris import Line, LineJudge, LineRule, trim_close_buttons, trim_end_mark
from articles.models.sanitize import collapse_space, sanitize_html
from articles.newsroom.headlines import headline_from_text, possible_label, split_hashtags, split_label
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

_EDGE_GLYPHS = "×✕✖✗✘⨯•·|»«›‹→←▶◀►◄…-–— \u00a0"


def clean_title(raw: str, prefixes: Iterable[str] = ()) -> tuple[str, str]:
    """The headline without markup or a leading section label; returns (title, removed label).

    A label is removed only when it is a known section label (``prefixes``, compared after
    normalizing Arabic) or reads as "<something> news" ("أخبار سوريا :"), whatever separator
    follows it (``articles.newsroom.headlines``, which the story form uses too). A quoted
    speaker ("الوزير: …") is part of the headline and stays. Use ``clean_headline`` for the
    trailing hashtags as well.
    """
    # Cleaned as the draft's headline will be on save, so that the two compare equal.
    text = collapse_space(clean_text(html.unescape(strip_tags(raw or ""))))
    text = text.strip(_EDGE_GLYPHS)
    rest, label = split_label(text, _known_labels(tuple(prefixes)))
    if label:
        # Split in two, each part keeps only the direction controls closed inside it.
        return balance_bidi(rest.strip(_EDGE_GLYPHS)), balance_bidi(label.strip(_EDGE_GLYPHS))
    return text, ""


@lru_cache(maxsize=16)
def _known_labels(prefixes: tuple[str, ...]) -> frozenset[str]:
    """The section labels, normalized once for a run's thousands of headlines, not once per headline."""
    return frozenset(normalize_arabic(p) for p in prefixes if p and p.strip())


def clean_headline(raw: str, prefixes: Iterable[str] = ()) -> tuple[str, str, list[str]]:
    """``clean_title`` with the trailing hashtags moved out: (title, removed label, hashtags)."""
    title, label = clean_title(raw, prefixes)
    title, hashtags = split_hashtags(title)
    return title.strip(_EDGE_GLYPHS), label, hashtags


# ---- Bodies ----

_BLOCK_TAGS = {"p", "h2", "h3", "h4", "ul", "ol", "blockquote"}


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


def plain_text_to_html(text: str) -> str:
    """Paragraphs from plain text: every line its own, so that the cleaner judges each one."""
    return "".join(
        f"<p>{html.escape(collapse_space(line), quote=False)}</p>" for line in text.splitlines() if collapse_space(line)
    )


@dataclass
class CleanedBody:
    """A cleaned body and the lines taken out of it, each with the reason (see ``debris.LineJudge``)."""

    html: str
    removed: list[dict[str, str]] = field(default_factory=list)
    # Which headline the first line repeated and was removed as: "headline", "alternate" or "".
    first_line_repeats: str = ""


_LINK_TEXT = re.compile(r"<a\b[^>]*>(.*?)</a>", re.S)
_LINE_BLOCKS = {"p", "h2", "h3", "h4", "blockquote"}


def _line(fragment: str, *, is_list: bool = False) -> Line:
    plain = collapse_space(html.unescape(strip_tags(fragment)))
    links = [html.unescape(strip_tags(text)) for text in _LINK_TEXT.findall(fragment)]
    return Line(plain=plain, links=links, is_list=is_list)


def _block_lines(block: _Block) -> tuple[str, list[str], str]:
    """A paragraph cut into its lines at each ``<br>``: (opening tag, lines' HTML, closing tag)."""
    if block.tag not in _LINE_BLOCKS or len(block.parts) < 2 or not block.parts[-1].startswith("</"):
        return "", [block.html], ""
    lines, current = [], []
    for part in block.parts[1:-1]:
        if part == "<br>":
            lines.append("".join(current))
            current = []
        else:
            current.append(part)
    lines.append("".join(current))
    return block.parts[0], lines, block.parts[-1]


def body_lines(raw: str) -> list[str]:
    """The lines of a body as the cleaner sees them, in plain text (for the "as received" view)."""
    out = []
    for block in _split_blocks(sanitize_html(_as_html(raw))):
        _open, lines, _close = _block_lines(block)
        out += [plain for plain in (_line(fragment).plain for fragment in lines) if plain]
    return out


def _as_html(raw: str) -> str:
    raw = raw or ""
    if not re.search(r"<[a-zA-Z/!]", raw):
        raw = plain_text_to_html(html.unescape(raw) if "&" in raw else raw)
    return raw


def _removed(text: str, reason: str, judge: LineJudge) -> dict[str, str]:
    entry = {"text": text, "reason": reason}
    if reason.startswith("rule:") and judge.matched_rule and judge.matched_rule.note:
        entry["note"] = judge.matched_rule.note
    return entry


def clean_body_report(
    raw: str, *, base_url: str = "", headline: str = "", alternate: str = "", rules: Iterable[LineRule] = ()
) -> CleanedBody:
    """Sanitized body without scraping debris, with absolute links, and what was removed.

    Each line is judged on its own (``debris.LineJudge``): a line goes only when a rule or a
    built-in shape says it is debris; every other word stays.
    """
    judge = LineJudge(rules=rules, headline=headline, alternate=alternate)
    kept: list[str] = []
    removed: list[dict[str, str]] = []
    for block in _split_blocks(sanitize_html(_as_html(raw))):
        opening, lines, closing = _block_lines(block)
        kept_lines = []
        for fragment in lines:
            fragment, cut = trim_close_buttons(fragment)
            removed += [{"text": glyph, "reason": "glyphs"} for glyph in cut]
            line = _line(fragment, is_list=block.tag in {"ul", "ol"})
            reason = judge.reason(line)
            if reason is None:
                kept_lines.append(fragment)
            elif reason != "empty":
                removed.append(_removed(line.plain, reason, judge))
        if kept_lines:
            kept.append(opening + "<br>".join(kept_lines) + closing)
    body = "".join(kept)
    body = re.sub(r"\s*(<br>\s*)+", "<br>", body)
    body = re.sub(r"<(p|h2|h3|h4|li|blockquote)([^>]*)>\s*(<br>\s*)*", r"<\1\2>", body)
    body = re.sub(r"\s*(<br>\s*)*</(p|h2|h3|h4|li|blockquote)>", r"</\2>", body)
    body, mark = trim_end_mark(body)
    if mark:
        removed.append({"text": mark, "reason": "end_mark"})
    html_out = sanitize_html(resolve_links(body, base_url))
    return CleanedBody(html=html_out, removed=removed, first_line_repeats=judge.first_line_repeats)


def clean_body(raw: str, *, base_url: str = "", headline: str = "", rules: Iterable[LineRule] = ()) -> str:
    """Sanitized body without scraping debris (see ``clean_body_report``)."""
    return clean_body_report(raw, base_url=base_url, headline=headline, rules=rules).html


@dataclass
class CleanedEntry:
    """What an entry's draft starts from: headline, label and hashtags moved out, body, removed lines."""

    title: str
    label: str
    hashtags: list[str]
    body: str
    removed: list[dict[str, str]]


def clean_entry(entry, *, base_url: str = "", prefixes: Iterable[str] = (), rules: Iterable[LineRule] = ()) -> CleanedEntry:
    """Clean one feed entry (``parse.Entry``); a missing headline is its first clean line, cut on a word."""
    title, label, hashtags = clean_headline(entry.title, prefixes)
    rest, unknown_label = ("", "") if label else possible_label(title)
    base_url = getattr(entry, "base", "") or base_url
    body = clean_body_report(entry.body, base_url=base_url, headline=title, alternate=rest, rules=rules)
    if body.first_line_repeats == "alternate":
        # The page showed the headline without "محليات ::": that part was a section label.
        title, label = rest.strip(_EDGE_GLYPHS), unknown_label
    if not title:
        title = headline_from_text(plain_lines(body.html))
    return CleanedEntry(title=title, label=label, hashtags=hashtags, body=body.html, removed=body.removed)


def plain_lines(body_html: str) -> str:
    """The text of a cleaned body, one line per paragraph or ``<br>``."""
    text = re.sub(r"<br\s*/?>|</(?:p|h2|h3|h4|li|blockquote)>", "\n", body_html or "")
    return html.unescape(strip_tags(text))
