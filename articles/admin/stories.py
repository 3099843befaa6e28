"""The story list and form: columns, filters, who may change what, and saving with revisions."""

import reversion
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils.html import format_html
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_lazy as _
from parler.admin import TranslatableAdmin
from taggit.managers import TaggableManager

from articles.admin.attribution import AttributionViewsMixin
from articles.admin.forms import ArticleAdminForm
from articles.admin.ingest import IngestedItemInline
from articles.admin.live import LiveDeskMixin
from articles.admin.people import ContributionInline
from articles.admin.share_preview import share_preview_html
from articles.admin.story_views import StoryViewsMixin, local_time, problems_text, short_time
from articles.admin.users import PeopleFilter, full_name
from articles.models import Article, Correction, GalleryItem, IngestedItem, translations_from_prefetch
from articles.models.workflow import State
from articles.newsroom.autosave import autosave_apply, autosave_discard, autosave_for
from articles.newsroom.outbox import outbox_story_edited
from articles.newsroom.people import article_credit_writer
from articles.newsroom.permissions import (
    can_correct,
    can_edit,
    can_edit_everything,
    can_translate,
)
from articles.newsroom.pictures import article_body_pictures_refresh, article_gallery_refresh, article_picture_saved
from articles.newsroom.revisions import add_article_to_revision
from articles.newsroom.services import article_correct
from articles.newsroom.tagging import TagField
from articles.public.pagination import EstimatedCountPaginator
from articles.search.engine import admin_search
from sources.admin_busy import DatabaseBusyAdminMixin
from sources.admin_forms import TextDirectionAdminMixin


class TranslatedRelatedFilter(admin.RelatedFieldListFilter):
    """The choices of a section or source filter with their names in one query, not one per choice."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        queryset = field.related_model._default_manager.prefetch_related("translations")
        if ordering:
            queryset = queryset.order_by(*ordering)
        objects = list(queryset)
        translations_from_prefetch(objects)
        return [(obj.pk, str(obj)) for obj in objects]


class StoryChangeList(ChangeList):
    """The story list, whose rows (and their sections and sources) take their names from the
    prefetch without writing each to the shared cache (``translations_from_prefetch``)."""

    def get_results(self, request):
        super().get_results(request)
        stories = list(self.result_list)  # evaluates the page once; the template reuses it
        translations_from_prefetch(stories)
        translations_from_prefetch([story.section for story in stories if story.section_id])
        translations_from_prefetch([story.source for story in stories if story.source_id])


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return State.choices

    def queryset(self, request, queryset):
        if self.value() in State.values:
            return queryset.in_state(self.value())
        return queryset


class LanguageFilter(admin.SimpleListFilter):
    title = _("language")
    parameter_name = "translated"

    def lookups(self, request, model_admin):
        return settings.LANGUAGES

    def queryset(self, request, queryset):
        if self.value():
            translations = Article._parler_meta.root_model.objects.filter(
                master=OuterRef("pk"), language_code=self.value()
            )
            return queryset.filter(Exists(translations))
        return queryset


class MyArticlesFilter(admin.SimpleListFilter):
    title = _("my articles")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("1", _("Only mine"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(author=request.user)
        return queryset


class GalleryItemInline(admin.TabularInline):
    """The story's gallery: library pictures in order, shown to readers after the text."""

    model = GalleryItem
    fields = ["picture", "position"]
    autocomplete_fields = ["picture"]
    extra = 0
    verbose_name = _("gallery picture")
    verbose_name_plural = _("gallery (pictures from the library, in order)")


