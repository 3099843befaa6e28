"""Dates as Arabic readers expect them: Gregorian with Arabic month names, and the Hijri date.

Gregorian month and weekday names come from Django's own translated calendar names (its
Arabic catalogue uses the Egyptian names يناير … ديسمبر). In Arabic, the site setting
``MONTH_NAMES`` chooses those ("egyptian"), the Levantine names كانون الثاني … كانون الأول
("levantine") or both, as "كانون الأول/ديسمبر" ("both"). The Hijri date follows the official
Umm al-Qura calendar through ``hijridate``, whose range covers 1343–1500 AH (1924–2077);
outside it no Hijri date is shown rather than a wrong one. Every number shown goes through
``articles.public.numerals`` for the ``DIGITS`` setting; the ISO value stays in Western digits.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone, translation
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import gettext
from hijridate import Gregorian

from articles.public.numerals import shown_digits

MONTH_NAME_STYLES = ("levantine", "egyptian", "both")
# The Levantine (Syriac-derived) month names are a second Arabic calendar vocabulary, not a
# translation of an English word, so they are data here rather than catalog entries; the
# Egyptian names come from Django's Arabic catalog (MONTHS).
LEVANTINE_MONTHS = {
    1: "كانون الثاني",
    2: "شباط",
    3: "آذار",
    4: "نيسان",
    5: "أيار",
    6: "حزيران",
    7: "تموز",
    8: "آب",
    9: "أيلول",
    10: "تشرين الأول",
    11: "تشرين الثاني",
    12: "كانون الأول",
}


def month_name_style() -> str:
    """The ``MONTH_NAMES`` setting, checked, so a typo fails loudly instead of falling back quietly."""
    style = getattr(settings, "MONTH_NAMES", "egyptian")
    if style not in MONTH_NAME_STYLES:
        raise ImproperlyConfigured(f"MONTH_NAMES must be one of {', '.join(MONTH_NAME_STYLES)}, not {style!r}.")
    return style


def month_name(month: int, language: str) -> str:
    """The Gregorian month's name in ``language``; in Arabic, as the ``MONTH_NAMES`` setting says."""
    with translation.override(language):
        translated = str(MONTHS[month])
    if language.split("-")[0] != "ar":
        return translated
    style = month_name_style()
    if style == "levantine":
        return LEVANTINE_MONTHS[month]
    if style == "both":
        return f"{LEVANTINE_MONTHS[month]}/{translated}"
    return translated


@dataclass(frozen=True)
class ReaderDate:
    iso: str
    gregorian: str
    short: str
    time: str
    hijri: str


def hijri_date(value: datetime, language: str) -> str:
    """The Umm al-Qura Hijri date of ``value`` (in local time), e.g. "7 جمادى الآخرة 1446 هـ"."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    try:
        hijri = Gregorian(local.year, local.month, local.day).to_hijri()
    except OverflowError:
        return ""
    name_language = "ar" if language.startswith("ar") else "en"
    with translation.override(language):
        # Translators: a Hijri date, e.g. "7 Jumada al-Akhirah 1446 AH".
        text = gettext("%(day)s %(month)s %(year)s %(era)s") % {
            "day": hijri.day,
            "month": hijri.month_name(name_language),
            "year": hijri.year,
            "era": hijri.notation(name_language),
        }
    return shown_digits(text, language)


def reader_date(value: datetime, language: str | None = None) -> ReaderDate:
    """Everything a page shows about one moment, in ``language`` and the site's time zone."""
    language = language or translation.get_language()
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    with translation.override(language):
        # Translators: a weekday and a Gregorian date, e.g. "Sunday 8 December 2024".
        gregorian = gettext("%(weekday)s %(day)s %(month)s %(year)s") % {
            "weekday": WEEKDAYS[local.weekday()],
            "day": local.day,
            "month": month_name(local.month, language),
            "year": local.year,
        }
        # Translators: a short Gregorian date, e.g. "8 December 2024".
        short = gettext("%(day)s %(month)s %(year)s") % {
            "day": local.day,
            "month": month_name(local.month, language),
            "year": local.year,
        }
    return ReaderDate(
        iso=local.isoformat(timespec="seconds"),
        gregorian=shown_digits(gregorian, language),
        short=shown_digits(short, language),
        time=shown_digits(local.strftime("%H:%M"), language),
        hijri=hijri_date(local, language),
    )
