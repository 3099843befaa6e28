"""What a story looks like as a Telegram post (Bot API, ``parse_mode=HTML``).

The headline in bold, the summary, the attribution line for a republished story ("نقلاً عن …"),
the correction line once corrected, and the story's short link. Text is HTML-escaped; limits
are counted as Telegram counts them, in UTF-16 code units of the visible text: a caption (with
the photo) at most 1,024, a message at most 4,096, the summary shortened first, then the headline.
An Arabic post starts with an Arabic letter, or with U+200F (RIGHT-TO-LEFT MARK) when the
headline starts with a digit, a quote or a Latin word, so Telegram lays it out right to left.
"""

import html
import unicodedata
from dataclasses import dataclass

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from articles.events.addresses import absolute
from articles.models import Article
from sources.text import clean_text

CAPTION_LIMIT = 1024
TEXT_LIMIT = 4096
RLM = "\u200f"
ELLIPSIS = "…"
RTL_LANGUAGES = {"ar", "fa", "he", "ur"}


def utf16_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji outside the BMP is two)."""
    return len(text.encode("utf-16-le")) // 2


def _shorten(text: str, units: int) -> str:
    """``text`` cut to at most ``units`` UTF-16 units, on a word boundary when it can, with an ellipsis."""
    if utf16_length(text) <= units:
        return text
    if units <= 1:
        return ""
    cut = text
    while cut and utf16_length(cut) > units - 1:
        cut = cut[: max(len(cut) - max(len(cut) // 10, 1), 0)]
    word = cut.rsplit(" ", 1)[0] if " " in cut[len(cut) // 2 :] else cut
    return word.rstrip() + ELLIPSIS


def _starts_rtl(text: str) -> bool:
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind in ("L", "EN", "AN", "ON", "ES", "ET", "CS"):
            return False
    return False


@dataclass
class Parts:
    """The visible pieces of a post, before escaping."""

    title: str
    summary: str
    lines: list[str]
    link: str

    def visible(self) -> str:
        return "\n\n".join(part for part in [self.title, self.summary, *self.lines, self.link] if part)

    def html(self) -> str:
        pieces = [f"<b>{html.escape(self.title, quote=False)}</b>" if self.title else ""]
        pieces += [html.escape(part, quote=False) for part in [self.summary, *self.lines, self.link]]
        return "\n\n".join(piece for piece in pieces if piece)


def _attribution(article: Article, language: str) -> str:
    if not (article.is_republished and article.source_id):
        return ""
    source = clean_text(article.source.reader_name(language))
    if article.via_source_id and article.via_source_id != article.source_id:
        via = clean_text(article.via_source.reader_name(language))
        return gettext("Republished from %(source)s via %(via)s") % {"source": source, "via": via}
    return gettext("Republished from %(source)s") % {"source": source}


def short_link(article: Article, language: str) -> str:
    with translation.override(language):
        return absolute(reverse("articles:short", kwargs={"pk": article.pk}))


def _fit(parts: Parts, limit: int) -> Parts:
    over = utf16_length(parts.visible()) - limit
    if over > 0 and parts.summary:
        parts.summary = _shorten(parts.summary, max(utf16_length(parts.summary) - over, 0))
        over = utf16_length(parts.visible()) - limit
    if over > 0:
        parts.title = _shorten(parts.title, max(utf16_length(parts.title) - over, 0))
    return parts


def compose(article: Article, language: str, *, with_photo: bool, correction: str = "", withdrawn: bool = False) -> str:
    """The post's HTML for ``article`` in ``language``: within the limit, and right to left when Arabic."""
    with translation.override(language):
        def text(name: str) -> str:
            return clean_text(article.safe_translation_getter(name, language_code=language, any_language=True) or "")

        lines = [_attribution(article, language)]
        if correction:
            lines.append(gettext("Correction: %(text)s") % {"text": clean_text(correction)})
        if withdrawn:
            lines = [gettext("This story was withdrawn.")]
        parts = Parts(text("title"), "" if withdrawn else text("summary"), [line for line in lines if line], "")
        if not withdrawn:
            parts.link = short_link(article, language)
    if language in RTL_LANGUAGES and not _starts_rtl(parts.title or parts.visible()):
        parts.title = RLM + parts.title
    return _fit(parts, CAPTION_LIMIT if with_photo else TEXT_LIMIT).html()


def photo_url(article: Article) -> str:
    """The lead image's public address (Telegram fetches it), or "" without one."""
    if not article.lead_image:
        return ""
    url = article.lead_image.url
    return url if url.startswith(("http://", "https://")) else absolute(url)


def channel_language_ok(article: Article, language: str) -> bool:
    """Whether the story is written in the channel's language."""
    return language in article.get_available_languages()
