"""The story change page's own views and actions: workflow buttons, timeline, revisions, previews,
shared preview links and bulk actions, each calling the matching newsroom service."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles.admin.distribution import distribution_timeline
from articles.admin.forms import TransitionForm, WithdrawSelectedForm
from articles.models import Article
from articles.models.workflow import TRANSITIONS, Action, actions_from
from articles.newsroom.autosave import autosave_discard, autosave_for, autosave_store
from articles.newsroom.permissions import (
    can_edit_everything,
    can_restore_revision,
    can_take,
)
from articles.newsroom.revisions import article_revisions, compare, snapshot
from articles.newsroom.services import SERVICES, article_restore_revision
from articles.public import preview

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


def problems_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def short_time(value) -> str:
    """A list's date: day and month (and year, when not this one) and the time; "—" for none."""
    if value is None:
        return "—"
    local = timezone.localtime(value)
    day = formats.date_format(local, "MONTH_DAY_FORMAT" if local.year == timezone.localtime().year else "DATE_FORMAT")
    return gettext("%(day)s, %(time)s") % {"day": day, "time": local.strftime("%H:%M")}


def local_time(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT") if value else ""



class StoryViewsMixin:
    """The views and actions ``ArticleAdmin`` adds to Django's change form and list."""

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
            path("<path:object_id>/autosave/", view(self.autosave_view), name=f"{prefix}_autosave"),
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
                    "distributions": distribution_timeline(obj.pk),
                    "schedule_min": timezone.localtime(now).strftime("%Y-%m-%dT%H:%M"),
                    "can_share": can_edit_everything(request.user, obj) and not obj.is_public(now),
                    "autosave": autosave_for(article=obj, by=request.user, language=obj.get_current_language()),
                    "autosave_restored": getattr(request, "autosave_restored", None),
                    "autosave_seconds": settings.ADMIN_AUTOSAVE_SECONDS,
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
                request, REFUSED_MESSAGES[action] % {"title": title, "problems": problems_text(error)}, messages.ERROR
            )
        else:
            self.message_user(
                request,
                SUCCESS_MESSAGES[action]
                % {
                    "title": title,
                    "time": local_time(article.published_at),
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
            self.message_user(request, problems_text(error), messages.ERROR)
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
                time=local_time(preview.share_link_expiry()),
                url=url,
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._change_url(obj))

    # ---- autosave: the form's text kept apart every few seconds ----

    def autosave_view(self, request, object_id):
        """POST: keep the form's text (``discard=1``: throw it away); answers JSON for the form's script."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self._get_or_404(request, object_id)
        language = request.POST.get("language_code") or obj.get_current_language()
        if language not in dict(settings.LANGUAGES):
            return JsonResponse({"error": gettext("Unknown language.")}, status=400)
        if request.POST.get("discard"):
            autosave_discard(article=obj, by=request.user, language=language)
            self.message_user(request, gettext("The unsaved changes were thrown away."), messages.INFO)
            return HttpResponseRedirect(f"{self._change_url(obj)}?language={language}")
        autosave = autosave_store(article=obj, by=request.user, language=language, data=request.POST)
        kept_at = formats.time_format(timezone.localtime(autosave.saved_at), "TIME_FORMAT")
        return JsonResponse({"saved_at": autosave.saved_at.isoformat(), "note": gettext("Kept at %(time)s") % {"time": kept_at}})

    # ---- bulk actions, each story through its service ----

    def _bulk(self, request, queryset, action: Action, **kwargs) -> None:
        done, refused = 0, []
        for article in queryset:
            try:
                SERVICES[action](article=article, by=request.user, **kwargs)
            except (ValidationError, PermissionDenied) as error:
                problems = problems_text(error) if isinstance(error, ValidationError) else str(error)
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
