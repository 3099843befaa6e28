"""The newsroom admin: sections, tags and articles, in Arabic and right-to-left by default.

Every workflow button posts to a view of its own that calls the matching service; what a user
may do to a story is decided by articles.newsroom.permissions, here and in the services alike.
"""

import reversion
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import get_language_info, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from parler.admin import TranslatableAdmin
from taggit.admin import Tag as TaggitTag
from taggit.managers import TaggableManager

from articles.forms import ArticleAdminForm, TransitionForm, WithdrawSelectedForm
from articles.ingest.admin import IngestedItemInline
from articles.models import Article, Correction, IngestedItem, Section, Tag, TaggedArticle
from articles.models.workflow import TRANSITIONS, Action, State, actions_from
from articles.newsroom.permissions import (
    can_correct,
    can_edit,
    can_edit_everything,
    can_restore_revision,
    can_take,
    can_translate,
)
from articles.newsroom.revisions import add_article_to_revision, article_revisions, compare, snapshot
from articles.newsroom.roles import is_role, role_label
from articles.newsroom.services import SERVICES, article_correct, article_restore_revision
from articles.newsroom.tagging import TagField
from articles.public import preview
from articles.public.pagination import EstimatedCountPaginator
from articles.search.engine import admin_search
from sources.admin_display import boolean_column
from sources.admin_forms import TextDirectionAdminMixin

User = get_user_model()

admin.site.site_header = _("Khabar newsroom")
admin.site.site_title = _("Khabar")
admin.site.index_title = _("Newsroom")

# Khabar keeps its own Tag model (with a normalized Arabic key); taggit's stock one stays unused.
admin.site.unregister(TaggitTag)


