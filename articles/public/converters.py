"""URL converters: Django's <slug:> only matches ASCII, and our slugs are Arabic."""

from django.urls import register_converter


class UnicodeSlugConverter:
    """Letters of any script, digits, hyphens and underscores (``[-\\w]+`` is Unicode-aware)."""

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


# Registered once, on first import, by whichever URLconf needs it first.
register_converter(UnicodeSlugConverter, "uslug")
