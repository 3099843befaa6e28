"""Feed dates read strictly: RFC 822 (RSS) and ISO 8601 / W3C-DTF (Atom, JSON Feed), nothing guessed.

feedparser's own reading is lenient: an hour of 25 rolls into the next day, a month it cannot
read is taken from today, and words after the date are ignored, so a broken date became a
plausible wrong one. Here a field out of range, an unknown month or zone, or anything after
the date makes it unreadable (None); the ingest keeps the raw text and flags the item.
"""

import re
from datetime import UTC, datetime, timedelta, timezone

from django.utils import timezone as django_timezone

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAYS = {
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}  # fmt: skip
_ZONES = {"gmt": 0, "ut": 0, "utc": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6,
          "pst": -8, "pdt": -7}  # fmt: skip
_RFC822 = re.compile(
    r"(?:(?P<weekday>[a-z]+)\s*,?\s*)?(?P<day>\d{1,2})\s+(?P<month>[a-z]+)\.?\s+(?P<year>\d{4}|\d{2})\s+"
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?\s*(?P<zone>[a-z]{1,4}|[+-]\d{2}:?\d{2})?",
    re.I,
)
_ISO = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d{1,6})\d*)?)?)?"
    r"\s*(?P<zone>[Zz]|[+-]\d{2}(?::?\d{2})?)?",
)
# A date further ahead is a broken clock or a typo, not a publication time.
FUTURE_MARGIN = timedelta(days=1)


def _offset(zone: str | None) -> timezone | None:
    """The zone as an offset; None when it is not one (a missing zone is UTC, as feeds mean it)."""
    if not zone:
        return UTC
    named = _ZONES.get(zone.lower())
    if named is not None:
        return timezone(timedelta(hours=named))
    match = re.fullmatch(r"([+-])(\d{2}):?(\d{2})?", zone)
    if not match:
        return None
    hours, minutes = int(match.group(2)), int(match.group(3) or 0)
    if hours > 14 or minutes > 59:
        return None
    sign = -1 if match.group(1) == "-" else 1
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _build(year: int, month: int, day: int, hour: int, minute: int, second: int, micro: int, zone) -> datetime | None:
    if zone is None:
        return None
    try:
        value = datetime(year, month, day, hour, minute, second, micro, tzinfo=zone)
    except ValueError:  # hour 25, day 32, month 13, February 30
        return None
    value = value.astimezone(UTC)
    return None if value > django_timezone.now() + FUTURE_MARGIN else value


def rfc822_date(raw: str) -> datetime | None:
    match = _RFC822.fullmatch(raw.strip())
    if not match:
        return None
    weekday, month = match.group("weekday"), _MONTHS.get(match.group("month").lower())
    if month is None or (weekday and weekday.lower() not in _WEEKDAYS):
        return None
    year = int(match.group("year"))
    if len(match.group("year")) == 2:
        year += 2000 if year < 50 else 1900
    return _build(
        year, month, int(match.group("day")), int(match.group("hour")), int(match.group("minute")),
        int(match.group("second") or 0), 0, _offset(match.group("zone")),
    )  # fmt: skip


def iso_date(raw) -> datetime | None:
    """An ISO 8601 / W3C-DTF date ("2025-12-07T08:00:00+03:00", "2025-12-07"), strictly."""
    if not isinstance(raw, str):
        return None
    match = _ISO.fullmatch(raw.strip())
    if not match:
        return None
    number = lambda name: int(match.group(name) or 0)  # noqa: E731
    micro = int((match.group("fraction") or "0").ljust(6, "0"))
    return _build(
        number("year"), number("month"), number("day"), number("hour"), number("minute"), number("second"), micro,
        _offset(match.group("zone")),
    )  # fmt: skip


def feed_date(raw: str) -> datetime | None:
    """A feed's date in UTC, or None when it is missing, unreadable, out of range or in the future."""
    raw = (raw or "").strip()
    if not raw or len(raw) > 100:
        return None
    return rfc822_date(raw) or iso_date(raw)
