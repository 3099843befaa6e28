"""Author profiles, and a story's contributors as an ordered inline of its form."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from parler.admin import TranslatableAdmin

from articles.models import Author, Contribution
from articles.newsroom.permissions import can_edit_everything
from sources.admin_busy import DatabaseBusyAdminMixin
from sources.admin_display import english_name_filter
from sources.admin_forms import TextDirectionAdminMixin


@admin.register(Author)
class AuthorAdmin(DatabaseBusyAdminMixin, TextDirectionAdminMixin, TranslatableAdmin):
    list_display = ["__str__", "language_column", "kind", "slug", "user", "story_count"]
    list_filter = ["kind", english_name_filter("name")]
    search_fields = ["translations__name", "slug", "user__username", "user__first_name", "user__last_name"]
    ordering = ["slug"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    fieldsets = [
        (None, {"fields": ["name", "job_title", "bio", "kind", "slug", "photo"]}),
        (_("Links and account"), {"fields": ["links", "user"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(story_total=Count("contributions__article", distinct=True)).prefetch_related("translations")

    @admin.display(description=_("articles"), ordering="story_total")
    def story_count(self, obj: Author) -> int:
        return obj.story_total


class ContributionInline(admin.TabularInline):
    """Who is credited on the story, in order; translators see it and cannot change it."""

    model = Contribution
    extra = 1
    fields = ["position", "author", "role"]
    autocomplete_fields = ["author"]
    ordering = ["position", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author").prefetch_related("author__translations")

    def _may_change(self, request, obj) -> bool:
        return obj is not None and can_edit_everything(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return self._may_change(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may_change(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_change(request, obj) and super().has_delete_permission(request, obj)
