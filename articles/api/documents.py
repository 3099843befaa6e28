"""Stories as IPTC ninjs 2.x documents (https://iptc.org/std/ninjs/), with their attribution.

Field names are ninjs's own. What the site decides elsewhere is reused, never recomputed: the
story's public address (``public.links``), the disclaimer exactly as stored at publication
(``Article.render_disclaimer``), the image renditions (``public.renditions``) and the source's
republication terms (``Source``). ``articles/api/schema/`` holds the IPTC schema every document
of the tests is validated against.
"""

from datetime import datetime

from django.conf import settings
from django.utils import timezone, translation
from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext

from articles.api.queries import Extras
from articles.models import Article
from articles.models.sanitize import BODY_PICTURE, plain_text
from articles.public.body_pictures import body_with_pictures
from articles.public.credits import credits_statement, ninjs_people
from articles.public.links import article_path, page_path
from articles.public.renditions import renditions_for
from sources.models import Source

NINJS_VERSION = "2.2"
NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"
# IPTC's Content Production Party Role codes (the retired infosourcerole scheme points to them).
ROLE_ORIGIN = "http://cv.iptc.org/newscodes/contentprodpartyrole/origcont"
ROLE_CITED = "http://cv.iptc.org/newscodes/contentprodpartyrole/originfo"
# "A party that distributed an item": the partner that carried a republished story to us.
ROLE_DISTRIBUTOR = "http://cv.iptc.org/newscodes/contentprodpartyrole/distributor"


