"""Admin for sources, their aliases and republication terms, and disclaimer templates."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from parler.admin import TranslatableAdmin

from .admin_busy import DatabaseBusyAdminMixin
from .admin_display import boolean_column, english_name_filter, without_translation
from .admin_forms import DirectionalInlineForm, TextDirectionAdminMixin
from .models import DisclaimerTemplate, Source, SourceAlias


class SourceAliasInline(admin.TabularInline):
    model = SourceAlias
    form = DirectionalInlineForm
    extra = 1
    fields = ["name", "needs_cue", "transliterated"]


@admin.register(Source)
class SourceAdmin(DatabaseBusyAdminMixin, TextDirectionAdminMixin, TranslatableAdmin):
    list_display = [
        "__str__",
        "language_column",
        "kind",
        "country",
        "terms_basis",
        "terms_edits",
        boolean_column(Source, "terms_approved"),
        boolean_column(Source, "is_active"),
        "alias_count",
    ]
    list_filter = [
        "terms_approved",
        english_name_filter("name"),
        "kind",
        "is_active",
        "terms_basis",
        "terms_edits",
        "search_policy",
    ]
    search_fields = ["translations__name", "slug", "aliases__name"]
    ordering = ["slug"]
    autocomplete_fields = ["disclaimer_template"]
    fieldsets = [
        (None, {"fields": ["kind", "name", "slug", "homepage_url", "country", "logo", "is_active"]}),
        (
            _("Republication terms"),
            {
                "fields": [
                    "terms_basis",
                    "terms_edits",
                    "terms_images_allowed",
                    "terms_auto_publish",
                    "terms_redistribution",
                    "terms_expire_at",
                    "search_policy",
                    "disclaimer_template",
                    "terms_notes",
                    "terms_approved",
                ]
            },
        ),
    ]
    # A writer may propose a missing outlet from the story form: its name and address only.
    proposal_fieldsets = [(None, {"fields": ["kind", "name", "slug", "homepage_url", "country"]})]
    inlines = [SourceAliasInline]

    def get_fieldsets(self, request, obj=None):
        if obj is None and not request.user.has_perm("sources.change_source"):
            return self.proposal_fieldsets
        return super().get_fieldsets(request, obj)

    def save_model(self, request, obj, form, change):
        if not change and not request.user.has_perm("sources.change_source"):
            obj.terms_approved = False  # proposed: an editor sets and approves the terms
        super().save_model(request, obj, form, change)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("translations").annotate(alias_total=Count("aliases"))

    def changelist_view(self, request, extra_context=None):
        # The English edition shows these sources' websites instead of a name in English.
        missing = without_translation(Source.objects.filter(is_active=True), "name").count()
        return super().changelist_view(request, {"sources_missing_english": missing, **(extra_context or {})})

    @admin.display(description=_("aliases"), ordering="alias_total")
    def alias_count(self, obj: Source) -> int:
        return obj.alias_total


@admin.register(DisclaimerTemplate)
class DisclaimerTemplateAdmin(DatabaseBusyAdminMixin, TextDirectionAdminMixin, TranslatableAdmin):
    list_display = ["name", "language_column", boolean_column(DisclaimerTemplate, "is_default"), "updated_at"]
    list_filter = ["is_default"]
    search_fields = ["name", "translations__text"]
    ordering = ["-is_default", "name"]
    fields = ["name", "is_default", "text"]
