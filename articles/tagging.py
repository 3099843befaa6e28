"""Tag input parsing: editors type Arabic commas (،) between tags as often as Latin ones."""

from taggit.utils import _parse_tags

ARABIC_COMMA = "\u060c"


def parse_tags(tagstring: str) -> list[str]:
    """Split a typed tag list on Latin or Arabic commas (taggit's rules otherwise)."""
    return _parse_tags((tagstring or "").replace(ARABIC_COMMA, ","))
