"""The media library in the admin: upload once, credit and rights, focal point, search in Arabic."""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from parler.admin import TranslatableAdmin
from parler.forms import TranslatableModelForm

from articles.models import Picture
from articles.newsroom.pictures import (
    picture_galleries_update,
    picture_refresh_search,
    picture_restore,
    picture_search,
    picture_stories_update,
)
from sources.admin_busy import DatabaseBusyAdminMixin
from sources.admin_forms import TextDirectionAdminMixin
from sources.images import read_rights_metadata

# What an upload's IPTC or XMP may pre-fill, when the editor left the field empty.
_PREFILLED = ("creator", "credit", "copyright_notice", "licence_url")


class PictureAdminForm(TranslatableModelForm):
    """The picture form: a new upload's IPTC and XMP rights fill the fields the editor left empty."""

    class Meta:
        model = Picture
        fields = "__all__"
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1", "data-focal": "x"}),
            "focal_y": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1", "data-focal": "y"}),
            "usage_terms": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None and "file" in self.changed_data and not self.errors.get("file"):
            # Read before the stored copy loses its metadata (``Picture.save`` strips it).
            declared = read_rights_metadata(upload)
            for name in _PREFILLED:
                if declared.get(name) and not cleaned.get(name):
                    cleaned[name] = declared[name]
            if declared.get("caption") and not cleaned.get("caption"):
                cleaned["caption"] = declared["caption"][:500]
        return cleaned


class ExpiredFilter(admin.SimpleListFilter):
    title = _("rights")
    parameter_name = "rights"

    def lookups(self, request, model_admin):
        return [("expired", _("Expired")), ("expiring", _("Expiring within 30 days")), ("withdrawn", _("Withdrawn from stories"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "expired":
            return queryset.filter(rights_expire_at__lte=now)
        if self.value() == "expiring":
            return queryset.filter(rights_expire_at__gt=now, rights_expire_at__lte=now + timezone.timedelta(days=30))
        if self.value() == "withdrawn":
            return queryset.filter(withdrawn_at__isnull=False)
        return queryset


@admin.register(Picture)
class PictureAdmin(DatabaseBusyAdminMixin, TextDirectionAdminMixin, TranslatableAdmin):
    form = PictureAdminForm
    list_display = ["thumbnail", "__str__", "language_column", "credit", "source", "rights_expire_at", "story_count"]
    list_filter = [ExpiredFilter, "source"]
    search_fields = ["search_text"]
    list_select_related = ["source"]
    readonly_fields = ["focal_point_picker", "size", "withdrawn_at", "uploaded_by", "created_at"]
    fieldsets = [
        (None, {"fields": ["file", "focal_point_picker", "focal_x", "focal_y", "size", "alt", "caption", "keywords"]}),
        (
            _("Credit and rights"),
            {
                "fields": [
                    "credit",
                    "credit_translated",
                    "creator",
                    "copyright_notice",
                    "source",
                    "licence",
                    "licence_url",
                    "acquire_licence_url",
                    "usage_terms",
                    "rights_expire_at",
                    "withdrawn_at",
                ]
            },
        ),
        (_("Upload"), {"fields": ["uploaded_by", "created_at"]}),
    ]
    autocomplete_fields = ["source"]

    class Media:
        js = ["khabar/focal-point.js"]
        css = {"all": ["khabar/admin-media.css"]}

    def get_queryset(self, request):
        # Aggregating drops the default ordering: the list and the chooser pages need one.
        queryset = super().get_queryset(request).annotate(story_total=Count("lead_of")).prefetch_related("translations")
        return queryset.order_by("-created_at", "-pk")

    def get_search_results(self, request, queryset, search_term):
        """Caption, alt text, credit, creator and tags, matched after Arabic normalization."""
        if not search_term.strip():
            return queryset, False
        return picture_search(queryset, search_term), False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        picture = form.instance
        picture_refresh_search(picture=picture)
        if change:
            picture_restore(picture=picture)
            picture_stories_update(picture=picture)
            picture_galleries_update(picture=picture)

    @admin.display(description=_("picture"))
    def thumbnail(self, obj: Picture):
        if not obj.file:
            return ""
        alt = obj.safe_translation_getter("alt", any_language=True) or ""
        return format_html('<img class="library-thumb" src="{}" alt="{}" width="96" loading="lazy">', obj.file.url, alt)

    @admin.display(description=_("stories"), ordering="story_total")
    def story_count(self, obj: Picture) -> int:
        return obj.story_total

    @admin.display(description=_("size"))
    def size(self, obj: Picture) -> str:
        return format_html('<bdi dir="ltr">{}×{}</bdi>', obj.width, obj.height) if obj.width else ""

    @admin.display(description=_("focal point"))
    def focal_point_picker(self, obj: Picture):
        if not obj or not obj.file:
            return gettext("Save the picture first, then click on it to set its focal point.")
        return format_html(
            '<div class="focal-picker"><img src="{}" alt="" data-focal-image><span class="focal-picker__mark" '
            'data-focal-mark hidden></span></div><p class="help">{}</p>',
            obj.file.url,
            gettext("Click the most important point: crops for every shape keep it in view."),
        )
