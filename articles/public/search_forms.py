"""The reader's search form: a query and optional filters, every field forgiving."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from articles.models import Section, Tag
from sources.arabic import western_digits
from sources.models import Source


class ArabicDigitsDateField(forms.DateField):
    """A date typed with Arabic-Indic or Persian digits is read like one typed with 0-9."""

    def to_python(self, value):
        return super().to_python(western_digits(value) if isinstance(value, str) else value)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, strip=True)
    section = forms.ModelChoiceField(
        label=_("Section"),
        queryset=Section.objects.filter(is_active=True).prefetch_related("translations"),
        required=False,
        empty_label=_("All sections"),
    )
    source = forms.ModelChoiceField(
        label=pgettext_lazy("news source", "Source"),
        queryset=Source.objects.prefetch_related("translations"),
        to_field_name="slug",
        required=False,
        empty_label=_("All sources"),
    )
    tag = forms.ModelChoiceField(
        label=_("Tag"), queryset=Tag.objects.all(), to_field_name="slug", required=False, widget=forms.HiddenInput
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("Language of this page")), *settings.LANGUAGES], required=False
    )
    date_from = ArabicDigitsDateField(
        label=pgettext_lazy("date range", "From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = ArabicDigitsDateField(
        label=pgettext_lazy("date range", "To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, choices: dict[str, list[tuple[str, str]]] | None = None, **kwargs):
        """``choices``: the section and source options as ``filter_choices`` gives them (kept
        between searches), so that showing the form reads no section or source; checking a chosen
        one still reads it from the field's queryset."""
        super().__init__(*args, **kwargs)
        for name, options in (choices or {}).items():
            field = self.fields[name]
            field.widget.choices = [("", field.empty_label), *options]

    def filters(self) -> dict:
        """The valid filters only: a bad value is ignored rather than answered with an error."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) or None for name in ("section", "source", "tag", "date_from", "date_to")}


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    """The options of the section and source filters in the active language, as the fields
    would list them (value, name): one read of each, for ``SearchForm(choices=…)``."""
    fields = SearchForm.base_fields
    return {
        name: [(str(field.prepare_value(obj)), field.label_from_instance(obj)) for obj in field.queryset.all()]
        for name, field in ((name, fields[name]) for name in ("section", "source"))
    }
