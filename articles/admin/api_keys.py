"""Keys of the read API: made here, shown once, kept only as a digest."""

from django.contrib import admin, messages
from django.utils.translation import gettext

from articles.models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "owner", "requests_per_minute", "may_read_embargoed", "is_active", "last_used_at"]
    list_filter = ["is_active", "may_read_embargoed"]
    search_fields = ["name", "prefix", "owner__username"]
    ordering = ["-created_at", "-pk"]
    list_select_related = ["owner"]
    autocomplete_fields = ["owner"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    fields = ["name", "owner", "requests_per_minute", "may_read_embargoed", "is_active", "prefix", "created_at", "last_used_at"]

    def get_changeform_initial_data(self, request):
        return {"owner": request.user.pk, **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        plain = None if change else obj.issue()
        super().save_model(request, obj, form, change)
        if plain:
            self.message_user(
                request,
                gettext("The key of “%(name)s” is %(key)s. Copy it now: it is not shown again.")
                % {"name": obj.name, "key": plain},
                messages.WARNING,
            )
