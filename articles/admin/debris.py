"""Debris rules: the phrases and patterns editors add so that ingest removes their partners' page debris."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

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


@admin.register(DebrisRule)
class DebrisRuleAdmin(DatabaseBusyAdminMixin, TextDirectionAdminMixin, admin.ModelAdmin):
    list_display = ["text", "kind", "max_words", "note", boolean_column(DebrisRule, "is_active")]
    list_filter = ["kind", "is_active"]
    search_fields = ["text", "note"]
    ordering = ["kind", "text"]
    fieldsets = [(None, {"description": BUILT_IN, "fields": ["kind", "text", "max_words", "note", "is_active"]})]
