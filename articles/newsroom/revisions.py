"""Revisions of whole stories (django-reversion): what is kept, and how two are compared.

A revision holds the article row, every parler translation and every tag link, so the text in
all languages, the tags, the attribution and the state travel together.
"""

import difflib
import re
from dataclasses import dataclass, field
from html import unescape

import reversion
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from reversion.models import Revision, Version

TRANSLATED_FIELDS = [
    ("title", _("headline")),
    ("summary", _("summary")),
    ("body", _("body")),
    ("byline", _("byline")),
    ("dateline", _("dateline")),
    ("lead_image_alt", _("image alt text")),
    ("lead_image_caption", _("image caption")),
    ("lead_image_credit_translated", _("image credit in this language")),
    ("seo_title", _("search and share title")),
    ("seo_description", _("search and share description")),
]


def register_models() -> None:
    """Register the article graph with django-reversion (called once from AppConfig.ready)."""
    from articles.models import Article, TaggedArticle

    translation_model = Article._parler_meta.root_model
    if not reversion.is_registered(Article):
        # Tags are kept through their links (TaggedArticle); the tags themselves are shared.
        reversion.register(Article, exclude=["tags"], follow=["translations", "taggedarticle_set"])
    if not reversion.is_registered(translation_model):
        reversion.register(translation_model)
    if not reversion.is_registered(TaggedArticle):
        reversion.register(TaggedArticle)


def add_article_to_revision(article) -> None:
    """Add the story as it now stands (row, translations, tag links) to the active revision."""
    reversion.add_to_revision(article)
    for translation in article.translations.all():
        reversion.add_to_revision(translation)
    for link in article.taggedarticle_set.all():
        reversion.add_to_revision(link)


def article_revisions(article):
    """The story's revisions, newest first, with who made them."""
    return (
        Revision.objects.filter(version__in=Version.objects.get_for_object(article))
        .select_related("user")
        .order_by("-date_created", "-pk")
    )


@dataclass
class Snapshot:
    """A readable picture of the story in one revision."""

    revision: Revision
    fields: dict[str, str] = field(default_factory=dict)
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)


def snapshot(article, revision: Revision) -> Snapshot:
    """Read ``revision`` of ``article`` back into plain text for comparison."""
    from articles.models import Article, Section, Tag, TaggedArticle
    from sources.models import Source

    translation_model = Article._parler_meta.root_model
    types = ContentType.objects.get_for_models(Article, translation_model, TaggedArticle)
    shot = Snapshot(revision=revision)
    tag_ids: list[int] = []
    for version in revision.version_set.all():
        data = version.field_dict
        if version.content_type_id == types[Article].pk and version.object_id == str(article.pk):
            status = data.get("status", "")
            shot.fields = {
                "status": str(Article.Status(status).label) if status in Article.Status.values else status,
                "origin": str(Article.Origin(data["origin"]).label)
                if data.get("origin") in Article.Origin.values
                else "",
                "section": str(Section.objects.filter(pk=data.get("section_id")).first() or ""),
                "source": str(Source.objects.filter(pk=data.get("source_id")).first() or ""),
                "original_url": data.get("original_url") or "",
                "published_at": data["published_at"].isoformat() if data.get("published_at") else "",
            }
        elif version.content_type_id == types[translation_model].pk and data.get("master_id") == article.pk:
            shot.translations[data["language_code"]] = {
                name: data.get(name) or "" for name, _label in TRANSLATED_FIELDS
            }
        elif version.content_type_id == types[TaggedArticle].pk and data.get("content_object_id") == article.pk:
            tag_ids.append(data["tag_id"])
    shot.tags = sorted(Tag.objects.filter(pk__in=tag_ids).values_list("name", flat=True))
    return shot


_BLOCK_END = re.compile(r"</(p|h2|h3|h4|li|blockquote)>|<br\s*/?>", re.IGNORECASE)


def as_lines(value: str) -> list[str]:
    """HTML or plain text as readable lines: one paragraph, heading or list item per line."""
    text = unescape(strip_tags(_BLOCK_END.sub("\n", value or "")))
    return [line.strip() for line in text.splitlines() if line.strip()]


@dataclass
class FieldDiff:
    label: str
    language: str
    lines: list[tuple[str, str]]  # ("equal" | "removed" | "added", text)


SHARED_LABELS = {
    "status": _("status"),
    "origin": _("origin"),
    "section": _("section"),
    "source": pgettext_lazy("news source", "source"),
    "original_url": _("original URL"),
    "published_at": _("published"),
}


