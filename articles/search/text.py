"""Search text: the tokenizer and normalizer shared by stored text and queries, the bounds of a
query, and the highlighting of matched words in headlines and snippets.

Stored text and queries go through the same ``normalize_arabic`` and the same tokenizer, so
"اسرائيل" finds "إسرائيل", "مسئول" finds "مسؤول", "مستشفى" finds "المستشفي" and "٢٠٢٤" finds
"2024".
"""

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from sources.arabic import normalize_arabic
from sources.text import zwnj_as_space

# Queries longer than this are cut (a search box, not a document upload), and so are words past
# the tenth; the search page's input shows the same length.
MAX_QUERY_LENGTH = getattr(settings, "SEARCH_MAX_QUERY_LENGTH", 100)
MAX_QUERY_WORDS = getattr(settings, "SEARCH_MAX_QUERY_WORDS", 10)
MAX_TERMS = 8
# Single letters match too much to mean anything; they are left out of the query.
MIN_TERM_LENGTH = 2
# The last word matches as a prefix only from this length ("ال" would match half the corpus).
MIN_PREFIX_LENGTH = 3
# Longer "words" (pasted hashes, run-together URLs) are not indexed on either database.
MAX_TOKEN_LENGTH = 60
# Text beyond this many characters per field is not indexed (PostgreSQL caps a tsvector at 1 MB).
MAX_FIELD_CHARS = 100_000
SNIPPET_WORDS = 30

_TOKEN = re.compile(r"[^\W_]+")
# A tag of sanitized HTML, quoted attribute values included (they may hold ">").
_TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")
# A word as written, for highlighting: letters and digits with their marks (tashkeel) and the
# invisible joiners typed inside words.
_WORD = re.compile(
    "((?:[^\\W_]|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u00ad\u200b-\u200f\u2060-\u2069\ufeff])+)"
)
# The definite article, alone or after و ب ك ف, and ل+ال written لل (also after و ف), so that
# "المستشفى" and "للمستشفى" are found by "مستشفى". Two letters must remain ("الم" stays).
_DEFINITE_ARTICLE = re.compile(r"^(?:وال|بال|كال|فال|ولل|فلل|لل|ال)(?=\w\w)")


def search_tokens(text: str) -> list[str]:
    """The normalized words of ``text``, without the definite article, as indexed and as matched."""
    return [
        _DEFINITE_ARTICLE.sub("", token)
        for token in _TOKEN.findall(normalize_arabic(text))
        if len(token) <= MAX_TOKEN_LENGTH
    ]


def stored_text(text: str) -> str:
    """Normalized words between single spaces, padded so that " word " matches whole words."""
    tokens = search_tokens(text[:MAX_FIELD_CHARS])
    return f" {' '.join(tokens)} " if tokens else ""


def html_to_text(value: str) -> str:
    """Plain text of rich text already sanitized on save, with words of adjacent blocks kept apart."""
    return html.unescape(_TAG.sub(" ", value or ""))


@dataclass(frozen=True)
class ParsedQuery:
    """A reader's query reduced to normalized terms; the last one may match as a prefix."""

    text: str
    terms: tuple[str, ...]
    prefix: bool

    @property
    def is_empty(self) -> bool:
        return not self.terms

    @property
    def too_short(self) -> bool:
        """Something was typed, but no word long enough to search for."""
        return bool(self.text) and not self.terms

    def matches(self, token: str) -> bool:
        if token in self.terms:
            return True
        return self.prefix and token.startswith(self.terms[-1])


def parse_query(raw: str | None) -> ParsedQuery:
    """Normalize and tokenize a typed query, dropping single letters and cutting overlong input."""
    text = clean_query(raw)
    terms: list[str] = []
    for token in search_tokens(text):
        if len(token) >= MIN_TERM_LENGTH and token not in terms:
            terms.append(token)
    terms = terms[:MAX_TERMS]
    return ParsedQuery(text=text, terms=tuple(terms), prefix=bool(terms) and len(terms[-1]) >= MIN_PREFIX_LENGTH)


def clean_query(value: str | None, *, max_length: int = MAX_QUERY_LENGTH, max_words: int = MAX_QUERY_WORDS) -> str:
    """A search query with blanks collapsed, cut to ``max_length`` characters and ``max_words`` words."""
    if not value:
        return ""
    # Invisible format marks (ZWNJ, direction marks) typed inside a word vanish, but a ZWNJ that
    # parts two words is a space; other unprintable characters (controls, line breaks) separate words.
    kept = (
        "" if unicodedata.category(ch) == "Cf" else ch if ch.isprintable() else " "
        for ch in zwnj_as_space(value[: max_length * 4])
    )
    words = "".join(kept).split()
    return " ".join(words[:max_words])[:max_length].strip()


# ---- Highlighting ----


@lru_cache(maxsize=20_000)
def _word_tokens(word: str) -> tuple[str, ...]:
    return tuple(search_tokens(word))


def _split_words(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into alternating runs of word and non-word characters, flagged by kind."""
    return [(run, index % 2 == 1) for index, run in enumerate(_WORD.split(text)) if run]


class _Matcher:
    """Whether a word as written matches the query, remembered per word (news text repeats itself)."""

    def __init__(self, query: ParsedQuery):
        self.query = query
        self.seen: dict[str, bool] = {}

    def __call__(self, word: str) -> bool:
        found = self.seen.get(word)
        if found is None:
            found = self.seen[word] = any(self.query.matches(token) for token in _word_tokens(word))
        return found


def _render(runs: list[tuple[str, bool]], matches: _Matcher) -> str:
    return "".join(
        f"<mark>{html.escape(run)}</mark>" if is_word and matches(run) else html.escape(run) for run, is_word in runs
    )


def highlight(text: str, query: ParsedQuery) -> SafeString:
    """``text`` escaped, with every word matching the query wrapped in ``<mark>``."""
    if query.is_empty:
        return escape(text)
    return mark_safe(_render(_split_words(text), _Matcher(query)))  # noqa: S308 - every run is escaped


def snippet(text: str, query: ParsedQuery, words: int = SNIPPET_WORDS) -> SafeString:
    """About ``words`` words of ``text`` from just before its first match, every match marked.

    Words are read only as far as the passage needs, so long stories cost no more than short ones.
    """
    matches = _Matcher(query)
    spans: list[tuple[int, int]] = []
    first: int | None = None
    more = False
    for word in _WORD.finditer(text):
        if first is not None and len(spans) >= first + words:
            more = True
            break
        spans.append(word.span())
        if first is None and not query.is_empty and matches(word.group()):
            first = max(0, len(spans) - 4)
    if not spans:
        return escape(" ".join(text.split()))
    start = first if first is not None else 0
    end = min(start + words, len(spans))
    more = more or end < len(spans)
    passage = " ".join(text[spans[start][0] : spans[end - 1][1]].split())
    before = "… " if start > 0 else ""
    after = " …" if more else ""
    return mark_safe(f"{before}{_render(_split_words(passage), matches)}{after}")  # noqa: S308 - _render escapes
