"""Webhooks in the admin: endpoints (secret shown once, rotation with overlap) and the delivery log.

Only users with ``articles.manage_webhooks`` (the Editors role) see or change either.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import OuterRef, Subquery
from django.template.defaultfilters import truncatechars
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles.admin.permissions import DedicatedPermissionMixin
from articles.events import webhooks
from articles.events.tasks import deliver_webhook
from articles.models import StoryEvent, WebhookDelivery, WebhookEndpoint
from sources.admin_busy import DatabaseBusyAdminMixin
from sources.tasking import enqueue_on_commit

EMPTY = "—"
DISABLED_REASONS = {
    webhooks.GONE: _("The receiver answered 410 Gone: it wants no more events."),
    webhooks.FAILING: _("Deliveries kept failing for about a day."),
}
DELIVERY_ERRORS = {
    "timeout": _("No answer in time."),
    "unreachable": _("The address could not be reached, or is not allowed."),
    "invalid_address": _("Not an http or https address."),
    "switched_off": _("The webhook is switched off."),
}


class _WebhookPermission(DedicatedPermissionMixin):
    """Everything here needs the dedicated permission, whatever the model's own permissions say."""

    dedicated_permission = "articles.manage_webhooks"


class WebhookEndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=_("events"),
        choices=StoryEvent.Type.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: every event, including those added later."),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "description", "events", "is_enabled"]

    def clean_url(self) -> str:
        return webhooks.clean_url(self.cleaned_data["url"])


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(_WebhookPermission, DatabaseBusyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "url", "is_enabled", "event_list", "last_delivery", "why_off"]
    list_filter = ["is_enabled"]
    search_fields = ["url", "description"]
    readonly_fields = ["why_off", "previous_secret_until", "created_at", "created_by"]
    form = WebhookEndpointForm
    actions = ["rotate_secret"]

    def get_queryset(self, request):
        last = WebhookDelivery.objects.filter(endpoint=OuterRef("pk")).order_by("-last_attempt_at", "-pk")
        return super().get_queryset(request).annotate(
            last_status=Subquery(last.values("status")[:1]), last_at=Subquery(last.values("last_attempt_at")[:1])
        )

    @admin.display(description=_("events"))
    def event_list(self, obj: WebhookEndpoint) -> str:
        labels = dict(StoryEvent.Type.choices)
        return ", ".join(str(labels.get(name, name)) for name in obj.events) or gettext("Every event")

    @admin.display(description=_("last delivery"))
    def last_delivery(self, obj: WebhookEndpoint) -> str:
        if not getattr(obj, "last_status", None):
            return EMPTY
        label = WebhookDelivery.Status(obj.last_status).label
        if not obj.last_at:
            return str(label)
        return f"{label} ({formats.date_format(timezone.localtime(obj.last_at), 'SHORT_DATETIME_FORMAT')})"

    @admin.display(description=_("why it was switched off"))
    def why_off(self, obj: WebhookEndpoint) -> str:
        return str(DISABLED_REASONS.get(obj.disabled_reason, obj.disabled_reason)) if obj.disabled_reason else EMPTY

    def save_model(self, request, obj, form, change):
        secret = None
        if not change:
            secret = obj.secret = webhooks.new_secret()
            obj.created_by = request.user
        elif "is_enabled" in form.changed_data and obj.is_enabled:
            obj.disabled_reason, obj.disabled_at = "", None
        super().save_model(request, obj, form, change)
        if secret:
            self._show_secret(request, obj, secret)

    def _show_secret(self, request, endpoint: WebhookEndpoint, secret: str) -> None:
        self.message_user(
            request,
            gettext("The signing secret of %(endpoint)s is %(secret)s. Copy it now: it is not shown again.")
            % {"endpoint": endpoint, "secret": secret},
            messages.WARNING,
        )

    @admin.action(description=_("Give the selected webhooks a new secret"))
    def rotate_secret(self, request, queryset):
        hours = settings.WEBHOOK_SECRET_OVERLAP_HOURS
        for endpoint in queryset:
            self._show_secret(request, endpoint, webhooks.endpoint_rotate_secret(endpoint=endpoint))
        self.message_user(
            request,
            ngettext(
                "The old secret keeps signing beside the new one for %(hours)d hour.",
                "The old secret keeps signing beside the new one for %(hours)d hours.",
                int(hours),
            )
            % {"hours": hours},
            messages.INFO,
        )


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(_WebhookPermission, admin.ModelAdmin):
    """The delivery log: one row per event and endpoint, every attempt counted."""

    list_display = ["created_at", "event_type", "story", "endpoint", "status", "attempts", "response_status", "problem"]
    list_filter = ["status", "event__type", "endpoint"]
    search_fields = ["endpoint__url", "event__uid"]
    ordering = ["-created_at", "-pk"]
    date_hierarchy = "created_at"
    list_select_related = ["endpoint", "event"]
    readonly_fields = [
        "endpoint", "event", "status", "attempts", "next_attempt_at", "last_attempt_at",
        "response_status", "response_ms", "problem", "answer",
    ]
    fields = readonly_fields
    actions = ["send_again"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("event"), ordering="event__type")
    def event_type(self, obj: WebhookDelivery) -> str:
        return obj.event.get_type_display()

    @admin.display(description=_("story id"), ordering="event__article_pk")
    def story(self, obj: WebhookDelivery) -> int:
        return obj.event.article_pk

    @admin.display(description=_("error"))
    def problem(self, obj: WebhookDelivery) -> str:
        return str(DELIVERY_ERRORS.get(obj.error, obj.error)) if obj.error else EMPTY

    @admin.display(description=_("answer (first bytes)"))
    def answer(self, obj: WebhookDelivery) -> str:
        return truncatechars(obj.response_excerpt, 1024) or EMPTY

    @admin.action(description=_("Send the selected deliveries again"), permissions=["view"])
    def send_again(self, request, queryset):
        sent = 0
        for delivery in queryset:
            if webhooks.delivery_send_again(delivery=delivery):
                enqueue_on_commit(deliver_webhook, delivery.pk)
                sent += 1
        if sent:
            self.message_user(
                request,
                ngettext("%(count)d delivery will be sent again.", "%(count)d deliveries will be sent again.", sent)
                % {"count": sent},
                messages.SUCCESS,
            )
        if sent < len(queryset):
            self.message_user(
                request, gettext("Deliveries still waiting for their next attempt were left as they are."), messages.INFO
            )