@admin.register(Section)
class SectionAdmin(TextDirectionAdminMixin, TranslatableAdmin):
    list_display = ["__str__", "language_column", "ordering", "is_active"]
    list_editable = ["ordering", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["translations__name", "translations__slug"]
    fields = ["name", "slug", "ordering", "is_active"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("translations")


class TranslatedRelatedFilter(admin.RelatedFieldListFilter):
    """The choices of a section or source filter with their names in one query, not one per choice."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        queryset = field.related_model._default_manager.prefetch_related("translations")
        if ordering:
            queryset = queryset.order_by(*ordering)
        return [(obj.pk, str(obj)) for obj in queryset]


@admin.register(Tag)
class TagAdmin(TextDirectionAdminMixin, admin.ModelAdmin):
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


# What each button did and what happens next, shown after the transition.
SUCCESS_MESSAGES = {
    Action.SUBMIT: _(
        "“%(title)s” was sent for review. Editors will find it in the review queue; you can no longer edit it unless they send it back."
    ),
    Action.REQUEST_CHANGES: _(
        "“%(title)s” went back to its writer as a draft, with your comment. It returns to the review queue when they submit it again."
    ),
    Action.PUBLISH: _("“%(title)s” is published and on the site now."),
    Action.SCHEDULE: _(
        "“%(title)s” is scheduled. It will appear on the site at %(time)s (%(zone)s) by itself; until then readers cannot see it."
    ),
    Action.UNSCHEDULE: _(
        "The schedule of “%(title)s” was cancelled. It is back in the review queue and will not appear on the site."
    ),
    Action.WITHDRAW: _("“%(title)s” was withdrawn. Its address now tells readers that the story has been removed."),
    Action.RESTORE: _("“%(title)s” was restored as a draft. It is not on the site; publish it again when it is ready."),
}

# What a button will do, shown beside it before anyone clicks.
TRANSITION_HELP = {
    Action.SUBMIT: _("Editors will review it; you cannot edit it meanwhile."),
    Action.REQUEST_CHANGES: _("Back to the writer as a draft, with your comment."),
    Action.PUBLISH: _("On the site immediately."),
    Action.SCHEDULE: _("On the site by itself at the time you choose; hidden until then."),
    Action.UNSCHEDULE: _("Cancels the publication time; back to the review queue."),
    Action.WITHDRAW: _("Off the site; its address will say the story was removed."),
    Action.RESTORE: _("Back to draft, still off the site."),
}

REFUSED_MESSAGES = {
    Action.SUBMIT: _("“%(title)s” was not sent for review: %(problems)s"),
    Action.REQUEST_CHANGES: _("“%(title)s” was not sent back: %(problems)s"),
    Action.PUBLISH: _("“%(title)s” was not published. To publish it: %(problems)s"),
    Action.SCHEDULE: _("“%(title)s” was not scheduled. To schedule it: %(problems)s"),
    Action.UNSCHEDULE: _("The schedule of “%(title)s” was not cancelled: %(problems)s"),
    Action.WITHDRAW: _("“%(title)s” was not withdrawn: %(problems)s"),
    Action.RESTORE: _("“%(title)s” was not restored: %(problems)s"),
}


def _problems(error: ValidationError) -> str:
    return " ".join(error.messages)


def _local(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT") if value else ""


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
class ArticleAdmin(TextDirectionAdminMixin, TranslatableAdmin):
    form = ArticleAdminForm
    list_display = [
        "__str__",
        "language_column",
        "state_column",
        "section",
        "source",
        "author",
        "published_at",
        "updated_at",
    ]
    list_filter = [
        StateFilter,
        MyArticlesFilter,
        ("section", TranslatedRelatedFilter),
        ("source", TranslatedRelatedFilter),
        ("author", admin.RelatedOnlyFieldListFilter),
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
    autocomplete_fields = ["section", "source", "cited_sources", "disclaimer_template"]
    readonly_fields = [
        "state_display",
        "status",
        "published_at",
        "withdrawn_at",
        "author",
        "updated_by",
        "created_at",
        "updated_at",
        "disclaimer_preview",
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "section", "summary", "body", "tags"]}),
        (_("Byline and place"), {"fields": ["byline", "dateline"]}),
        (
            _("Lead image"),
            {
                "fields": [
                    "lead_image",
                    "lead_image_alt",
                    "lead_image_caption",
                    "lead_image_credit",
                    "lead_image_from_source",
                ]
            },
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
                    "is_breaking",
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
                    "author",
                    "updated_by",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]
    formfield_overrides = {TaggableManager: {"form_class": TagField}}
    inlines = [CorrectionInline, IngestedItemInline]
    actions = ["submit_selected", "publish_selected", "unschedule_selected", "withdraw_selected"]

    class Media:
        # Translates the rich-text editor's toolbar, which the editor leaves in English.
        js = ["khabar/editor-i18n.js"]

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

    @admin.display(description=_("state"), ordering="status")
    def state_column(self, obj: Article) -> str:
        return obj.state().label

    @admin.display(description=_("state"))
    def state_display(self, obj: Article) -> str:
        if obj.pk is None:
            return State.DRAFT.label
        state = obj.state()
        if state == State.SCHEDULED:
            return gettext("Scheduled for %(time)s") % {"time": _local(obj.published_at)}
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
                readonly += [f for f in options["fields"] if f not in translated and f not in readonly]
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

    def save_model(self, request, obj, form, change):
        if not change and not obj.author_id:
            obj.author = request.user
        if change:
            # The form checked, under a row lock, that the posted version is the current one.
            obj.version = form.cleaned_data["version"] + 1
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        add_article_to_revision(form.instance)

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
                    self.message_user(request, _problems(error), messages.ERROR)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = created, [], []

    # ---- the change page: buttons, timeline, revisions, preview ----

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/transition/<str:action>/", view(self.transition_view), name=f"{prefix}_transition"),
            path("<path:object_id>/revisions/", view(self.revisions_view), name=f"{prefix}_revisions"),
            path("<path:object_id>/revisions/compare/", view(self.compare_view), name=f"{prefix}_compare"),
            path(
                "<path:object_id>/revisions/<int:revision_id>/restore/",
                view(self.restore_revision_view),
                name=f"{prefix}_restore_revision",
            ),
            path("<path:object_id>/preview/", view(self.preview_view), name=f"{prefix}_preview"),
            path("<path:object_id>/share/", view(self.share_view), name=f"{prefix}_share"),
        ] + super().get_urls()

    def allowed_transitions(self, request, obj: Article) -> list[dict]:
        """The buttons for exactly the transitions this user may take now."""
        state = obj.state()
        return [
            {
                "action": action.value,
                "label": action.label,
                "help": TRANSITION_HELP[action],
                "comment_required": TRANSITIONS[action].comment_required,
                "needs_time": TRANSITIONS[action].needs_time,
                "url": reverse("admin:articles_article_transition", args=[obj.pk, action.value]),
            }
            for action in actions_from(state)
            if can_take(request.user, obj, action)
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        extra_context = dict(extra_context or {})
        if obj is not None:
            now = timezone.now()
            extra_context.update(
                {
                    "workflow_state": obj.state(now),
                    "transitions": self.allowed_transitions(request, obj),
                    "events": obj.events.select_related("by")[:50],
                    "schedule_min": timezone.localtime(now).strftime("%Y-%m-%dT%H:%M"),
                    "can_share": can_edit_everything(request.user, obj) and not obj.is_public(now),
                }
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def _get_or_404(self, request, object_id) -> Article:
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_permission(request, obj):
            raise Http404
        return obj

    def _change_url(self, obj: Article) -> str:
        return reverse("admin:articles_article_change", args=[obj.pk])

    def transition_view(self, request, object_id, action):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if action not in Action.values:
            raise Http404
        action = Action(action)
        obj = self._get_or_404(request, object_id)
        title = str(obj)
        form = TransitionForm(request.POST)
        if not form.is_valid():
            self.message_user(
                request,
                REFUSED_MESSAGES[action]
                % {"title": title, "problems": " ".join(e for errors in form.errors.values() for e in errors)},
                messages.ERROR,
            )
            return HttpResponseRedirect(self._change_url(obj))
        kwargs = {"article": obj, "by": request.user, "comment": form.cleaned_data["comment"]}
        if action == Action.SCHEDULE:
            kwargs["at"] = form.cleaned_data["publish_at"]
        try:
            # PermissionDenied is left to answer 403: a forged request changes nothing.
            article = SERVICES[action](**kwargs)
        except ValidationError as error:
            self.message_user(
                request, REFUSED_MESSAGES[action] % {"title": title, "problems": _problems(error)}, messages.ERROR
            )
        else:
            self.message_user(
                request,
                SUCCESS_MESSAGES[action]
                % {
                    "title": title,
                    "time": _local(article.published_at),
                    "zone": timezone.get_current_timezone_name(),
                },
                messages.SUCCESS,
            )
        return HttpResponseRedirect(self._change_url(obj))

    def revisions_view(self, request, object_id):
        obj = self._get_or_404(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": gettext("Revisions of “%(title)s”") % {"title": obj},
            "revisions": article_revisions(obj),
            "can_restore": can_restore_revision(request.user, obj),
        }
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)

    def compare_view(self, request, object_id):
        obj = self._get_or_404(request, object_id)
        revisions = {r.pk: r for r in article_revisions(obj)}
        try:
            first, second = (revisions[int(request.GET.get(key, ""))] for key in ("a", "b"))
        except (KeyError, ValueError):
            self.message_user(request, gettext("Choose two revisions of this story to compare."), messages.WARNING)
            return HttpResponseRedirect(reverse("admin:articles_article_revisions", args=[obj.pk]))
        old, new = sorted([first, second], key=lambda r: (r.date_created, r.pk))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": gettext("Changes to “%(title)s”") % {"title": obj},
            "old": old,
            "new": new,
            "diffs": compare(snapshot(obj, old), snapshot(obj, new)),
            "can_restore": can_restore_revision(request.user, obj),
        }
        return TemplateResponse(request, "admin/articles/article/revision_compare.html", context)

    def restore_revision_view(self, request, object_id, revision_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self._get_or_404(request, object_id)
        try:
            article_restore_revision(article=obj, by=request.user, revision_id=revision_id)
        except ValidationError as error:
            self.message_user(request, _problems(error), messages.ERROR)
        else:
            self.message_user(
                request,
                gettext(
                    "The earlier revision of “%(title)s” was restored; its state did not change. The restore is in the timeline."
                )
                % {"title": obj},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(self._change_url(obj))

    def preview_view(self, request, object_id):
        obj = self._get_or_404(request, object_id)
        return preview.render_preview(request, obj, shared=False)

    def share_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self._get_or_404(request, object_id)
        if not can_edit_everything(request.user, obj):
            raise PermissionDenied
        if obj.is_public():
            self.message_user(
                request, gettext("The story is published; share its public address instead."), messages.WARNING
            )
            return HttpResponseRedirect(self._change_url(obj))
        url = request.build_absolute_uri(preview.share_url(obj))
        self.message_user(
            request,
            format_html(
                gettext(
                    "Anyone with this link can read the preview until {time}, or until the story is published: "
                    '<a href="{url}" dir="ltr">{url}</a>'
                ),
                time=_local(preview.share_link_expiry()),
                url=url,
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._change_url(obj))

    # ---- bulk actions, each story through its service ----

    def _bulk(self, request, queryset, action: Action, **kwargs) -> None:
        done, refused = 0, []
        for article in queryset:
            try:
                SERVICES[action](article=article, by=request.user, **kwargs)
            except (ValidationError, PermissionDenied) as error:
                problems = _problems(error) if isinstance(error, ValidationError) else str(error)
                refused.append(REFUSED_MESSAGES[action] % {"title": article, "problems": problems})
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d story: %(what)s", "%(count)d stories: %(what)s", done)
                % {"count": done, "what": action.label},
                messages.SUCCESS,
            )
        for message in refused:
            self.message_user(request, message, messages.ERROR)

    @admin.action(permissions=["submit"], description=_("Submit selected articles for review"))
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, Action.SUBMIT)

    @admin.action(permissions=["publish"], description=_("Publish selected articles now"))
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, Action.PUBLISH)

    @admin.action(permissions=["publish"], description=_("Cancel the schedule of selected articles"))
    def unschedule_selected(self, request, queryset):
        self._bulk(request, queryset, Action.UNSCHEDULE)

    @admin.action(permissions=["withdraw"], description=_("Withdraw selected articles"))
    def withdraw_selected(self, request, queryset):
        form = WithdrawSelectedForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._bulk(request, queryset, Action.WITHDRAW, comment=form.cleaned_data["reason"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Withdraw articles"),
            "articles": queryset,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/article/withdraw_selected.html", context)


admin.site.unregister(Group)
admin.site.unregister(User)


class _ShownAs:
    """An object with another name: Django's row checkbox reads a row's name from ``str(obj)``."""

    def __init__(self, obj, name: str):
        self.pk, self.name = obj.pk, name

    def __str__(self) -> str:
        return self.name


class RoleFilter(admin.RelatedFieldListFilter):
    """The user list's filter by group, naming the newsroom roles in the interface language."""

    def field_choices(self, field, request, model_admin):
        return [(pk, role_label(name)) for pk, name in Group.objects.order_by("name").values_list("pk", "name")]


@admin.register(User)
class NewsroomUserAdmin(UserAdmin):
    """Users, with the newsroom roles named in the interface language in the filter and the form."""

    list_display = ["username", "email", "first_name", "last_name", boolean_column(User, "is_staff")]
    list_filter = ["is_staff", "is_superuser", "is_active", ("groups", RoleFilter)]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups":
            field.label_from_instance = lambda group: role_label(group.name)
        return field


@admin.register(Group)
class RoleGroupAdmin(GroupAdmin):
    """Groups, with the newsroom roles shown in the interface language."""

    list_display = ["display_name", "member_count"]

    def action_checkbox(self, obj: Group) -> str:
        return super().action_checkbox(_ShownAs(obj, self.display_name(obj)))

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("user"))

    @admin.display(description=_("name"), ordering="name")
    def display_name(self, obj: Group) -> str:
        return role_label(obj.name) if is_role(obj.name) else obj.name

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, obj: Group) -> int:
        return obj.member_total
