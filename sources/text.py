"""Text hygiene: what a plain-text value may hold once it is saved, and what XML may hold on the way out.

A headline pasted from a word processor can carry a vertical tab (its Shift+Enter), which XML
1.0 cannot hold at all, so one story took down every feed. A stray bidi control (a pop
directional isolate, then a right-to-left override) closes the isolate a value is wrapped in
and turns the rest of the line around. ``clean_text`` keeps such characters out of every
plain-text field when it is saved; ``clean_markup`` does the same inside a sanitized body;
``xml_text`` strips what XML cannot carry from anything written as XML, whatever is stored.

What Arabic needs stays untouched: ZWNJ and ZWJ (U+200C/D), LRM and RLM (U+200E/F), ALM
(U+061C), tatweel and every combining mark. NFC never changes an Arabic letter; it only
composes a letter with a combining hamza or madda into the one precomposed letter, and puts
stacked marks (shadda and a vowel) in their canonical order, which renders the same. Arabic
presentation forms (the shaped glyphs of U+FB50–U+FDFF and U+FE70–U+FEFF that old systems and
PDF copies produce) are folded to their letters: they look the same but match nothing.

Every function here is pure, so migrations may import them.
"""

import re
import unicodedata
from collections.abc import Iterable

# Line breaks a single-line field turns into one space, and a multi-line one into "\n":
# CR LF, LF, VT (Shift+Enter in word processors), FF, CR, NEL, LINE and PARAGRAPH SEPARATOR.
_BREAKS = "\n\x0b\x0c\r\x85\u2028\u2029"
_LINE_BREAK = re.compile(f"\r\n|[{_BREAKS}]")
_SINGLE_LINE_SPACE = re.compile(f"[\t{_BREAKS}]+")

# Noncharacters: U+FDD0-U+FDEF and the last two code points of every plane.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
_SURROGATES = "\ud800-\udfff"
_SURROGATE = re.compile(f"[{_SURROGATES}]")
# The C0 controls, DEL and the C1 controls, but tab and the line breaks (handled above).
_UNSAFE = re.compile(f"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f{_SURROGATES}{_NONCHARACTERS}]")
# What XML 1.0 forbids (C0 controls but tab, newline and CR; surrogates; U+FFFE, U+FFFF) or
# discourages (DEL, C1 controls, the other noncharacters).
_XML_UNSAFE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_SURROGATES}{_NONCHARACTERS}]")

# Explicit bidi formatting: embeddings and overrides (LRE RLE LRO RLO, closed by PDF) and
# isolates (LRI RLI FSI, closed by PDI). A paragraph separator ends them all.
_EMBEDDINGS = frozenset("\u202a\u202b\u202d\u202e")
_ISOLATES = frozenset("\u2066\u2067\u2068")
PDF = "\u202c"
PDI = "\u2069"
_PARAGRAPH_ENDS = "\n\r\x1c-\x1e\x85\u2029"
_BIDI = re.compile(f"[\u202a-\u202e\u2066-\u2069{_PARAGRAPH_ENDS}]")
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")

# Every character ``clean_text(…, multiline=True)`` may remove or change (beside text not in NFC):
# _UNSAFE, line breaks but "\n", presentation forms, bidi controls. Text without any stays as it is.
_MARKUP_CHANGES = re.compile(
    f"[\x00-\x08\x0b\x0c\r\x0e-\x1f\x7f-\x9f{_SURROGATES}{_NONCHARACTERS}\u2028\u2029"
    "\ufb50-\ufdff\ufe70-\ufefe\u202a-\u202e\u2066-\u2069]"
)

# A tag as serialized by the sanitizer (attribute values quoted), kept apart from the text.
_TAG = re.compile(r"""(<[^<>"']*(?:"[^"]*"[^<>"']*|'[^']*'[^<>"']*)*>)""")


# Arabic presentation forms -> their letters, as NFKC maps them, for those two blocks only (NFKC
# elsewhere would also turn superscripts, ligatures like "ﬁ" and full-width forms into others).
# Letters and marks only: the rial sign (U+FDFC) and the ornate parentheses stay symbols. An
# isolated vowel form (U+FE70 …) becomes the mark alone, so that it sits on the letter before it.
_PRESENTATION_FORMS = {
    code: unicodedata.normalize("NFKC", chr(code)).lstrip(" ")
    for block in (range(0xFB50, 0xFE00), range(0xFE70, 0xFF00))
    for code in block
    if unicodedata.category(chr(code))[0] in "LM" and unicodedata.normalize("NFKC", chr(code)) != chr(code)
}
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")

ZWNJ = "\u200c"
# Arabic letters that never join the letter after them: a ZWNJ after one changes nothing a reader
# sees, so it is a slip inside a word ("سو‌ريا"), not a break between two.
_RIGHT_JOINING = frozenset("ءآأؤإاةدذرزوٱٲٳٵٶٷڈډڊڋڌڍڎڏڐڑڒړڔڕږڗژڙۀۃۄۅۆۇۈۉۊۋۍۏ")
# Persian writes some prefixes and suffixes with a ZWNJ inside the word (می‌خواهم, کتاب‌ها).
_PERSIAN_PREFIXES = frozenset({"می", "نمی"})
_PERSIAN_SUFFIXES = frozenset({"ها", "های", "هایی", "ای", "ام", "اش", "ات", "اند", "ایم", "اید", "تر", "ترین", "ی"})
_ZWNJ_RUN = re.compile("\u200c+")
_WORD_BEFORE = re.compile(r"[^\W\d_]+$")
_WORD_AFTER = re.compile(r"[^\W\d_]+")


