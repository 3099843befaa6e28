"""The newsroom admin: sections, tags and articles, in Arabic and right-to-left by default."""

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from parler.admin import TranslatableAdmin
from taggit.admin import Tag as TaggitTag
from taggit.managers import TaggableManager

from .models import Article, Section, Tag, TaggedArticle
from .tagging import TagField

admin.site.site_header = _("Khabar newsroom")
admin.site.site_title = _("Khabar")
admin.site.index_title = _("Newsroom")

# Khabar keeps its own Tag model (with a normalized Arabic key); taggit's stock one stays unused.
admin.site.unregister(TaggitTag)


@admin.register(Section)
class SectionAdmin(TranslatableAdmin):
    list_display = ["__str__", "language_column", "ordering", "is_active"]
    list_editable = ["ordering", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["translations__name", "translations__slug"]
    fields = ["name", "slug", "ordering", "is_active"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("translations")


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name", "normalized", "slug"]
    ordering = ["name"]
    readonly_fields = ["normalized"]
    actions = ["merge_tags"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("tagged_articles"))

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
            for tag in others:
                for item in TaggedArticle.objects.filter(tag=tag):
                    TaggedArticle.objects.get_or_create(content_object_id=item.content_object_id, tag=keep)
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


@admin.register(Article)
class ArticleAdmin(TranslatableAdmin):
    list_display = ["__str__", "language_column", "section", "origin", "source", "status", "published_at", "updated_at"]
    list_filter = ["status", "origin", "section", "source", "published_at"]
    search_fields = ["translations__title", "translations__summary"]
    ordering = ["-updated_at"]
    date_hierarchy = "published_at"
    list_select_related = ["section", "source"]
    autocomplete_fields = ["section", "source", "cited_sources", "disclaimer_template"]
    readonly_fields = ["status", "published_at", "created_at", "updated_at", "disclaimer_preview"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "section", "summary", "body", "tags"]}),
        (_("Byline and place"), {"fields": ["byline", "dateline"]}),
        (
            _("Lead image"),
            {"fields": ["lead_image", "lead_image_alt", "lead_image_caption", "lead_image_credit", "lead_image_from_source"]},
        ),
        (
            _("Attribution"),
            {
                "fields": [
                    "origin",
                    "source",
                    "original_url",
                    "original_published_at",
                    "cited_sources",
                    "disclaimer_template",
                    "disclaimer_preview",
                ]
            },
        ),
        (_("Status"), {"fields": ["status", "published_at", "created_at", "updated_at"]}),
    ]
    formfield_overrides = {TaggableManager: {"form_class": TagField}}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("translations", "section__translations", "source__translations")
        )

    @admin.display(description=_("disclaimer"))
    def disclaimer_preview(self, obj: Article) -> str:
        if not obj.pk or not obj.is_republished:
            return "—"
        # parler sets the object's current language to the tab being edited.
        return obj.render_disclaimer(obj.get_current_language())

    def save_model(self, request, obj, form, change):
        if not change and not obj.author_id:
            obj.author = request.user
        super().save_model(request, obj, form, change)
