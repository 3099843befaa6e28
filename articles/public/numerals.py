"""Digits as readers of the page's language see them: Western (0-9) or Arabic-Indic (٠-٩).

The site setting ``DIGITS`` ("western" or "arabic-indic") applies to numbers shown to
readers of Arabic pages: dates, counts and page numbers. Everything a machine reads
(URLs, ``datetime`` attributes, JSON-LD, feeds, sitemaps) never passes through here and
keeps Western digits. Only text is converted, never whole responses.
"""

import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

DIGIT_STYLES = ("western", "arabic-indic")
_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
# Character references such as &#x27; (what escaping makes of an apostrophe) keep their digits.
_DIGITS_OUTSIDE_REFERENCES = re.compile(r"&#?\w+;|[0-9]+")


def digit_style() -> str:
    """The ``DIGITS`` setting, checked, so a typo fails loudly instead of silently showing 0-9."""
    style = getattr(settings, "DIGITS", "western")
    if style not in DIGIT_STYLES:
        raise ImproperlyConfigured(f"DIGITS must be one of {', '.join(DIGIT_STYLES)}, not {style!r}.")
    return style


def uses_arabic_indic(language: str | None = None) -> bool:
    """Whether numbers shown in ``language`` (default: the active one) use Arabic-Indic digits."""
    language = language or get_language() or settings.LANGUAGE_CODE
    return language.split("-")[0] == "ar" and digit_style() == "arabic-indic"


def shown_digits(value, language: str | None = None) -> str:
    """``value`` as text with the digits readers of ``language`` expect; HTML safety is kept."""
    text = str(value)
    if not uses_arabic_indic(language):
        return value if isinstance(value, str) else text
    converted = _DIGITS_OUTSIDE_REFERENCES.sub(
        lambda match: match.group() if match.group().startswith("&") else match.group().translate(_ARABIC_INDIC),
        text,
    )
    return mark_safe(converted) if isinstance(value, SafeData) else converted  # noqa: S308 (only digits changed)
