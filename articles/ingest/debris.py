"""The line-by-line debris cleaner: which lines of a feed body are scraped interface, not text.

A line (a paragraph, a heading, a list, or one part of a paragraph between two ``<br>``) is
removed only when something recognises it as debris: a rule editors keep as data
(``articles.models.DebrisRule``: phrases, beginnings, regular expressions) or one of the
built-in shapes below (lone glyphs, share bars, a "read also" heading and its links, a lone
date, time or number, the headline repeated as the first line, a paragraph seen before). What
is removed is returned with the reason, so the item keeps it and editors see it.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.core.cache import cache

from articles.models import DebrisRule
from articles.models.debris import PATTERN_MAX_CHARS, RULES_CACHE_KEY
from sources.arabic import normalize_arabic

# A change empties the cache at once; the bound is for a long-running `ingest_feeds --loop`
# whose in-process cache (without REDIS_URL) the admin's process cannot empty.
RULES_CACHE_SECONDS = 300

# Lone interface glyphs copied from the source page: close buttons, bullets, arrows.
_GLYPHS = set("×✕✖✗✘⨯•·|»«›‹→←↑↓▲▼▶◀►◄…*-–—+/")
# What introduces links to other stories, normalized. An imperative ("اقرأ أيضاً: …") starts a
# debris line of up to a headline's length; a label ("مواضيع ذات صلة") only a short line or links.
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
        "read also",
        "read more",
        "see also",
    )
)
_RELATED = tuple(
    normalize_arabic(s) for s in ("مواضيع ذات صلة", "أخبار ذات صلة", "مقالات ذات صلة", "روابط ذات صلة", "related")
)
READ_ALSO_MAX_WORDS = 20
RELATED_MAX_WORDS = 6

# Words of share bars ("شارك على فيسبوك تويتر واتساب"); a line made only of these is debris.
_SHARE_WORDS = {
    normalize_arabic(w)
    for w in (
        "شارك شاركها شاركوا مشاركة الخبر هذا المقال الموضوع على عبر فيسبوك فيس بوك تويتر إكس واتساب واتس اب "
        "تيليجرام تلغرام تليجرام لينكدإن انستغرام ماسنجر طباعة نسخ الرابط البريد الإلكتروني "
        "share facebook twitter x whatsapp telegram linkedin messenger pinterest reddit email print copy link "
        "tweet on via this article"
    ).split()
}
# What a line holding only a date, a time or a number is made of (normalized): month names of
# both calendars' Arabic spellings and the Hijri ones, weekdays, and the words around times.
_DATE_WORDS = {
    normalize_arabic(w)
    for w in (
        "يناير فبراير مارس أبريل إبريل ابريل مايو يونيو يونيه يوليو يوليه أغسطس اغسطس سبتمبر أكتوبر نوفمبر ديسمبر "
        "كانون شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين الأول الثاني الآخر الاخر "
        "محرم صفر ربيع جمادى جمادي رجب شعبان رمضان شوال ذو ذي القعدة الحجة "
        "السبت الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة "
        "الساعة ساعة ساعات دقيقة دقائق ثانية منذ قبل يوم أيام ص م صباحا صباحاً مساء مساءً ظهرا فجرا "
        "بتوقيت توقيت غرينتش جرينتش مكة المكرمة هـ ه آخر تحديث نشر في "
        "january february march april may june july august september october november december "
        "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday "
        "am pm gmt utc updated published"
    ).split()
}
_NAMES = _DATE_WORDS - {
    normalize_arabic(w) for w in "في منذ قبل يوم أيام آخر تحديث نشر ص م هـ ه updated published".split()
}
_TOKENS = re.compile(r"[^\W\d_]+|\d+")


@dataclass(frozen=True)
class LineRule:
    """A debris rule ready to match: a normalized phrase or a compiled pattern."""

    kind: str
    text: str
    max_words: int | None = None
    note: str = ""

    @property
    def key(self) -> str:
        return line_key(self.text)

    def matches(self, line: str, key: str) -> bool:
        if self.max_words and len(line.split()) > self.max_words:
            return False
        if self.kind == DebrisRule.Kind.PATTERN:
            regex = _compiled(self.text)
            return regex is not None and len(line) <= PATTERN_MAX_CHARS and regex.fullmatch(line) is not None
        rule_key = _key(self.text)
        if not rule_key:
            return False
        if self.kind == DebrisRule.Kind.PREFIX:
            return key == rule_key or key.startswith(rule_key + " ")
        return key == rule_key


_PUNCTUATION = re.compile(r"[^\w\s]|_")


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern | None:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error:
        return None  # refused by the admin; one that slipped into the table is ignored


@lru_cache(maxsize=512)
def _key(text: str) -> str:
    return line_key(text)


@lru_cache(maxsize=256)
def _normalized(text: str) -> str:
    """``normalize_arabic`` of a line, kept for the few lines being judged: every built-in shape,
    the rules and the repeat check read the same line, and normalizing was the cleaner's hot spot."""
    return normalize_arabic(text)


