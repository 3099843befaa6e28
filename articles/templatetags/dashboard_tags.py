"""The editorial dashboard on the admin index."""

from django import template

from articles.admin.dashboard import editorial_dashboard

register = template.Library()


@register.simple_tag(takes_context=True)
def newsroom_dashboard(context) -> dict:
    """The user's own desk, counts per state, the queues and the 30-day chart (see articles.admin.dashboard)."""
    request = context.get("request")
    return editorial_dashboard(user=getattr(request, "user", None))
