"""Template helpers for the reader site: names in the page's language, dates, images, JSON-LD."""

import json
from dataclasses import dataclass
from urllib.parse import quote

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from articles.public.body_pictures import body_with_pictures
from articles.public.body_pictures import picture_texts as _gallery_texts
from articles.public.dates import reader_date
from articles.public.links import article_path, page_path, section_path
from articles.public.numerals import shown_digits, uses_arabic_indic
from articles.public.renditions import CARD_RATIO, Shape, renditions_for
from articles.public.shell import shell_part
from sources.disclaimers import isolate as bidi_isolate
from sources.site import site_name as edition_site_name
from sources.text import clean_text

register = template.Library()

_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.simple_tag
def site_name() -> str:
    return edition_site_name()


@register.simple_tag
def shell(part: str) -> str:
    """A part of the page every public page shares (``articles.public.shell``), rendered once per edition."""
    return shell_part(part)


def _in_language(obj, language: str, getter) -> str:
    """``obj``'s name; when it has no translation in the page's language, the Arabic isolated in <bdi>."""
    if obj.has_translation(language):
        return format_html("<bdi>{}</bdi>", getter(language))
    fallback = settings.PARLER_DEFAULT_LANGUAGE_CODE
    return format_html('<bdi lang="{}">{}</bdi>', fallback, getter(fallback))


@register.simple_tag
def section_name(section) -> str:
    return _in_language(section, get_language(), section.display_name)


@register.simple_tag
def source_name(source) -> str:
    """The source's name in the page's language; on another edition, without one, its website's
    address (``Source.reader_name``); else the Arabic, isolated."""
    language = get_language()
    if not source.has_translation(language) and language != settings.PARLER_DEFAULT_LANGUAGE_CODE and source.homepage_host:
        return format_html('<bdi dir="ltr">{}</bdi>', source.homepage_host)
    return _in_language(source, language, source.display_name)


@register.simple_tag
def tag_name(tag) -> str:
    """The tag's translation in the page's language; without one, the name as written, isolated with its language."""
    language = get_language()
    written = tag.name
    translated = tag.display_name(language)
    if translated != written:
        return format_html("<bdi>{}</bdi>", translated)
    if language != settings.PARLER_DEFAULT_LANGUAGE_CODE and any("\u0600" <= char <= "\u06ff" for char in written):
        return format_html('<bdi lang="{}">{}</bdi>', settings.PARLER_DEFAULT_LANGUAGE_CODE, written)
    return format_html("<bdi>{}</bdi>", written)


@register.simple_tag
def article_url(article) -> str:
    return article_path(article, get_language())


@register.simple_tag
def section_url(section) -> str:
    return section_path(section, get_language())


@register.simple_tag
def tag_url(tag) -> str:
    return page_path(get_language(), "articles:tag", slug=tag.slug)


@register.simple_tag
def source_url(source) -> str:
    return page_path(get_language(), "articles:source", slug=source.slug)


@register.simple_tag
def reader_time(value, compact: bool = False) -> str:
    """``<time datetime>`` with the Gregorian date (Arabic month names) and time, then the Hijri date.

    ``compact`` (story cards) keeps only the short Gregorian date and the time.
    """
    if not value:
        return ""
    date = reader_date(value, get_language())
    if compact:
        label = gettext("%(date)s, %(time)s") % {"date": date.short, "time": date.time}
        return format_html('<time datetime="{}">{}</time>', date.iso, label)
    hijri = format_html(' <span class="hijri">{}</span>', date.hijri) if date.hijri else ""
    # Translators: a date and a time of day, e.g. "Sunday 8 December 2024, 12:00".
    label = gettext("%(date)s, %(time)s") % {"date": date.gregorian, "time": date.time}
    return format_html('<time datetime="{}">{}{}</time>', date.iso, label, hijri)


@register.filter(is_safe=True)
def digits(value) -> str:
    """A number (or a label holding numbers) shown to readers, in the digits the ``DIGITS`` setting chooses."""
    return shown_digits(value)


@register.simple_tag
def arabic_indic_digits() -> bool:
    """Whether this page shows Arabic-Indic digits, e.g. to number an ordered list the same way."""
    return uses_arabic_indic()