def fold_presentation_forms(text: str) -> str:
    """``text`` with Arabic presentation forms (shaped glyphs, ligatures such as ﻻ) turned into letters."""
    if not text or not _PRESENTATION.search(text):
        return text or ""
    return text.translate(_PRESENTATION_FORMS)


def _joins_left(char: str) -> bool:
    return "\u0620" <= char <= "\u06ff" and (char.isalpha() or char == "\u0640") and char not in _RIGHT_JOINING


def zwnj_as_space(text: str) -> str:
    """A ZWNJ that parts two words becomes a space; one typed inside a word goes (for matching and slugs).

    It parts two words when it visibly breaks the joining of Arabic letters between two runs of
    two letters or more ("الأمم‌المتحدة"),
    unless it marks a Persian prefix or suffix ("می‌خواهم", "کتاب‌ها"); elsewhere (after a letter
    that does not join, beside a space, between digits or Latin letters) it changed nothing visible.
    """
    if not text or ZWNJ not in text:
        return text or ""

    def replace(match: re.Match) -> str:
        start, end = match.span()
        if start == 0 or end == len(text) or not _joins_left(text[start - 1]):
            return ""
        before, after = _WORD_BEFORE.search(text[:start]), _WORD_AFTER.match(text[end:])
        if before is None or after is None or not "\u0620" <= after.group()[0] <= "\u06ff":
            return ""
        if len(before.group()) < 2 or len(after.group()) < 2:
            return ""  # a lone letter is not a word: the mark was typed inside one ("ع‌دن")
        if before.group() in _PERSIAN_PREFIXES or after.group() in _PERSIAN_SUFFIXES:
            return match.group()
        return " "

    return _ZWNJ_RUN.sub(replace, text)


def _rejoin_surrogates(text: str) -> str:
    """Pairs of surrogates (text decoded as UTF-16 halves) become their character; lone ones go."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "ignore")


def clean_characters(text: str, *, multiline: bool = False) -> str:
    """``text`` without control characters, lone surrogates or noncharacters, in NFC, with letters for
    Arabic presentation forms.

    Tab and newline stay in ``multiline`` text (every other line break becomes "\\n"). A single
    line loses the line breaks and tabs at its ends and has every other run of them turned into
    one space.
    """
    if not text:
        return ""
    if _SURROGATE.search(text):
        text = _rejoin_surrogates(text)
    text = _UNSAFE.sub("", text)
    if multiline:
        text = _LINE_BREAK.sub("\n", text)
    else:
        text = _SINGLE_LINE_SPACE.sub(" ", text.strip(f"\t{_BREAKS}"))
    text = fold_presentation_forms(text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def balance_bidi(text: str) -> str:
    """``text`` keeping only the bidi embeddings, overrides and isolates closed inside it.

    An opener is kept with its own closer when they nest properly within one line; every other
    opener or closer is removed, so no value can change the direction of what follows it or
    close an isolate it is wrapped in. The text between them stays. Marks (LRM, RLM, ALM) are
    not controls that need closing and stay.
    """
    if not _BIDI_CONTROL.search(text or ""):
        return text or ""
    dropped: set[int] = set()
    open_at: list[int] = []  # positions of the openers still open, innermost last
    for match in _BIDI.finditer(text):
        at, char = match.start(), match.group()
        if char in _EMBEDDINGS or char in _ISOLATES:
            open_at.append(at)
        elif char == PDF:
            # A PDF closes the innermost embedding, never across an isolate.
            if open_at and text[open_at[-1]] in _EMBEDDINGS:
                open_at.pop()
            else:
                dropped.add(at)
        elif char == PDI:
            # A PDI closes the innermost isolate; embeddings left open inside it are unpaired.
            isolate = next((n for n in range(len(open_at) - 1, -1, -1) if text[open_at[n]] in _ISOLATES), None)
            if isolate is None:
                dropped.add(at)
            else:
                dropped.update(open_at[isolate + 1 :])
                del open_at[isolate:]
        else:  # the end of a paragraph ends whatever is open
            dropped.update(open_at)
            open_at.clear()
    dropped.update(open_at)
    if not dropped:
        return text
    return "".join(char for at, char in enumerate(text) if at not in dropped)


def clean_text(value: str | None, *, multiline: bool = False) -> str:
    """A plain-text value as it may be stored and shown: see ``clean_characters`` and ``balance_bidi``.

    ``multiline`` is for text fields whose line breaks mean something (a summary, notes);
    anything else is one line.
    """
    return balance_bidi(clean_characters(value or "", multiline=multiline))


def clean_markup(html: str | None) -> str:
    """Sanitized HTML with its text and attribute values cleaned as multi-line text.

    Direction controls are balanced within each run of text between tags, so that none can
    reach past the element it was typed in.
    """
    if not html:
        return ""
    if not _MARKUP_CHANGES.search(html) and unicodedata.is_normalized("NFC", html):
        return html  # nothing in it that cleaning changes (the parts of NFC text are NFC)
    return "".join(clean_text(part, multiline=True) for part in _TAG.split(html))


def clean_text_fields(obj, *, single_line: Iterable[str] = (), multiline: Iterable[str] = ()) -> None:
    """Clean the named plain-text attributes of ``obj`` in place (a model or translation about to be saved)."""
    for names, is_multiline in ((single_line, False), (multiline, True)):
        for name in names:
            value = getattr(obj, name)
            if isinstance(value, str):
                setattr(obj, name, clean_text(value, multiline=is_multiline))


def xml_text(value: str) -> str:
    """``value`` without the characters XML 1.0 cannot carry or discourages (controls, surrogates, noncharacters)."""
    if not value or not _XML_UNSAFE.search(value):
        return value
    return _XML_UNSAFE.sub("", value)
