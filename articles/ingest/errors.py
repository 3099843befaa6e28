"""What can go wrong with a feed, as stable codes with messages editors can read.

A run stores the code and its parameters, never a rendered sentence, so the admin shows the
error in whichever language the editor reads it.
"""

import math

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

MESSAGES = {
    "timeout": ngettext_lazy(
        "The feed's server did not answer in time (after %(seconds)s second).",
        "The feed's server did not answer in time (after %(seconds)s seconds).",
        "seconds",
    ),
    "connection": _("The feed's server could not be reached: %(detail)s."),
    "http_status": _("The feed's server answered with HTTP error %(status)s instead of the feed."),
    "too_large": _("The feed is larger than the %(megabytes)s MB allowed, so it was not read."),
    "too_many_redirects": ngettext_lazy(
        "The feed's address redirected more than %(limit)s time, so it was abandoned.",
        "The feed's address redirected more than %(limit)s times, so it was abandoned.",
        "limit",
    ),
    "bad_address": _("The feed's address cannot be fetched: %(detail)s."),
    "entities": _(
        "The feed declares XML entities, a known way to attack feed readers (entity expansion or external "
        "entities). It was refused without being read."
    ),
    "malformed": _("The feed is damaged and could not be read as RSS, Atom or JSON Feed: %(detail)s."),
    "not_a_feed": _("The address returned something that is not a feed (for example a web page)."),
    "file": _("The feed file could not be read: %(detail)s."),
    "unexpected": _("An unexpected error stopped this feed: %(detail)s. Other feeds were not affected."),
    # Per item.
    "item_empty": _("An item without a headline or text was skipped (%(guid)s)."),
    "item_failed": _("An item could not be saved (%(guid)s): %(detail)s."),
    "auto_publish_refused": _("“%(title)s” was left as a draft instead of being published automatically: %(reasons)s"),
}


def render_message(code: str, params: dict | None = None) -> str:
    """The message for ``code`` in the active language, with its parameters filled in."""
    template = MESSAGES.get(code)
    if template is None:
        return code
    try:
        return str(template % {key: _as_number(value) for key, value in (params or {}).items()})
    except (KeyError, TypeError, ValueError):
        return str(template)


class _Count(int):
    """A count for choosing a plural form, shown exactly as it was stored (e.g. "0.5")."""

    def __new__(cls, text: str, number: int):
        count = super().__new__(cls, number)
        count.text = text
        return count

    def __str__(self) -> str:
        return self.text


def _as_number(value):
    """A stored parameter ("30") back as a number, so that a count chooses its plural form.

    A fraction ("0.5") takes the general plural form (that of 3 or more, never "one" or "two").
    """
    if not isinstance(value, str):
        return value
    if value.isdigit() and str(int(value)) == value:
        return int(value)  # the same text when shown ("007" stays a string)
    try:
        number = float(value)
    except ValueError:
        return value
    return _Count(value, max(3, math.ceil(number))) if math.isfinite(number) and number >= 0 else value


def too_large(limit_bytes: int) -> "IngestError":
    return IngestError("too_large", megabytes=f"{limit_bytes / (1024 * 1024):g}")


class IngestError(Exception):
    """A feed-level failure: the feed is marked failed with this message, and the run goes on."""

    def __init__(self, code: str, **params) -> None:
        super().__init__(code)
        self.code = code
        self.params = {key: str(value) for key, value in params.items()}

    def __str__(self) -> str:
        return render_message(self.code, self.params)
