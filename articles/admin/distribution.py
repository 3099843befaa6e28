"""Distribution in the admin: Telegram channels and the log of every push (Telegram, WebSub, IndexNow).

Only users with ``articles.manage_distribution`` (the Editors role) see or change either. The bot's
token, the hubs and the IndexNow key are settings of the environment and never shown here.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.template.defaultfilters import truncatechars
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles.admin.permissions import DedicatedPermissionMixin
from articles.events.tasks import deliver_indexnow, deliver_telegram, deliver_websub
from articles.models import Distribution, TelegramChannel
from sources.admin_busy import DatabaseBusyAdminMixin
from sources.tasking import enqueue_on_commit

EMPTY = "—"
PROBLEMS = {
    "timeout": _("No answer in time."),
    "unreachable": _("The address could not be reached, or is not allowed."),
    "invalid_address": _("Not an http or https address."),
    "switched_off": _("The channel is switched off or not configured."),
    "already_posted": _("The story is already in this channel."),
    "not_posted": _("The story was never posted to this channel."),
}
TASKS = {"telegram": deliver_telegram, "websub": deliver_websub, "indexnow": deliver_indexnow}


def problem_text(error: str) -> str:
    return str(PROBLEMS.get(error, error)) if error else ""


def distribution_timeline(article_pk: int) -> list[dict]:
    """Where a story went, oldest first, for its change page: channel, target, action, when, id, outcome."""
    rows = (
        Distribution.objects.filter(article_pk=article_pk)
        .select_related("telegram_channel", "event")
        .order_by("created_at", "pk")[:100]
    )
    return [
        {
            "row": row,
            "target": str(row.telegram_channel) if row.telegram_channel_id else row.target,
            "at": row.last_attempt_at or row.created_at,
            "problem": problem_text(row.error),
        }
        for row in rows
    ]


class _DistributionPermission(DedicatedPermissionMixin):
    """Everything here needs the dedicated permission, whatever the model's own permissions say."""

    dedicated_permission = "articles.manage_distribution"


class TelegramChannelForm(forms.ModelForm):
    class Meta:
        model = TelegramChannel
        fields = ["name", "chat_id", "language", "sections", "tags", "is_enabled"]
        widgets = {"sections": forms.CheckboxSelectMultiple}

    def clean_chat_id(self) -> str:
        value = (self.cleaned_data["chat_id"] or "").strip()
        name_ok = value.startswith("@") and len(value) > 5 and value[1:].replace("_", "").isalnum() and value[1:].isascii()
        if not (name_ok or value.lstrip("-").isdigit()):
            raise forms.ValidationError(gettext("Enter the channel's @username or its numeric id, such as -1001234567890."))
        return value


@admin.register(TelegramChannel)
class TelegramChannelAdmin(_DistributionPermission, DatabaseBusyAdminMixin, admin.ModelAdmin):
    form = TelegramChannelForm
    list_display = ["name", "chat_id", "language", "is_enabled", "carries"]
    list_filter = ["is_enabled", "language"]
    search_fields = ["name", "chat_id"]
    autocomplete_fields = ["tags"]

    @admin.display(description=_("carries"))
    def carries(self, obj: TelegramChannel) -> str:
        names = [section.display_name() for section in obj.sections.all()] + [tag.name for tag in obj.tags.all()]
        return "، ".join(names) or gettext("Every story")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "GET" and not settings.TELEGRAM_BOT_TOKEN:
            self.message_user(
                request,
                gettext("No bot is configured: set TELEGRAM_BOT_TOKEN in the environment, or nothing is posted."),
                messages.WARNING,
            )
        return super().changeform_view(request, object_id, form_url, extra_context)


@admin.register(Distribution)
class DistributionAdmin(_DistributionPermission, admin.ModelAdmin):
    """The log: one row per story event and target, every attempt counted."""

    list_display = [
        "created_at", "channel", "target_name", "action", "story", "status", "attempts", "response_status",
        "reference", "problem",
    ]
    list_filter = ["channel", "status", "action"]
    search_fields = ["target", "reference", "event__uid"]
    ordering = ["-created_at", "-pk"]
    date_hierarchy = "created_at"
    list_select_related = ["event", "telegram_channel"]
    readonly_fields = [
        "channel", "target_name", "action", "event", "status", "attempts", "next_attempt_at", "last_attempt_at",
        "response_status", "reference", "problem", "answer", "urls",
    ]
    fields = readonly_fields
    actions = ["send_again"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("target"), ordering="target")
    def target_name(self, obj: Distribution) -> str:
        return str(obj.telegram_channel) if obj.telegram_channel_id else obj.target

    @admin.display(description=_("story id"), ordering="article_pk")
    def story(self, obj: Distribution) -> int:
        return obj.article_pk

    @admin.display(description=_("error"))
    def problem(self, obj: Distribution) -> str:
        return problem_text(obj.error) or EMPTY

    @admin.display(description=_("answer (first bytes)"))
    def answer(self, obj: Distribution) -> str:
        return truncatechars(obj.response_excerpt, 1024) or EMPTY

    @admin.action(description=_("Send the selected pushes again"), permissions=["view"])
    def send_again(self, request, queryset):
        again = 0
        for row in queryset.exclude(status__in=[Distribution.Status.PENDING, Distribution.Status.SUCCEEDED]):
            row.status, row.error, row.claimed_until, row.next_attempt_at = Distribution.Status.PENDING, "", None, None
            row.save(update_fields=["status", "error", "claimed_until", "next_attempt_at"])
            enqueue_on_commit(TASKS[row.channel], row.pk)
            again += 1
        self.message_user(
            request,
            ngettext("%(count)d push will be sent again.", "%(count)d pushes will be sent again.", again) % {"count": again},
            messages.SUCCESS if again else messages.INFO,
        )