@lru_cache(maxsize=256)
def line_key(text: str) -> str:
    """A line as rules and repeats compare it: normalized Arabic, punctuation as spaces."""
    return " ".join(_PUNCTUATION.sub(" ", _normalized(text)).split())


def debris_rules() -> list[LineRule]:
    """The active rules editors keep, read once and cached until one changes."""
    rows = cache.get(RULES_CACHE_KEY)
    if rows is None:
        rows = list(DebrisRule.objects.filter(is_active=True).values_list("kind", "text", "max_words", "note"))
        cache.set(RULES_CACHE_KEY, rows, RULES_CACHE_SECONDS)
    return [LineRule(*row) for row in rows]


# ---- Built-in shapes ----


def is_glyphs(text: str) -> bool:
    stripped = text.replace(" ", "").replace("\u00a0", "")
    return bool(stripped) and all(ch in _GLYPHS for ch in stripped)


def is_share_bar(text: str) -> bool:
    words = re.findall(r"\w+", _normalized(text))
    return bool(words) and len(words) <= 10 and all(w in _SHARE_WORDS for w in words)


def is_read_also(text: str, has_links: bool = False) -> bool:
    """A "read also" heading or line: its links (or the headline after it) point to other stories."""
    key = _normalized(text).strip(" :：-–—.")
    words = len(text.split())
    if any(key.startswith(marker) for marker in _READ_ALSO):
        return has_links or words <= READ_ALSO_MAX_WORDS
    return any(key.startswith(marker) for marker in _RELATED) and (has_links or words <= RELATED_MAX_WORDS)


def is_date_or_number(text: str) -> bool:
    """A line that is only a date, a time or a number ("الأحد 7 ديسمبر 2025 - 14:30", "1234")."""
    key = _normalized(text)
    if not key or len(key) > 80:
        return False
    tokens = _TOKENS.findall(key)
    if not tokens or not all(t.isdigit() or t in _DATE_WORDS for t in tokens):
        return False
    leftover = _TOKENS.sub("", key)
    if re.search(r"[^\s:/.,،٫٬\-–—()\[\]|+%]", leftover):
        return False
    return any(t.isdigit() for t in tokens) or any(t in _NAMES for t in tokens)


# ---- Debris at the edge of a real line ----

# A close button copied at the start or end of a real line ("× أفادت الوكالة …").
_CLOSE_AT_START = re.compile(r"^((?:<[a-z][^>]*>)*)\s*([×✕✖⨯])\s+")
_CLOSE_AT_END = re.compile(r"\s+([×✕✖⨯])\s*((?:</[a-z0-9]+>)*)$")
# A wire end mark after the last sentence: "… المقبل. (ي.ع)", "… المقبل.//", "… المقبل. ع.س//".
# Letters before "//" go only when dots tie them into initials: "في عدن//" keeps "عدن".
_END_MARK = re.compile(
    r"\s*(\(\s*[ء-ي]{1,3}(?:\s*[./]\s*[ء-ي]{1,3}){1,3}\s*\)\s*(?://+)?|[ء-ي]{1,2}(?:[./][ء-ي]{1,2}){1,3}\s*//+|//+)"
    r"\s*((?:</[a-z0-9]+>)*)$"
)


