"""Republication disclaimer placeholders: validation and rendering.

A disclaimer template is plain text with ``{source_name}``, ``{source_url}`` and
``{site_name}`` placeholders. Values are wrapped in Unicode isolates (FSI … PDI) so a
Latin outlet name inside an Arabic sentence keeps its place wherever the text goes:
HTML, feeds, meta tags.
"""

from string import Formatter

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .text import clean_text

PLACEHOLDERS = ("source_name", "source_url", "site_name")

FSI = "\u2068"
PDI = "\u2069"


def isolate(value: str) -> str:
    """Wrap a value in first-strong isolates for plain-text outputs.

    The value is cleaned first (``sources.text.clean_text``): whatever is stored, no control
    character reaches the output and no direction control in it can close the isolate early
    or reach past it.
    """
    value = clean_text(value)
    return f"{FSI}{value}{PDI}" if value else ""


def validate_placeholders(text: str) -> None:
    """Refuse anything but the known ``{name}`` placeholders, with a message naming the culprit."""
    try:
        fields = [(name, spec, conv) for _lit, name, spec, conv in Formatter().parse(text) if name is not None]
    except ValueError:
        raise ValidationError(
            _('Unbalanced braces: write placeholders as {source_name}, and a literal brace as "{{" or "}}".'),
            code="braces",
        ) from None
    known = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
    for name, spec, conversion in fields:
        if name not in PLACEHOLDERS or spec or conversion:
            raise ValidationError(
                _("Unknown placeholder {%(name)s}. Use only: %(known)s."),
                code="placeholder",
                params={"name": name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else ""), "known": known},
            )


def render_placeholders(text: str, *, source_name: str, source_url: str, site_name: str) -> str:
    """Fill the placeholders of a validated template; values are bidi-isolated."""
    return text.format(
        source_name=isolate(source_name),
        source_url=isolate(source_url),
        site_name=isolate(site_name),
    )
