"""The editorial dashboard on the admin index."""

from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext

from articles.admin.dashboard import editorial_dashboard
from articles.admin.queue import queue_counts, webhook_overview
from articles.admin.reads import readers_dashboard

register = template.Library()


@register.simple_tag(takes_context=True)
def newsroom_dashboard(context) -> dict:
    """The user's own desk, counts per state, the queues and the 30-day chart (see articles.admin.dashboard)."""
    request = context.get("request")
    return editorial_dashboard(user=getattr(request, "user", None))


@register.filter
def since_label(moment, verb: str = "changed") -> str:
    """"changed 5 minutes ago" or "waiting 2 hours"; "just now" under a minute, where Django's
    timesince says "0 minutes", which reads as a fault."""
    if moment is None:
        return ""
    just_now = timezone.now() - moment < timedelta(minutes=1)
    if verb == "waiting":
        return gettext("waiting since just now") if just_now else gettext("waiting %(since)s") % {"since": timesince(moment)}
    return gettext("changed just now") if just_now else gettext("changed %(since)s ago") % {"since": timesince(moment)}


@register.simple_tag
def background_work() -> dict:
    """The task queue's counts and each webhook's last delivery (see articles.admin.queue)."""
    return {"queue": queue_counts(), "webhooks": webhook_overview()}


@register.simple_tag
def readers() -> dict:
    """The most read stories of the last 24 hours and reads per hour (see articles.admin.reads)."""
    return readers_dashboard()
