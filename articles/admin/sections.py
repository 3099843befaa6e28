"""Sections and tags in the admin; tags can be merged and translated."""

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from parler.admin import TranslatableAdmin

from articles.models import Section, Tag, TaggedArticle
from sources.admin_busy import DatabaseBusyAdminMixin
from sources.admin_display import english_name_filter
from sources.admin_forms import TextDirectionAdminMixin


@admin.register(Section)
class SectionAdmin(DatabaseBusyAdminMixin, TextDirectionAdminMixin, TranslatableAdmin):
    list_display = ["__str__", "language_column", "ordering", "is_active"]
    list_editable = ["ordering", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["translations__name", "translations__slug"]
    fields = ["name", "slug", "ordering", "is_active"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("translations")


@admin.register(Tag)
class TagAdmin(DatabaseBusyAdminMixin, TextDirectionAdminMixin, TranslatableAdmin):
    """Tags as written (the key typed tags are matched on) and their translation per edition."""

    list_display = ["name", "language_column", "slug", "article_count"]
    list_filter = [english_name_filter("translated_name")]
    search_fields = ["name", "normalized", "slug", "translations__translated_name"]
    ordering = ["name"]
    readonly_fields = ["normalized"]
    fields = ["name", "translated_name", "slug", "normalized"]
    actions = ["merge_tags"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("tagged_articles")).prefetch_related("translations")

    @admin.display(description=_("articles"), ordering="article_total")
    def article_count(self, obj: Tag) -> int:
        return obj.article_total

    @admin.action(description=_("Merge selected tags into the most used one"))
    def merge_tags(self, request, queryset):
        tags = list(queryset.order_by("-article_total", "pk"))
        if len(tags) < 2:
            self.message_user(request, _("Select at least two tags to merge."), messages.WARNING)
            return
        keep, others = tags[0], tags[1:]
        with transaction.atomic():
            translations = Tag._parler_meta.root_model.objects
            for tag in others:
                for item in TaggedArticle.objects.filter(tag=tag):
                    TaggedArticle.objects.get_or_create(content_object_id=item.content_object_id, tag=keep)
                # A translation the kept tag lacks is carried over rather than lost with the merged tag.
                kept_languages = translations.filter(master=keep).exclude(translated_name="").values("language_code")
                translations.filter(master=keep, translated_name="").delete()
                translations.filter(master=tag).exclude(language_code__in=kept_languages).update(master=keep)
                tag.delete()
        self.message_user(
            request,
            ngettext(
                "%(count)d tag was merged into “%(tag)s”.",
                "%(count)d tags were merged into “%(tag)s”.",
                len(others),
            )
            % {"count": len(others), "tag": keep.name},
            messages.SUCCESS,
        )
