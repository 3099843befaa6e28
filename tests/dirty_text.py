"""Dirty text for the hygiene tests (issue 22): every control character, noncharacters, lone
surrogates and every bidi control, and a check that bidi controls are balanced."""

from sources.disclaimers import FSI, PDI

LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRI, RLI = "\u2066", "\u2067"
OPENERS = {LRE: PDF, RLE: PDF, LRO: PDF, RLO: PDF, LRI: PDI, RLI: PDI, FSI: PDI}
BIDI_CONTROLS = [*OPENERS, PDF, PDI]

C0 = [chr(code) for code in range(0x20)]
C1 = [chr(code) for code in range(0x7F, 0xA0)]  # DEL and the C1 controls
LINE_BREAKS = ["\n", "\x0b", "\x0c", "\r", "\r\n", "\x85", "\u2028", "\u2029"]
NONCHARACTERS = [chr(code) for code in range(0xFDD0, 0xFDF0)] + [
    chr(plane << 16 | low) for plane in range(17) for low in (0xFFFE, 0xFFFF)
]
# The spill of the issue: a PDI closing the isolate around the value, then an override.
SPILL = PDI + RLO


def payload(*, nul: bool = True, surrogates: bool = True) -> str:
    """Every C0 and C1 control, a noncharacter of each kind, every bidi control and the spill.

    Short enough (under 90 characters) for the shortest plain field, a 100-character dateline;
    the unit tests of ``sources.text`` cover every noncharacter one by one. ``nul`` is left out
    where the database cannot store U+0000 (PostgreSQL) and where Django's forms refuse it;
    lone surrogates, which no database stores, where the text bypasses hygiene.
    """
    chars = [c for c in C0 if nul or c != "\x00"] + C1
    chars += ["\ufdd0", "\ufdef", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff"]
    chars += BIDI_CONTROLS + [SPILL]
    if surrogates:
        chars += ["\udfff", "\ud800"]  # a low then a high half: two lone halves, never a pair
    return "".join(chars)


def dirty(text: str, **kwargs) -> str:
    """``text`` with the payload in the middle of it."""
    middle = len(text) // 2
    return text[:middle] + payload(**kwargs) + text[middle:]


def dirty_stored(text: str) -> str:
    """``dirty(text)`` as any database stores it, written past save(): no lone surrogates, and no
    U+0000 on PostgreSQL, whose text type refuses it."""
    from django.db import connection

    return dirty(text, nul=connection.vendor != "postgresql", surrogates=False)


def balanced(text: str) -> bool:
    """Whether every bidi opener in ``text`` is closed by its own closer, properly nested."""
    still_open = []
    for char in text:
        if char in OPENERS:
            still_open.append(OPENERS[char])
        elif char in (PDF, PDI):
            if not still_open or still_open.pop() != char:
                return False
    return not still_open


def has_controls(text: str) -> bool:
    """Whether ``text`` holds a control character other than tab and newline, a surrogate or a noncharacter."""
    return any(
        (ord(c) < 0x20 and c not in "\t\n") or 0x7F <= ord(c) < 0xA0 or 0xD800 <= ord(c) < 0xE000 or c in NONCHARACTERS
        for c in text
    )