def iso(moment: datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _absolute(base: str, url: str) -> str:
    """``url`` (a storage's address: a path, or a CDN's full URL) as an absolute URI, non-ASCII escaped."""
    return iri_to_uri(url if "://" in url else base + url)


def _text(obj, name: str, language: str) -> str:
    return obj.safe_translation_getter(name, language_code=language, default="") or ""


def tombstone(article: Article, *, base: str, language: str = settings.LANGUAGE_CODE) -> dict:
    """What a withdrawn story still says: its address, its last version, and that it is canceled."""
    return {
        "uri": base + article_path(article, language),
        "version": str(article.version),
        "pubstatus": "canceled",
        "versioncreated": iso(article.withdrawn_at or article.updated_at),
    }


def usage_terms(source: Source, name: str) -> str:
    """The republication terms of ``source`` (called ``name``) in a sentence or two, in the active language."""
    parts = [
        gettext("Republished from %(source)s. Basis: %(basis)s. Edits allowed: %(edits)s.")
        % {"source": name, "basis": source.get_terms_basis_display(), "edits": source.get_terms_edits_display()},
        gettext("The source's photographs may be reused.")
        if source.terms_images_allowed
        else gettext("The source's photographs may not be reused."),
    ]
    if source.terms_expire_at:
        parts.append(gettext("These terms end on %(date)s.") % {"date": iso(source.terms_expire_at)})
    return " ".join(parts)


def _source_name(article: Article, extras: Extras, language: str) -> str:
    return extras.source.name(language) if extras.source else article.source.slug


def _rights(article: Article, extras: Extras, base: str, language: str) -> dict:
    """copyrightholder, copyrightnotice, usageterms and rightsinfo: the source's for a republished story."""
    if article.is_republished and article.source_id:
        source = article.source
        name = _source_name(article, extras, language)
        return {
            "copyrightholder": name,
            "copyrightnotice": gettext("© %(holder)s. Republished by %(site)s.") % {"holder": name, "site": settings.SITE_NAME},
            "usageterms": usage_terms(source, name),
            "rightsinfo": {"linkedrights": base + page_path(language, "articles:source", slug=source.slug)},
        }
    return {
        "copyrightholder": settings.SITE_NAME,
        "copyrightnotice": gettext("© %(holder)s.") % {"holder": settings.SITE_NAME},
        "usageterms": gettext("Original reporting by %(site)s. Ask before republishing.") % {"site": settings.SITE_NAME},
        "rightsinfo": {"linkedrights": base + page_path(language, "articles:about")},
    }


def _infosources(article: Article, extras: Extras, base: str, language: str) -> list[dict]:
    """The outlet the story came from (role: origin), the partner that carried it to us (role:
    distributor), and every agency it cites (role: cited source)."""
    found = []
    if article.is_republished and article.source_id:
        found.append((_source_name(article, extras, language), article.source.slug, ROLE_ORIGIN))
        if extras.via is not None:
            found.append((extras.via.name(language), extras.via.slug, ROLE_DISTRIBUTOR))
    found += [(names.name(language), names.slug, ROLE_CITED) for names in extras.cited.values()]
    return [
        {"name": name, "uri": base + page_path(language, "articles:source", slug=slug), "role": role, "literal": slug}
        for name, slug, role in found
    ]


def _descriptions(article: Article, extras: Extras, language: str) -> list[dict]:
    """The summary, the disclaimer as stored at publication, and the corrections, each with its date."""
    found = []
    summary = _text(article, "summary", language)
    if summary:
        found.append({"role": "summary", "contenttype": "text/plain", "value": summary})
    disclaimer = article.render_disclaimer(language)
    if disclaimer:
        found.append({"role": "disclaimer", "contenttype": "text/plain", "value": disclaimer})
    for at, text in extras.corrections:
        # A description has no date of its own: the correction's leads its text, as on the page.
        found.append({"role": "correction", "contenttype": "text/plain", "value": f"{iso(at)} {text}"})
    return found


def _subjects(article: Article, extras: Extras, base: str, language: str) -> list[dict]:
    found = []
    if extras.section:
        slug = extras.section.slug_in(language)
        found.append({
            "name": extras.section.name(language),
            "rel": "section",
            "uri": base + page_path(language, "articles:section", slug=slug),
            "literal": slug,
        })
    for name, slug in extras.tags:
        found.append({"name": name, "rel": "tag", "uri": base + page_path(language, "articles:tag", slug=slug), "literal": slug})
    return found


def _image(article: Article, base: str, language: str) -> dict | None:
    """The lead image as an associated picture: its renditions, credit, alt text and caption."""
    images = renditions_for(article.lead_image, article.lead_image_width, article.lead_image_height)
    if images is None:
        return None
    renditions = [
        {"name": f"{kind}-{r.width}", "href": _absolute(base, r.url), "contenttype": contenttype, "width": r.width, "height": r.height}
        for kind, contenttype, group in (("webp", "image/webp", images.webp), ("jpeg", "image/jpeg", images.jpeg))
        for r in group
    ]
    picture = {"name": "leadimage", "uri": _absolute(base, article.lead_image.url), "type": "picture", "renditions": renditions}
    if article.lead_image_credit:
        picture["by"] = article.lead_image_credit
        picture["copyrightholder"] = article.lead_image_credit
    descriptions = [
        {"role": role, "contenttype": "text/plain", "value": value}
        for role, value in (("alt", _text(article, "lead_image_alt", language)), ("caption", _text(article, "lead_image_caption", language)))
        if value
    ]
    if descriptions:
        picture["descriptions"] = descriptions
    return picture


def _associations(article: Article, extras: Extras, base: str, language: str) -> list[dict]:
    found = []
    image = _image(article, base, language)
    if image:
        found.append(image)
    if article.is_republished and article.original_url:
        original = {"name": "original", "uri": iri_to_uri(article.original_url), "type": "text", "representationtype": "partial"}
        if article.source_id:
            original["copyrightholder"] = _source_name(article, extras, language)
        if article.original_published_at:
            original["firstcreated"] = iso(article.original_published_at)
        found.append(original)
    return found


def _body(article: Article, language: str, base: str) -> dict:
    """The body as HTML, the library pictures placed in it as figures with absolute addresses."""
    html = _text(article, "body", language)
    text = plain_text(BODY_PICTURE.sub("", html))
    html = body_with_pictures(
        html, article.body_pictures, language, settings.PARLER_DEFAULT_LANGUAGE_CODE, lambda url: _absolute(base, url)
    )
    return {"role": "main", "contenttype": "text/html", "value": html, "wordcount": len(text.split()), "charcount": len(text)}


def story_document(article: Article, extras: Extras, *, base: str, language: str) -> dict:
    """The ninjs document of ``article`` in ``language``; ``base`` is the site's scheme and host."""
    with translation.override(language):
        document = {
            "uri": base + article_path(article, language),
            "standard": {"name": "ninjs", "version": NINJS_VERSION, "schema": NINJS_SCHEMA},
            "type": "text",
            "representationtype": "full",
            "version": str(article.version),
            "firstcreated": iso(article.published_at),
            "versioncreated": iso(max(article.updated_at, article.published_at)),
            "language": language,
            "pubstatus": "usable" if article.is_public() else "withheld",
            "headlines": [{"role": "main", "contenttype": "text/plain", "value": _text(article, "title", language)}],
            "bodies": [_body(article, language, base)],
        }
        if not article.is_public():
            document["embargoed"] = iso(article.published_at)
        if extras.section:
            # Shown beside the headline on the site, never inside it.
            document["headlines"].append({"role": "section", "contenttype": "text/plain", "value": extras.section.name(language)})
        optional = {
            "descriptions": _descriptions(article, extras, language),
            # The byline as typed, else the contributors in words; each of them in ``people``.
            "by": _text(article, "byline", language) or credits_statement(article.credits, language),
            "people": ninjs_people(article.credits, language, lambda path: _absolute(base, path)),
            "located": _text(article, "dateline", language),
            "subjects": _subjects(article, extras, base, language),
            "infosources": _infosources(article, extras, base, language),
            "associations": _associations(article, extras, base, language),
        }
        if article.is_republished and article.original_published_at:
            optional["contentcreated"] = iso(article.original_published_at)
        document.update({name: value for name, value in optional.items() if value})
        document.update(_rights(article, extras, base, language))
    return document
