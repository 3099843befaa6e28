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
stacked marks (shadda and a vowel) in their canonical order, which renders the same.

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

# A tag as serialized by the sanitizer (attribute values quoted), kept apart from the text.
_TAG = re.compile(r"""(<[^<>"']*(?:"[^"]*"[^<>"']*|'[^']*'[^<>"']*)*>)""")


def _rejoin_surrogates(text: str) -> str:
    """Pairs of surrogates (text decoded as UTF-16 halves) become their character; lone ones go."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "ignore")


def clean_characters(text: str, *, multiline: bool = False) -> str:
    """``text`` without control characters, lone surrogates or noncharacters, in NFC.

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
