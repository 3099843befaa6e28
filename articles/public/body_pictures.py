"""Library pictures placed in a story's body, drawn from the story's stored copy (``Article.body_pictures``).

The body keeps a ``[picture:<id>]`` paragraph where the editor placed a picture
(``articles.models.sanitize.BODY_PICTURE``); the page, and the API, show a ``<figure>`` there
instead, with the picture's renditions and its texts in the reader's language. A picture that is
no longer stored on the story (withdrawn, deleted) leaves nothing behind. No query is made.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from articles.models.sanitize import BODY_PICTURE
from articles.public.renditions import Rendition, renditions_for

SIZES = "(min-width: 48rem) 46rem, 100vw"


@dataclass(frozen=True)
class _Stored:
    """A stored file by name, as ``renditions_for`` reads it."""

    name: str


def picture_texts(entry: dict, language: str, default: str) -> dict:
    """A stored picture's alt text, caption and credit in ``language``; a text shown in the site's
    language instead (none written for this one) is marked with its ``lang`` for screen readers."""
    texts, fallback = entry["texts"].get(language) or {}, entry["texts"].get(default) or {}
    other = "" if language == default else default
    found = {}
    for name in ("alt", "caption", "credit"):
        own = texts.get(name)
        found[name] = own or (entry["credit"] if name == "credit" else fallback.get(name, ""))
        found[f"{name}_lang"] = "" if own or not found[name] else other
    return found


def _lang(code: str) -> str:
    return format_html(' lang="{}"', code) if code else ""


def _srcset(renditions: list[Rendition], absolute: Callable[[str], str]) -> str:
    return ", ".join(f"{absolute(r.url)} {r.width}w" for r in renditions)


def _figcaption(texts: dict) -> str:
    parts = []
    if texts["caption"]:
        parts.append(format_html('<span dir="auto"{}>{}</span>', _lang(texts["caption_lang"]), texts["caption"]))
    if texts["credit"]:
        parts.append(
            format_html(
                '<small class="credit">{} <bdi{}>{}</bdi></small>', gettext("Photo:"), _lang(texts["credit_lang"]), texts["credit"]
            )
        )
    return format_html("<figcaption>{}</figcaption>", mark_safe(" ".join(parts))) if parts else ""


def body_figure(entry: dict, language: str, default: str, absolute: Callable[[str], str] = str) -> str:
    """One stored picture as ``<figure class="body-figure">``; "" when its file cannot be read."""
    images = renditions_for(_Stored(entry["file"]), entry["width"], entry["height"])
    if images is None:
        return ""
    texts = picture_texts(entry, language, default)
    sources = "".join(
        format_html('<source type="{}" srcset="{}" sizes="{}">', kind, _srcset(renditions, absolute), SIZES)
        for kind, renditions in (("image/avif", images.avif), ("image/webp", images.webp))
        if renditions
    )
    img = format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{} loading="lazy" decoding="async">',
        absolute(images.fallback.url),
        _srcset(images.jpeg, absolute),
        SIZES,
        images.width,
        images.height,
        texts["alt"],
        _lang(texts["alt_lang"]),
    )
    return format_html(
        '<figure class="body-figure"><picture>{}{}</picture>{}</figure>',
        mark_safe(sources),
        img,
        mark_safe(_figcaption(texts)),
    )


def body_with_pictures(body: str, stored: list[dict], language: str, default: str, absolute: Callable[[str], str] = str) -> str:
    """``body`` (sanitized HTML) with each picture token replaced by its figure, or by nothing."""
    if "[picture:" not in body:
        return body
    entries = {entry["picture"]: entry for entry in stored or []}

    def replace(match) -> str:
        entry = entries.get(int(match.group(1)))
        return body_figure(entry, language, default, absolute) if entry else ""

    return BODY_PICTURE.sub(replace, body)
