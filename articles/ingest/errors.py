"""What can go wrong with a feed, as stable codes with messages editors can read.

A run stores the code and its parameters, never a rendered sentence, so the admin shows the
error in whichever language the editor reads it.
"""

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "timeout": _("The feed's server did not answer in time (after %(seconds)s seconds)."),
    "connection": _("The feed's server could not be reached: %(detail)s."),
    "http_status": _("The feed's server answered with HTTP error %(status)s instead of the feed."),
    "too_large": _("The feed is larger than the %(megabytes)s MB allowed, so it was not read."),
    "too_many_redirects": _("The feed's address redirected more than %(limit)s times, so it was abandoned."),
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
        return str(template) % (params or {})
    except (KeyError, TypeError, ValueError):
        return str(template)


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
