"""The newsroom's story list: a date drill-down that stays cheap at a million stories."""

from django import template
from django.contrib.admin.templatetags.base import InclusionAdminNode

from articles.admin.date_hierarchy import story_date_hierarchy

register = template.Library()


@register.tag(name="story_date_hierarchy")
def story_date_hierarchy_tag(parser, token):
    """``{% story_date_hierarchy cl %}``: Django's ``date_hierarchy.html`` with the periods from
    articles.admin.date_hierarchy instead of a DISTINCT over the whole table."""
    return InclusionAdminNode(
        parser, token, func=story_date_hierarchy, template_name="date_hierarchy.html", takes_context=False
    )