@register.inclusion_tag("articles/includes/picture.html")
def lead_picture(article, sizes: str = "100vw", eager: bool = False, with_caption: bool = False, card: bool = False) -> dict:
    """The lead image as <picture>: AVIF (once made), WebP and JPEG renditions, width/height set, lazy unless
    ``eager``; on a ``card``, cropped to the card's shape around the picture's focal point."""
    shape = Shape(CARD_RATIO, (article.lead_image_focal_x, article.lead_image_focal_y)) if card else Shape()
    images = renditions_for(article.lead_image, article.lead_image_width, article.lead_image_height, shape=shape)
    if images is None:
        return {"images": None}
    language = get_language()
    return {
        "images": images,
        "avif_srcset": images.srcset(images.avif),
        "webp_srcset": images.srcset(images.webp),
        "jpeg_srcset": images.srcset(images.jpeg),
        "sizes": sizes,
        "eager": eager,
        "alt": article.safe_translation_getter("lead_image_alt", language_code=language, default="") or "",
        "caption": article.safe_translation_getter("lead_image_caption", language_code=language, default="")
        if with_caption
        else "",
        "credit": article.image_credit(language) if with_caption else "",
    }


@dataclass(frozen=True)
class _Stored:
    """A stored file by name, as ``renditions_for`` reads it."""

    name: str


@register.inclusion_tag("articles/includes/gallery.html")
def story_gallery(article) -> dict:
    """The story's gallery as stored on it (``Article.gallery``): no query; pictures that cannot be read are left out."""
    language, default = get_language(), settings.PARLER_DEFAULT_LANGUAGE_CODE
    figures = []
    for entry in article.gallery or []:
        figure = _gallery_figure(entry, language, default)
        if figure is not None:
            figures.append(figure)
    return {"figures": figures}


def _gallery_figure(entry: dict, language: str, default: str) -> dict | None:
    images = renditions_for(_Stored(entry["file"]), entry["width"], entry["height"])
    if images is None:
        return None
    figure = {
        "images": images,
        "avif_srcset": images.srcset(images.avif),
        "webp_srcset": images.srcset(images.webp),
        "jpeg_srcset": images.srcset(images.jpeg),
    }
    figure.update(_gallery_texts(entry, language, default))
    return figure


@register.inclusion_tag("articles/includes/live_picture.html")
def live_picture(entry) -> dict:
    """A live update's library picture as kept on it (``LiveEntry.picture_shown``): no query."""
    shown = entry.picture_shown or {}
    figure = _gallery_figure(shown, get_language(), settings.PARLER_DEFAULT_LANGUAGE_CODE) if shown else None
    return {"figure": figure}


@register.simple_tag
def story_body(article) -> str:
    """The story's body with the library pictures placed in it drawn from its stored copy: no query."""
    body = article.body or ""
    return mark_safe(  # noqa: S308 - sanitized on save; the figures are built with format_html
        body_with_pictures(body, article.body_pictures, get_language(), settings.PARLER_DEFAULT_LANGUAGE_CODE)
    )


@register.filter
def json_ld(data) -> str:
    """A JSON-LD <script> with characters that could close it escaped."""
    text = json.dumps(data, ensure_ascii=False, cls=_JSONEncoder).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 (escaped above)


class _JSONEncoder(json.JSONEncoder):
    def default(self, o):
        return str(o)


@register.simple_tag
def share_links(share_url: str, title: str) -> str:
    """Plain share links (no third-party scripts) carrying the short id-based address."""
    text = quote(f"{title} {share_url}")
    url = quote(share_url, safe="")
    links = [
        (f"https://wa.me/?text={text}", "WhatsApp"),
        (f"https://t.me/share/url?url={url}&text={quote(title)}", "Telegram"),
        (f"https://x.com/intent/post?url={url}&text={quote(title)}", "X"),
        (f"https://www.facebook.com/sharer/sharer.php?u={url}", "Facebook"),
    ]
    return format_html_join(
        "",
        '<li><a href="{}" rel="noopener"><span lang="en" dir="ltr">{}</span></a></li>',
        links,
    )


@register.simple_tag
def section_feed_url(section, kind: str) -> str:
    """The RSS (``kind="rss"``) or Atom feed of ``section`` in the page's language."""
    language = get_language()
    slug = section.safe_translation_getter("slug", language_code=language, any_language=True)
    return page_path(language, f"articles:section_{kind}", slug=slug)


@register.filter
def isolate(value) -> str:
    """Wrap plain text in Unicode isolates, for places without markup (<title>, meta tags)."""
    return bidi_isolate(str(value or ""))


@register.filter
def plain(value) -> str:
    """Stored text as meta tags may carry it: no control characters, only closed bidi controls."""
    return clean_text(str(value or ""))


OG_LOCALES = {"ar": "ar_AR", "en": "en_US"}


@register.simple_tag
def og_locale(code: str) -> str:
    return OG_LOCALES.get(code, code)


@register.filter
def iso_datetime(value) -> str:
    """ISO 8601 in the site's time zone, to the second (meta tags and machine-read dates)."""
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""
