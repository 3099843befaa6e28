"""Values in admin lists, shown in the interface language, and filters on missing translations.

Django's admin draws a yes/no icon for a boolean column with the English words "True" or
"False" as its alternative text, which screen readers then speak inside the Arabic admin.
These columns draw the same icon with a translated "Yes" or "No".
"""

from collections.abc import Callable

from django.contrib import admin
from django.db import models
from django.db.models import Exists, OuterRef, QuerySet
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The edition whose names editors are asked to give (sources' names, tags' translations).
ENGLISH = "en"


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


def without_translation(queryset: QuerySet, field: str, language: str = ENGLISH) -> QuerySet:
    """The objects of ``queryset`` (a parler model's) with no ``field`` in ``language``, or an empty one."""
    translations = queryset.model._parler_meta.root_model.objects.filter(
        master=OuterRef("pk"), language_code=language
    ).exclude(**{field: ""})
    return queryset.filter(~Exists(translations))


def english_name_filter(field: str) -> type[admin.SimpleListFilter]:
    """A list filter on whether the English translation of ``field`` is given or missing."""

    class EnglishNameFilter(admin.SimpleListFilter):
        title = _("English name")
        parameter_name = "english_name"

        def lookups(self, request, model_admin):
            return [("missing", _("Missing")), ("given", _("Given"))]

        def queryset(self, request, queryset):
            if self.value() == "missing":
                return without_translation(queryset, field)
            if self.value() == "given":
                return queryset.exclude(pk__in=without_translation(queryset, field).values("pk"))
            return queryset

    return EnglishNameFilter
