"""Tag input parsing: editors type Arabic commas (،) between tags as often as Latin ones."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from taggit import forms
from taggit.utils import _parse_tags

ARABIC_COMMA = "\u060c"


def parse_tags(tagstring: str) -> list[str]:
    """Split a typed tag list on Latin or Arabic commas (taggit's rules otherwise)."""
    return _parse_tags((tagstring or "").replace(ARABIC_COMMA, ","))


class TagField(forms.TagField):
    """taggit's tag input, refusing a tag longer than a tag's name can hold (instead of a database error)."""

    max_tag_length = 100

    def clean(self, value):
        tags = super().clean(value)
        too_long = [tag for tag in tags if len(tag) > self.max_tag_length]
        if too_long:
            raise ValidationError(
                gettext("A tag can be at most %(limit)d characters long: “%(tag)s…” is longer.")
                % {"limit": self.max_tag_length, "tag": too_long[0][:30]},
                code="tag_too_long",
            )
        return tags
