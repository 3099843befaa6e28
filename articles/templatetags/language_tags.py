"""Links between the language versions of the current page (admin and public site)."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """The current page in every other interface language: code, native name, URL."""
    request = context.get("request")
    if request is None:
        return []
    current = context.get("LANGUAGE_CODE") or settings.LANGUAGE_CODE
    links = []
    for code, _name in settings.LANGUAGES:
        if code == current:
            continue
        info = get_language_info(code)
        links.append({"code": code, "name": info["name_local"], "bidi": info["bidi"], "url": translate_url(request.get_full_path(), code)})
    return links
