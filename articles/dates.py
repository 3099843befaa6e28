"""Dates as Arabic readers expect them: Gregorian with Arabic month names, and the Hijri date.

Gregorian month and weekday names come from Django's own translated calendar names (its
Arabic catalogue uses يناير … ديسمبر). The Hijri date follows the official Umm al-Qura
calendar through ``hijridate``, whose range covers 1343–1500 AH (1924–2077); outside it
no Hijri date is shown rather than a wrong one.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone, translation
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import gettext
from hijridate import Gregorian


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
        return gettext("%(day)s %(month)s %(year)s %(era)s") % {
            "day": hijri.day,
            "month": hijri.month_name(name_language),
            "year": hijri.year,
            "era": hijri.notation(name_language),
        }


def reader_date(value: datetime, language: str | None = None) -> ReaderDate:
    """Everything a page shows about one moment, in ``language`` and the site's time zone."""
    language = language or translation.get_language()
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    with translation.override(language):
        # Translators: a weekday and a Gregorian date, e.g. "Sunday 8 December 2024".
        gregorian = gettext("%(weekday)s %(day)s %(month)s %(year)s") % {
            "weekday": WEEKDAYS[local.weekday()],
            "day": local.day,
            "month": MONTHS[local.month],
            "year": local.year,
        }
        # Translators: a short Gregorian date, e.g. "8 December 2024".
        short = gettext("%(day)s %(month)s %(year)s") % {
            "day": local.day,
            "month": MONTHS[local.month],
            "year": local.year,
        }
    return ReaderDate(
        iso=local.isoformat(timespec="seconds"),
        gregorian=gregorian,
        short=short,
        time=local.strftime("%H:%M"),
        hijri=hijri_date(local, language),
    )
