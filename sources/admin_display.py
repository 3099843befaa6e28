"""Values in admin lists, shown in the interface language.

Django's admin draws a yes/no icon for a boolean column with the English words "True" or
"False" as its alternative text, which screen readers then speak inside the Arabic admin.
These columns draw the same icon with a translated "Yes" or "No".
"""

from collections.abc import Callable

from django.contrib import admin
from django.db import models
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext


def yes_no_icon(value: bool) -> str:
    """Django's yes/no icon, with translated alternative text."""
    icon, text = ("yes", gettext("Yes")) if value else ("no", gettext("No"))
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)


def boolean_column(model: type[models.Model], field: str) -> Callable:
    """A list_display column for the (non-null) boolean ``model.field``, sortable and titled like the field."""

    @admin.display(description=model._meta.get_field(field).verbose_name, ordering=field)
    def column(obj) -> str:
        return yes_no_icon(getattr(obj, field))

    column.__name__ = field  # keeps the column's CSS class (column-<field>)
    return column