def trim_close_buttons(fragment: str) -> tuple[str, list[str]]:
    """A line's HTML without a close button at its start or end, and what was cut."""
    cut = []
    match = _CLOSE_AT_START.search(fragment)
    if match and _CLOSE_AT_START.sub("", fragment).strip():
        cut.append(match.group(2))
        fragment = _CLOSE_AT_START.sub(r"\1", fragment)
    match = _CLOSE_AT_END.search(fragment)
    if match and fragment[: match.start()].strip():
        cut.append(match.group(1))
        fragment = _CLOSE_AT_END.sub(r"\2", fragment)
    return fragment, cut


def trim_end_mark(body_html: str) -> tuple[str, str]:
    """The body's HTML without a wire end mark after its last sentence, and the mark ("" when none)."""
    match = _END_MARK.search(body_html)
    if not match or not re.sub(r"<[^>]*>", "", body_html[: match.start()]).strip():
        return body_html, ""
    return body_html[: match.start()] + match.group(2), match.group(1).strip()


# ---- The cleaner ----


@dataclass
class Line:
    """One line of a body as the cleaner judges it."""

    plain: str
    links: list[str]
    is_list: bool = False


@dataclass
class LineJudge:
    """Decides line by line, in order, remembering what it kept (for repeats and link lists)."""

    rules: Iterable[LineRule] = ()
    headline: str = ""
    # The headline without what may be an unknown section label ("محليات :: …"), also looked for.
    alternate: str = ""
    seen: set[str] | None = None
    kept_any: bool = False
    skipping_links: bool = False
    # The rule that matched the line last judged debris by a rule (its note is shown with it).
    matched_rule: LineRule | None = None

    def __post_init__(self) -> None:
        self.rules = list(self.rules)
        self.seen = set()
        self.headline_keys = {line_key(self.headline): "headline", line_key(self.alternate): "alternate"}
        self.headline_keys.pop("", None)
        # Which of the two the first line repeated ("headline", "alternate" or "").
        self.first_line_repeats = ""

    def reason(self, line: Line) -> str | None:
        """Why ``line`` is debris ("" never), or None to keep it; call once per line, in order."""
        text = line.plain
        if self.skipping_links and (line.is_list or _all_links(line)):
            return "read_also"
        self.skipping_links = False
        if not text:
            return "empty"
        verdict = self._shape(line) or self._rule(text)
        if verdict is None:
            key = line_key(text)
            if not self.kept_any and key in self.headline_keys:
                verdict = "headline"
                self.first_line_repeats = self.headline_keys[key]
            elif key and key in self.seen:
                verdict = "repeated"
            else:
                self.seen.add(key)
                self.kept_any = True
        return verdict

    def _shape(self, line: Line) -> str | None:
        text = line.plain
        if is_glyphs(text):
            return "glyphs"
        if is_share_bar(text):
            return "share"
        if is_read_also(text, bool(line.links)):
            # The heading (or inline "اقرأ أيضاً: <link>") goes, and the link list after it.
            self.skipping_links = True
            return "read_also"
        if is_date_or_number(text):
            return "date"
        return None

    def _rule(self, text: str) -> str | None:
        key = line_key(text)
        for rule in self.rules:
            if rule.matches(text, key):
                self.matched_rule = rule
                return f"rule:{rule.text}"
        return None


def _all_links(line: Line) -> bool:
    """A line whose whole text is link text (a list of headlines pointing elsewhere)."""
    plain = normalize_arabic(line.plain)
    linked = normalize_arabic(" ".join(line.links))
    return bool(plain) and re.sub(r"\W", "", plain) == re.sub(r"\W", "", linked)
