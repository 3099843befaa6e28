"""Debris rules: the phrases and patterns editors add so that ingest removes their partners' page debris."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles.ingest.debris import LineRule, line_key
from articles.models import DebrisRule
from sources.admin_busy import DatabaseBusyAdminMixin
from sources.admin_display import boolean_column
from sources.admin_forms import TextDirectionAdminMixin

BUILT_IN = _(
    "Besides these rules, ingest always removes lines made only of symbols (×, bullets, arrows), share "
    "buttons, “read also” headings with their links, a lone date, time or number, the headline repeated as the "
    "first line and a paragraph repeated. Rules apply to items read from now on; every removed line stays "
    "visible on its item."
)


class DebrisRuleForm(forms.ModelForm):
    sample = forms.CharField(
        label=_("Try it on these lines"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_(
            "Optional: paste lines from a partner's page, one per line. Saving tells you which of them the rule removes."
        ),
    )

    class Meta:
        model = DebrisRule
        fields = ["kind", "text", "max_words", "note", "is_active"]


def lines_removed_by(rule: DebrisRule, sample: str) -> tuple[list[str], int]:
    """Which of ``sample``'s lines ``rule`` removes, and how many lines there were."""
    line_rule = LineRule(rule.kind, rule.text, rule.max_words)
    lines = [" ".join(line.split()) for line in sample.splitlines() if line.strip()]
    return [line for line in lines if line_rule.matches(line, line_key(line))], len(lines)


@admin.register(DebrisRule)
class DebrisRuleAdmin(DatabaseBusyAdminMixin, TextDirectionAdminMixin, admin.ModelAdmin):
    list_display = ["text", "kind", "max_words", "note", boolean_column(DebrisRule, "is_active")]
    list_filter = ["kind", "is_active"]
    search_fields = ["text", "note"]
    ordering = ["kind", "text"]
    form = DebrisRuleForm
    fieldsets = [
        (None, {"description": BUILT_IN, "fields": ["kind", "text", "max_words", "note", "is_active", "sample"]})
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        sample = form.cleaned_data.get("sample") or ""
        if not sample.strip():
            return
        removed, total = lines_removed_by(obj, sample)
        message = ngettext(
            "Of the %(total)d line tried, this rule removes %(count)d.",
            "Of the %(total)d lines tried, this rule removes %(count)d.",
            total,
        ) % {"total": total, "count": len(removed)}
        if removed:
            # Translators: the first part says how many lines the rule removes; then the lines, separated by "|".
            message = gettext("%(summary)s Removed: %(lines)s") % {"summary": message, "lines": " | ".join(removed)}
        self.message_user(request, message, messages.INFO if removed else messages.WARNING)
