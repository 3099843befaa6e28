"""The editorial dashboard on the admin index."""

from django import template

from articles.admin.dashboard import editorial_dashboard
from articles.admin.queue import queue_counts, webhook_overview

register = template.Library()


@register.simple_tag(takes_context=True)
def newsroom_dashboard(context) -> dict:
    """The user's own desk, counts per state, the queues and the 30-day chart (see articles.admin.dashboard)."""
    request = context.get("request")
    return editorial_dashboard(user=getattr(request, "user", None))


@register.simple_tag
def background_work() -> dict:
    """The task queue's counts and each webhook's last delivery (see articles.admin.queue)."""
    return {"queue": queue_counts(), "webhooks": webhook_overview()}
