"""Every check that stands between a story and publication, in the editor's language.

``publication_problems`` is the one attribution check: the admin, imports and scheduling all
go through it. Among its rules, a source whose terms allow republishing only as-is refuses any
change to the words of an ingested story: whitespace and punctuation may change (a misplaced
comma, a doubled space); anything else is an edit.
"""

import unicodedata
from datetime import datetime

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.translation import gettext

from articles.models import Article, Picture
from articles.models.sanitize import plain_text
from articles.newsroom.attribution import attribution_problems
from articles.newsroom.pictures import body_picture_ids
from sources.models import Source


def publication_problems(article: Article, *, automatic: bool = False, at: datetime | None = None) -> list[str]:
    """Everything that stops ``article`` from being published (at ``at``), in the editor's language.

    The one attribution check: the admin, imports and scheduling all go through it.
    """
    problems: list[str] = []
    default = settings.PARLER_DEFAULT_LANGUAGE_CODE
    languages = article.get_available_languages()

    def text(field: str, language: str) -> str:
        if language not in languages:
            return ""
        value = article.safe_translation_getter(field, language_code=language) or ""
        return strip_tags(value).strip() if field == "body" else value.strip()

    if not text("title", default):
        problems.append(gettext("A headline in Arabic is missing."))
    if not text("body", default):
        problems.append(gettext("The Arabic text of the story is missing."))
    for language in languages:
        if language == default:
            continue
        # A translation is published with the story, so it must be whole too.
        if not text("title", language) or not text("body", language):
            problems.append(
                gettext("The %(language)s translation needs a headline and a text, or must be deleted.")
                % {"language": _language_name(language)}
            )
    if article.is_republished:
        source = article.source if article.source_id else None
        if source is None:
            problems.append(gettext("A republished story needs its source."))
        else:
            problems += _terms_problems(article, source, automatic=automatic, at=at)
        if article.via_source_id and article.via_source_id != article.source_id:
            # The partner's agreement is what lets us carry a story it took from another outlet.
            problems += _terms_problems(article, article.via_source, automatic=automatic, at=at)
        problems += attribution_problems(article)
        for language in languages:
            if not article.render_disclaimer(language, stored=False):
                problems.append(
                    gettext("The disclaimer does not render in %(language)s.") % {"language": _language_name(language)}
                )
    elif not text("byline", default) and not article.contributions.exists():
        problems.append(gettext("Original reporting needs a byline or a credited author."))
    for cited in article.cited_sources.filter(terms_approved=False):
        problems.append(
            gettext("%(source)s was proposed by a writer: an editor must approve its terms first.") % {"source": cited}
        )

    problems += picture_problems(article, at=at)
    # Ingested drafts: the source's as-is terms (below).
    problems += ingest_problems(article)
    return problems


def _terms_problems(article: Article, source, *, automatic: bool, at: datetime | None) -> list[str]:
    """What the republication terms of the story's source refuse."""
    problems = []
    if not source.terms_approved:
        problems.append(
            gettext("%(source)s was proposed by a writer: an editor must approve its terms first.") % {"source": source}
        )
    if source.terms_expired(at):
        problems.append(gettext("The republication terms of %(source)s have expired.") % {"source": source})
    if article.lead_image and article.lead_image_from_source and not article.picture_id and not source.terms_images_allowed:
        problems.append(gettext("The terms of %(source)s do not allow reusing its images.") % {"source": source})
    if automatic and not source.terms_auto_publish:
        problems.append(gettext("The terms of %(source)s do not allow automatic publishing.") % {"source": source})
    return problems


def picture_problems(article: Article, *, at: datetime | None = None) -> list[str]:
    """What the rights of the story's library pictures (lead, gallery and body) refuse; each message names the picture."""
    pictures = [article.picture] if article.picture_id else []
    if article.pk:
        gallery = Picture.objects.filter(gallery_items__article=article).select_related("source")
        pictures += [p for p in gallery.prefetch_related("translations") if p.pk != article.picture_id]
    in_body = [pk for pk in body_picture_ids(article) if pk not in {p.pk for p in pictures}]
    if in_body:
        pictures += list(Picture.objects.filter(pk__in=in_body).select_related("source").prefetch_related("translations"))
    problems = []
    for picture in pictures:
        problems += one_picture_problems(picture, at=at)
    return problems


def one_picture_problems(picture, *, at: datetime | None = None) -> list[str]:
    """What the rights of one library picture refuse (publication, live updates); each message names it."""
    name = {"picture": str(picture)}
    problems = []
    if picture.rights_expired(at) or picture.withdrawn_at is not None:
        problems.append(
            gettext("The rights to the picture “%(picture)s” have expired: choose another picture or remove it.") % name
        )
    if picture.source_id and not picture.source.terms_images_allowed:
        problems.append(
            gettext("The picture “%(picture)s” comes from %(source)s, whose terms do not allow reusing its images.")
            % {**name, "source": picture.source}
        )
    if not picture.credit.strip():
        problems.append(gettext("The picture “%(picture)s” has no credit: add one in the media library.") % name)
    return problems


def _language_name(code: str) -> str:
    names = dict(settings.LANGUAGES)
    return str(names.get(code, code))


# ---- The as-is rule for ingested drafts ----


def comparable_words(title: str, body_html: str) -> list[str]:
    """The words of a story with whitespace and punctuation removed, as compared for as-is terms."""
    text = f"{title} {plain_text(body_html)}"
    kept = "".join(" " if unicodedata.category(ch)[0] in {"P", "Z"} or ch.isspace() else ch for ch in text)
    return kept.split()


def draft_text(article, language: str) -> tuple[str, str]:
    """The headline and body of ``article`` in ``language`` (empty where it has no such translation)."""
    if not article.has_translation(language):
        return "", ""
    title = article.safe_translation_getter("title", language_code=language) or ""
    body = article.safe_translation_getter("body", language_code=language) or ""
    return title, body


def changed_beyond_punctuation(article) -> bool:
    """Whether the words of an ingested draft differ from the original it was made from."""
    item = getattr(article, "ingested", None)
    if item is None:
        return False
    title, body = draft_text(article, item.language)
    return comparable_words(title, body) != comparable_words(item.title, item.body)


def ingest_problems(article) -> list[str]:
    """Why an ingested draft may not be published: as-is terms broken by an edit to its words."""
    # A missing reverse one-to-one raises an AttributeError subclass, hence getattr.
    if getattr(article, "ingested", None) is None:
        return []
    # The partner that carried the story may allow less than its origin: the stricter terms count.
    strict = [s for s in (article.via_source, article.source) if s is not None and s.terms_edits == Source.Edits.AS_IS]
    source = strict[0] if strict else None
    if source is None:
        return []
    if not changed_beyond_punctuation(article):
        return []
    return [
        gettext(
            "The terms of %(source)s allow republishing only as it is, and the words of this story were changed "
            "(not only spacing or punctuation). Undo the changes shown under “Ingested original”, or choose another story."
        )
        % {"source": source}
    ]
