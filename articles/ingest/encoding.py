"""Which encoding a feed's bytes are in, when it is not declared or declared wrongly.

Detection (``charset_normalizer``) proposes the encodings under which the bytes read as
language rather than noise; ``plausible`` then refuses a reading whose words mix scripts, the
mark of a wrong code page: Arabic in ISO-8859-6 read as windows-1256 comes out as Arabic words
with "à", "ç" and "é" inside them.
"""

import codecs
import re
import unicodedata
from functools import lru_cache

import charset_normalizer

# The share of words (of those with a letter outside ASCII) that may mix scripts: a brand name
# glued to an Arabic suffix happens, a code page's worth of them does not.
MIXED_WORDS_ALLOWED = 0.02
# How noisy (charset_normalizer's "chaos", 0 to 1) and how little like a language ("coherence")
# a detected reading may be. Right readings of the project's legacy feeds score 0 and above 0.5;
# wrong code pages 0.05 to 0.2 and below 0.35.
MAX_CHAOS = 0.1
MIN_COHERENCE = 0.3
_WORD = re.compile(r"[^\W\d_]+")
# C1 controls: never text; a Latin code page's reading of bytes meant for another one.
_C1 = re.compile("[\x80-\x9f]")


@lru_cache(maxsize=4096)
def _script(char: str) -> str:
    if char.isascii():
        return "LATIN"
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else "?"


def _mixes_scripts(word: str) -> bool:
    scripts = {_script(char) for char in word if char.isalpha()}
    return len(scripts) > 1


def plausible(text: str) -> bool:
    """Whether ``text`` reads as text in some script rather than as a wrong code page's noise."""
    if "\ufffd" in text or _C1.search(text):
        return False
    words = [word for word in _WORD.findall(text) if not word.isascii()]
    if not words:
        return True
    mixed = sum(1 for word in words if _mixes_scripts(word))
    return mixed <= len(words) * MIXED_WORDS_ALLOWED


def detected_encodings(data: bytes) -> tuple[list[str], bool]:
    """The encodings under which ``data`` reads as language, likeliest first (Python codec names), and
    whether detection proposed anything at all.

    A proposal counts when its reading is nearly free of noise (``MAX_CHAOS``) and reads as a
    language (``MIN_COHERENCE``), or is free of noise entirely: Arabic bytes read as KOI8-R or
    Mac Cyrillic make Cyrillic "words" that are noisy and belong to no language.
    """
    names = []
    matches = list(charset_normalizer.from_bytes(data))
    for match in matches:
        if match.chaos > MAX_CHAOS or (match.chaos > 0 and match.coherence < MIN_COHERENCE):
            continue
        try:
            names.append(codecs.lookup(match.encoding).name)
        except LookupError:
            continue
    return list(dict.fromkeys(names)), bool(matches)


# UTF-8 read once as windows-1252 (or Latin-1) and saved again as UTF-8: every Arabic letter
# becomes "Ø" or "Ù" and a second character ("Ø§Ù„" for "ال"), a curly quote "â€œ". Each run of
# such pairs and triples is turned back into its bytes and read as UTF-8; the rest stays as it is.
_CP1252_BYTES = {
    bytes([byte]).decode("cp1252"): byte for byte in range(0x80, 0xA0) if byte not in {0x81, 0x8D, 0x8F, 0x90, 0x9D}
}
_CONTINUATION = "[\u0080-\u00bf" + "".join(sorted(_CP1252_BYTES)) + "]"
_DOUBLE_UTF8 = re.compile(f"(?:[\u00c2-\u00df]{_CONTINUATION}|[\u00e0-\u00ef]{_CONTINUATION}{{2}})+")
# Fewer pairs than this is more likely Latin text with accents than a mix-up.
DOUBLE_UTF8_MIN_RUNS = 3


def _as_utf8(run: str) -> str:
    try:
        return bytes(_CP1252_BYTES.get(char, ord(char)) for char in run).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return run


def undo_double_utf8(text: str) -> str | None:
    """``text`` repaired where it is UTF-8 that was decoded as windows-1252 or Latin-1 and encoded again; else None."""
    runs = _DOUBLE_UTF8.findall(text[:20000])
    if len(runs) < DOUBLE_UTF8_MIN_RUNS or not any(_arabic_or_punctuation(run) for run in runs):
        return None
    repaired = _DOUBLE_UTF8.sub(lambda match: _as_utf8(match.group()), text)
    return repaired if repaired != text and plausible(repaired) else None


def _arabic_or_punctuation(run: str) -> bool:
    """A run that reads, as UTF-8, as Arabic or typographic punctuation (not accented Latin such as "Ã©")."""
    text = _as_utf8(run)
    return any("\u0600" <= char <= "\u06ff" or "\u2010" <= char <= "\u206f" for char in text)
