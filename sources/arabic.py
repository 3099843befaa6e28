"""Arabic text helpers shared by slugs, tag keys, alias matching and search.

Arabic is typed with and without diacritics, with several alef forms, with tatweel
stretching and with ta marbuta / alef maqsura written as ha / ya. Anything that matches
text (tags, source aliases, duplicate detection, search) compares the output of
``normalize_arabic`` so that those variants meet.
"""

import re
import unicodedata

from django.utils.text import slugify

from sources.text import fold_presentation_forms, zwnj_as_space

# Harakat, tanween, shadda, sukun, superscript alef, Quranic marks (U+0610–U+061A,
# U+064B–U+065F, U+0670, U+06D6–U+06ED) and tatweel (U+0640).
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]")
_TATWEEL = "\u0640"

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

# Letter variants folded for matching. Hamza on alef is dropped (أ إ آ ٱ -> ا) rather than
# turned into a bare hamza (ء), which would break matching; ؤ/ئ become their carrier letters.
# Where one spelling writes ئو and another ؤو (مسئول / مسؤول, شئون / شؤون), the ئ is read as ؤ
# first, so that both spellings, and the one typed without hamza (مسوول), meet.
_HAMZA_ON_YA_BEFORE_WAW = re.compile("\u0626(?=\u0648)")
_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        "ی": "ي",  # Persian yeh
        "ک": "ك",  # Persian kaf
    }
)
# The same foldings as (from, to) pairs: str.translate with a dict reads every character through
# the dict, several times slower than a few str.replace on the few letters that are there.
_FOLDS = tuple(
    (chr(source), chr(target) if isinstance(target, int) else target)
    for source, target in {**_DIGITS, **_LETTERS}.items()
)
# Invisible format characters typed inside words: soft hyphen, zero-width (non-)joiners and
# spaces, direction marks, embeddings and isolates, byte-order mark.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def strip_diacritics(text: str) -> str:
    """Remove tashkeel and tatweel, keeping every letter as written."""
    return _DIACRITICS.sub("", text).replace(_TATWEEL, "")


def western_digits(text: str) -> str:
    """Turn Arabic-Indic and Persian digits into 0-9."""
    return text.translate(_DIGITS)


def normalize_arabic(text: str) -> str:
    """Fold spelling variants so that equal words compare equal (for matching, never display)."""
    text = unicodedata.normalize("NFKC", zwnj_as_space(text or ""))
    text = _INVISIBLE.sub("", strip_diacritics(text))
    text = _HAMZA_ON_YA_BEFORE_WAW.sub("ؤ", text)
    for variant, letter in _FOLDS:  # western_digits, then _LETTERS
        if variant in text:
            text = text.replace(variant, letter)
    return " ".join(text.split()).casefold()  # str.split's whitespace is re's \s


# Punctuation between two digits ("14:30", "3,5", "٣٫٥") or between two words ("الأول/ديسمبر")
# parts them: slugify would delete it and fuse "1430". Apostrophes and dots inside words
# ("U.S.", "don't") still fuse, as slugify always did.
_DIGIT_GLUE = re.compile(r"(?<=\d)[^\w\s-]+(?=\d)")
_WORD_GLUE = re.compile(r"(?<=\w)[^\w\s'’ʼ.-]+(?=\w)")


def arabic_slugify(text: str, max_length: int = 80) -> str:
    """A Unicode slug without diacritics or tatweel, Western digits, cut at a word boundary.

    Digit groups and words that punctuation kept apart stay apart ("14:30" → "14-30"), a ZWNJ
    between two words is a space, and the cut keeps every whole word that fits.
    """
    text = western_digits(strip_diacritics(zwnj_as_space(fold_presentation_forms(text or ""))))
    text = _WORD_GLUE.sub("-", _DIGIT_GLUE.sub("-", text))
    slug = slugify(text, allow_unicode=True)
    slug = re.sub(r"-{2,}", "-", slug).strip("-_")
    if len(slug) > max_length:
        cut = slug[:max_length]
        # The cut falls just before a hyphen: the last word fitted whole.
        slug = cut if slug[max_length] == "-" else (cut.rsplit("-", 1)[0] or cut)
        slug = slug.strip("-_")
    return slug
