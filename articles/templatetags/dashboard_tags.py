"""The editorial dashboard on the admin index."""

from django import template

from articles.admin.dashboard import editorial_dashboard

register = template.Library()


@register.simple_tag
def newsroom_dashboard() -> dict:
    """Counts per state, the queues and the 30-day chart (see articles.admin.dashboard)."""
    return editorial_dashboard()