class CorrectionInline(admin.TabularInline):
    """Dated correction notes: editors add them to published stories; once added they are kept as written."""

    model = Correction
    extra = 1
    fields = ["language", "text", "created_at", "created_by"]
    readonly_fields = ["created_at", "created_by"]

    def has_add_permission(self, request, obj=None):
        return obj is not None and obj.is_public() and can_correct(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(
    LiveDeskMixin,
    AttributionViewsMixin,
    StoryViewsMixin,
    DatabaseBusyAdminMixin,
    TextDirectionAdminMixin,
    TranslatableAdmin,
):
    form = ArticleAdminForm
    list_display = [
        "__str__",
        "language_column",
        "state_column",
        "section",
        "source",
        "author_column",
        "published_column",
        "updated_column",
    ]
    list_filter = [
        StateFilter,
        MyArticlesFilter,
        ("section", TranslatedRelatedFilter),
        ("source", TranslatedRelatedFilter),
        ("author", PeopleFilter),
        LanguageFilter,
        "origin",
    ]
    search_fields = ["translations__title", "translations__summary"]
    ordering = ["-updated_at"]
    # No exact COUNT over the whole table on every page: "N results (M total)" is left out, and
    # on PostgreSQL a long list's size is the planner's estimate (see articles.public.pagination).
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    date_hierarchy = "published_at"
    list_select_related = ["section", "source", "author"]
    autocomplete_fields = ["section", "source", "via_source", "cited_sources", "disclaimer_template", "picture"]
    readonly_fields = [
        "state_display",
        "status",
        "published_at",
        "withdrawn_at",
        "author_name",
        "updated_by_name",
        "created_at",
        "updated_at",
        "disclaimer_preview",
        "share_preview",
    ]
    fieldsets = [
        (None, {"fields": ["title", "keep_headline_as_typed", "slug", "section", "summary", "body", "tags"]}),
        (_("Byline and place"), {"fields": ["byline", "dateline"]}),
        (
            _("Lead image"),
            {
                "fields": [
                    "picture",
                    "lead_image",
                    "lead_image_alt",
                    "lead_image_caption",
                    "lead_image_credit",
                    "lead_image_credit_translated",
                    "lead_image_from_source",
                ]
            },
        ),
        (_("Search engines and social networks"), {"fields": ["seo_title", "seo_description", "share_image", "share_preview"]}),
        (
            _("Attribution"),
            {
                "fields": [
                    "origin",
                    "source",
                    "via_source",
                    "original_url",
                    "original_published_at",
                    "cited_sources",
                    "disclaimer_template",
                    "disclaimer_preview",
                    "is_breaking",
                    "do_not_distribute",
                ]
            },
        ),
        (
            _("Status"),
            {
                "fields": [
                    "state_display",
                    "published_at",
                    "withdrawn_at",
                    "author_name",
                    "updated_by_name",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]
    formfield_overrides = {TaggableManager: {"form_class": TagField}}
    inlines = [ContributionInline, GalleryItemInline, CorrectionInline, IngestedItemInline]
    actions = ["submit_selected", "publish_selected", "unschedule_selected", "withdraw_selected"]

    class Media:
        # Translates the rich-text editor's toolbar, which the editor leaves in English.
        # Ctrl+S saves; leaving with unsaved changes asks first. Library pictures go into the body.
        js = ["khabar/editor-i18n.js", "khabar/admin-form.js", "khabar/body-pictures.js"]

    # ---- queries and columns ----

    def get_search_results(self, request, queryset, search_term):
        """The admin's search box uses the readers' Arabic-aware search (any state, any language)."""
        if not search_term.strip():
            return queryset, False
        return admin_search(queryset, search_term), False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("translations", "section__translations", "source__translations")
        )

    def get_changelist(self, request, **kwargs):
        return StoryChangeList

    @admin.display(description=_("published"), ordering="published_at")
    def published_column(self, obj: Article) -> str:
        return short_time(obj.published_at)

    @admin.display(description=_("updated"), ordering="updated_at")
    def updated_column(self, obj: Article) -> str:
        return short_time(obj.updated_at)

    @admin.display(description=_("author"), ordering="author__first_name")
    def author_column(self, obj: Article) -> str:
        return full_name(obj.author)

    @admin.display(description=_("author"))
    def author_name(self, obj: Article) -> str:
        return full_name(obj.author)

    @admin.display(description=_("last changed by"))
    def updated_by_name(self, obj: Article) -> str:
        return full_name(obj.updated_by)

    @admin.display(description=_("state"), ordering="status")
    def state_column(self, obj: Article) -> str:
        return obj.state().label

    @admin.display(description=_("state"))
    def state_display(self, obj: Article) -> str:
        if obj.pk is None:
            return State.DRAFT.label
        state = obj.state()
        if state == State.SCHEDULED:
            return gettext("Scheduled for %(time)s") % {"time": local_time(obj.published_at)}
        return state.label

    def view_on_site(self, obj: Article) -> str | None:
        # Only a story readers can see has a page to visit; the others have the preview.
        return (obj.get_absolute_url() or None) if obj.is_public() else None

    @admin.display(description=_("disclaimer"))
    def disclaimer_preview(self, obj: Article) -> str:
        if not obj.pk or not obj.is_republished:
            return "—"
        # parler sets the object's current language to the tab being edited.
        language = obj.get_current_language()
        direction = "rtl" if get_language_info(language)["bidi"] else "ltr"
        return format_html('<div lang="{}" dir="{}">{}</div>', language, direction, obj.render_disclaimer(language))

    @admin.display(description=_("preview"))
    def share_preview(self, obj: Article) -> str:
        """Where admin-form.js draws the search result and the share card as the editor types."""
        return share_preview_html(obj)

    # ---- who may change what ----

    def has_change_permission(self, request, obj=None):
        if obj is None or not isinstance(obj, Article):
            return super().has_change_permission(request, obj)
        return can_edit(request.user, obj, obj.get_current_language())

    def has_delete_permission(self, request, obj=None):
        if isinstance(obj, Article._parler_meta.root_model):
            # Removing a whole translation is an edit of the story, never of its Arabic original.
            return obj.language_code != settings.PARLER_DEFAULT_LANGUAGE_CODE and can_edit_everything(
                request.user, obj.master
            )
        return super().has_delete_permission(request, obj)

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm("articles.publish_article")

    def has_submit_permission(self, request) -> bool:
        return request.user.has_perm("articles.submit_article")

    def has_withdraw_permission(self, request) -> bool:
        return request.user.has_perm("articles.withdraw_article")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.get_form_language(request, obj) == settings.PARLER_DEFAULT_LANGUAGE_CODE:
            # The credit as written is the original's: no translation of it on the original's tab.
            fieldsets = [
                (name, {**options, "fields": [f for f in options["fields"] if f != "lead_image_credit_translated"]})
                for name, options in fieldsets
            ]
        if obj is not None and not self.has_change_permission(request, obj):
            # A read-only view has no headline to keep: the form's own input is left out.
            fieldsets = [
                (name, {**options, "fields": [f for f in options["fields"] if f != "keep_headline_as_typed"]})
                for name, options in fieldsets
            ]
        return fieldsets

    @property
    def opts_fields(self) -> set[str]:
        """The model's own field names (the form's extra inputs are never read-only columns)."""
        return {field.name for field in Article._meta.get_fields()} | set(Article._parler_meta.get_all_fields())

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if (
            obj is not None
            and not can_edit_everything(request.user, obj)
            and can_translate(request.user, obj, obj.get_current_language())
        ):
            # Translators change the text of their language only: no attribution, tags or state.
            translated = set(Article._parler_meta.get_all_fields())
            for _name, options in self.get_fieldsets(request, obj):
                readonly += [
                    f for f in options["fields"] if f not in translated and f not in readonly and f in self.opts_fields
                ]
        return readonly

    def get_inlines(self, request, obj):
        if obj is None:
            return []
        inlines = super().get_inlines(request, obj)
        if not request.user.has_perm("articles.view_correction"):
            inlines = [inline for inline in inlines if inline is not CorrectionInline]
        if not IngestedItem.objects.filter(article=obj).exists():
            inlines = [inline for inline in inlines if inline is not IngestedItemInline]
        return inlines

    # ---- saving: revisions, optimistic locking, corrections through their service ----

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(gettext("Edited in the admin."))
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and request.method == "GET" and request.GET.get("autosave") == "restore":
            # The form shows the autosaved text; the story itself changes only when the form is saved.
            autosave = autosave_for(article=obj, by=request.user, language=obj.get_current_language())
            if autosave is not None:
                autosave_apply(article=obj, autosave=autosave)
                request.autosave_restored = autosave
        return obj

    def save_model(self, request, obj, form, change):
        if not change and not obj.author_id:
            obj.author = request.user
        if change:
            # The form checked, under a row lock, that the posted version is the current one.
            obj.version = form.cleaned_data["version"] + 1
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        article_picture_saved(article=obj, by=request.user, changed=set(form.changed_data))
        autosave_discard(article=obj, by=request.user, language=obj.get_current_language())
        if form.label_taken_out:
            self.message_user(
                request,
                gettext(
                    "“%(label)s” was taken out of the headline: the section is shown beside it. To keep it, type it "
                    "again, tick “Keep the headline as typed” and save."
                )
                % {"label": form.label_taken_out},
                messages.INFO,
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            # Writers are credited on their own stories; editors add the others on the form.
            article_credit_writer(article=form.instance, user=form.instance.author)
        # The credits as the contributors just saved made them (not refresh_from_db: it drops parler's translations).
        form.instance.credits = Article.objects.filter(pk=form.instance.pk).values_list("credits", flat=True).get()
        article_gallery_refresh(article=form.instance)
        article_body_pictures_refresh(article=form.instance)
        add_article_to_revision(form.instance)
        edited = form.has_changed() or any(fs.has_changed() for fs in formsets if fs.model is not Correction)
        if change and edited:
            # Same transaction as the edit: a published story's change reaches the outbox or nothing does.
            outbox_story_edited(article=form.instance)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Correction:
            return super().save_formset(request, form, formset, change)
        created = []
        for inline_form in formset.extra_forms:
            if inline_form.has_changed() and inline_form.cleaned_data.get("text"):
                try:
                    created.append(
                        article_correct(
                            article=form.instance,
                            by=request.user,
                            text=inline_form.cleaned_data["text"],
                            language=inline_form.cleaned_data.get("language"),
                        )
                    )
                except ValidationError as error:
                    self.message_user(request, problems_text(error), messages.ERROR)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = created, [], []