def compare(old: Snapshot, new: Snapshot) -> list[FieldDiff]:
    """What changed from ``old`` to ``new``, field by field and line by line (unchanged fields left out)."""
    diffs: list[FieldDiff] = []
    for name, label in SHARED_LABELS.items():
        _append(diffs, label, "", [old.fields.get(name, "")], [new.fields.get(name, "")])
    _append(diffs, _("tags"), "", old.tags, new.tags)
    languages = [code for code, _name in settings.LANGUAGES]
    for language in languages:
        before = old.translations.get(language, {})
        after = new.translations.get(language, {})
        for name, label in TRANSLATED_FIELDS:
            _append(diffs, label, language, as_lines(before.get(name, "")), as_lines(after.get(name, "")))
    return diffs


def _append(diffs: list[FieldDiff], label, language: str, before: list[str], after: list[str]) -> None:
    before = [line for line in before if line]
    after = [line for line in after if line]
    if before == after:
        return
    lines: list[tuple[str, str]] = []
    for entry in difflib.ndiff(before, after):
        marker, text = entry[:2], entry[2:]
        if marker == "  ":
            lines.append(("equal", text))
        elif marker == "- ":
            lines.append(("removed", text))
        elif marker == "+ ":
            lines.append(("added", text))
    diffs.append(FieldDiff(label=str(label), language=language, lines=lines))


def _versions_of(article, revision: Revision) -> tuple[Version | None, list[Version], list[Version]]:
    """The versions ``revision`` holds of ``article``: its row, its translations and its tag links."""
    from articles.models import Article, TaggedArticle

    translation_model = Article._parler_meta.root_model
    types = ContentType.objects.get_for_models(Article, translation_model, TaggedArticle)
    article_version, translation_versions, link_versions = None, [], []
    for version in revision.version_set.all():
        if version.content_type_id == types[Article].pk and version.object_id == str(article.pk):
            article_version = version
        elif (
            version.content_type_id == types[translation_model].pk and version.field_dict.get("master_id") == article.pk
        ):
            translation_versions.append(version)
        elif (
            version.content_type_id == types[TaggedArticle].pk
            and version.field_dict.get("content_object_id") == article.pk
        ):
            link_versions.append(version)
    return article_version, translation_versions, link_versions


def revert_article(article, revision: Revision) -> int:
    """Write back the story as stored in ``revision``: its row, translations and tag links.

    Translations and tag links added since are removed. Tags merged or deleted since cannot
    come back and are left out; the number left out is returned. A revision naming a section,
    source or disclaimer that no longer exists is refused, rather than half restored.
    """
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction
    from django.utils.translation import gettext

    from articles.models import Article, Section, Tag, TaggedArticle, refresh_credits
    from sources.models import DisclaimerTemplate, Source

    translation_model = Article._parler_meta.root_model
    article_version, translation_versions, link_versions = _versions_of(article, revision)
    if article_version is None:
        raise ValidationError(gettext("This revision does not belong to this story."))

    data = article_version.field_dict
    for attname, model in (
        ("section_id", Section),
        ("source_id", Source),
        ("disclaimer_template_id", DisclaimerTemplate),
    ):
        if data.get(attname) and not model.objects.filter(pk=data[attname]).exists():
            raise ValidationError(
                gettext("This revision names a %(what)s that has since been deleted, so it cannot be restored.")
                % {"what": model._meta.verbose_name}
            )
    object_version = article_version._object_version
    if object_version.m2m_data and "cited_sources" in object_version.m2m_data:
        wanted = object_version.m2m_data["cited_sources"]
        object_version.m2m_data["cited_sources"] = list(
            Source.objects.filter(pk__in=wanted).values_list("pk", flat=True)
        )
    live_tags = set(
        Tag.objects.filter(pk__in=[v.field_dict["tag_id"] for v in link_versions]).values_list("pk", flat=True)
    )
    kept_links = [v for v in link_versions if v.field_dict["tag_id"] in live_tags]

    try:
        with transaction.atomic():
            translation_model.objects.filter(master_id=article.pk).exclude(
                pk__in=[int(v.object_id) for v in translation_versions]
            ).delete()
            TaggedArticle.objects.filter(content_object_id=article.pk).exclude(
                pk__in=[int(v.object_id) for v in kept_links]
            ).delete()
            article_version.revert()
            for version in [*translation_versions, *kept_links]:
                version.revert()
            # Contributors are not part of revisions: the story keeps crediting those credited now.
            refresh_credits([article.pk])
    except IntegrityError:
        raise ValidationError(
            gettext("Another story now uses this revision's web address (slug); change that first, then restore.")
        ) from None
    return len(link_versions) - len(kept_links)
