"""The story form's previews of its search result and its share card.

Rendered empty, with what the page cannot know from its inputs alone (the story's address, the
site's name, the stored images) in data attributes; ``static/khabar/admin-form.js`` fills them
from the form as the editor types, falling back as the public page does (``articles.public.seo``):
the headline for the title, the summary for the description, the lead image for the picture.
No inline script, so the Content-Security-Policy stays as strict as it is.
"""

from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language_info, gettext

from articles.models import Article
from articles.public.links import article_path, page_path
from sources.site import site_name


def _image_url(field_file) -> str:
    try:
        return field_file.url if field_file else ""
    except ValueError:  # a name without a file behind it
        return ""


def share_preview_html(obj: Article) -> str:
    """The two previews for ``obj`` in the language of the tab being edited."""
    language = obj.get_current_language() or settings.LANGUAGE_CODE
    direction = "rtl" if get_language_info(language)["bidi"] else "ltr"
    path = article_path(obj, language) if obj.pk else page_path(language, "articles:home")
    return format_html(
        '<div id="khabar-share-preview" class="khabar-previews" lang="{language}" dir="{direction}" '
        'data-path="{path}" data-site-name="{site}" data-lead-image="{lead}" data-share-image="{share}">'
        '<section class="khabar-serp" aria-label="{serp_label}">'
        '<h3 class="khabar-preview-label">{serp_label}</h3>'
        '<p class="khabar-serp__url"><bdi dir="ltr"></bdi></p>'
        '<p class="khabar-serp__title"></p>'
        '<p class="khabar-serp__description"></p>'
        "</section>"
        '<section class="khabar-card" aria-label="{card_label}">'
        '<h3 class="khabar-preview-label">{card_label}</h3>'
        '<div class="khabar-card__frame">'
        '<img class="khabar-card__image" alt="" hidden>'
        '<p class="khabar-card__no-image" hidden>{no_image}</p>'
        '<div class="khabar-card__text">'
        '<p class="khabar-card__domain"><bdi dir="ltr"></bdi></p>'
        '<p class="khabar-card__title"></p>'
        '<p class="khabar-card__description"></p>'
        "</div></div></section>"
        '<p class="help">{help}</p>'
        "</div>",
        language=language,
        direction=direction,
        path=path,
        site=site_name(language),
        lead=_image_url(obj.lead_image),
        share=_image_url(obj.share_image),
        serp_label=gettext("Search result"),
        card_label=gettext("Share card"),
        no_image=gettext("No picture: social networks show the link without one."),
        help=gettext(
            "Approximate: search engines cut titles at about 60 characters and descriptions at about 155, "
            "and may choose other words."
        ),
    )
