"""The one HTML allow-list for story bodies: the admin editor, ingest and imports all use it.

Only what the rich-text editor offers survives: paragraphs, headings, lists, quotes, links,
bold and italic, line breaks, plus ``dir`` and ``lang`` so mixed Arabic and Latin text keeps
its direction. Scripts, styles, event handlers and ``javascript:`` URLs never do.
"""

import html
import re

import nh3
from django.utils.html import strip_tags

from sources.text import clean_characters, clean_markup

ALLOWED_TAGS = {"p", "br", "h2", "h3", "h4", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "a"}
ALLOWED_ATTRIBUTES = {
    "*": {"dir", "lang"},
    "a": {"href", "title"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}

# A library picture placed in a body: a paragraph of its own holding only ``[picture:<id>]``.
# django-prose-editor's ProseMirror schema drops any element it has no node for (an empty
# ``<figure data-picture>`` would vanish on the next edit), so the place is kept as plain text,
# which the editor, this allow-list and ingest all keep as it is. Readers never see the token:
# the page replaces it with the picture (``articles.public.body_pictures``).
BODY_PICTURE = re.compile(r"<p(?:\s[^>]*)?>\s*\[picture:(\d{1,9})\]\s*</p>")

_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_DIRECTIONS = {"rtl", "ltr", "auto"}

# The editor's own extensions, kept in step with ALLOWED_TAGS (see articles.models).
EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "HardBreak": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": False},
}


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "dir":
        return value.lower() if value.lower() in _DIRECTIONS else None
    if attribute == "lang":
        return value if _LANG.match(value) else None
    if attribute == "start":
        return value if value.isdigit() and len(value) < 6 else None
    return value


_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer",
    clean_content_tags={"script", "style", "template", "iframe", "object", "noscript", "textarea", "title", "svg", "math"},
    attribute_filter=_filter_attribute,
    strip_comments=True,
)

_EMPTY_PARAGRAPH = re.compile(r"<p(\s[^>]*)?>(\s|&nbsp;|\u00a0|<br>)*</p>")


def sanitize_html(html: str | None) -> str:
    """Return ``html`` reduced to the allow-list; empty paragraphs and blank results become "".

    Its text is cleaned as plain text is (``sources.text``): before parsing, so that lone
    surrogates never reach the parser; and after, since character references such as ``&#11;``
    or ``&#x202E;`` are only decoded by it.
    """
    cleaned = _cleaner.clean(clean_characters(html or "", multiline=True))
    cleaned = clean_markup(cleaned)
    cleaned = _EMPTY_PARAGRAPH.sub("", cleaned).strip()
    return cleaned


def collapse_space(text: str) -> str:
    """``text`` with every run of white space one space, and zero-width spaces gone."""
    return re.sub(r"\s+", " ", text.replace("\u200b", "")).strip()


def plain_text(body_html: str) -> str:
    """The readable text of a body, one space between words (for matching and comparing)."""
    text = re.sub(r"<(br|/p|/h[2-4]|/li|/blockquote)[^>]*>", " ", body_html or "")
    return collapse_space(html.unescape(strip_tags(text)))
