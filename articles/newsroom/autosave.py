"""Autosaved drafts: what an editor typed into a story's form, kept apart from the story.

The story form sends its text every few seconds; the text is kept per story, person and
language and offered back when that person reopens the form. It is never written into the
story: bringing it back fills the form, and saving the form goes through the same checks
(rights, the version number) as any save, so an autosave can never overwrite someone's work.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext

from articles.models import Article, ArticleAutosave
from articles.models.sanitize import sanitize_html
from articles.newsroom.permissions import can_edit
from sources.text import clean_text

# The story's own text in one language: what a person types, and what an autosave keeps.
AUTOSAVED_FIELDS = (
    "title",
    "slug",
    "summary",
    "body",
    "byline",
    "dateline",
    "lead_image_alt",
    "lead_image_caption",
    "seo_title",
    "seo_description",
)
MULTILINE_FIELDS = {"summary"}


def autosave_store(*, article: Article, by, language: str, data: dict) -> ArticleAutosave:
    """Keep what ``by`` typed into ``article``'s form in ``language`` (cleaned as a save would clean it)."""
    if not can_edit(by, article, language):
        raise PermissionDenied(gettext("You are not allowed to do this to this story."))
    kept = {}
    for name in AUTOSAVED_FIELDS:
        value = str(data.get(name, ""))[:100_000]
        kept[name] = sanitize_html(value) if name == "body" else clean_text(value, multiline=name in MULTILINE_FIELDS)
    autosave, _created = ArticleAutosave.objects.update_or_create(
        article=article, user=by, language=language, defaults={"data": kept}
    )
    return autosave


def autosave_for(*, article: Article, by, language: str) -> ArticleAutosave | None:
    """``by``'s autosave of ``article`` in ``language``, when it is newer than the story's last save."""
    autosave = ArticleAutosave.objects.filter(article=article, user=by, language=language).first()
    if autosave is None or autosave.saved_at <= article.updated_at:
        return None
    return autosave


def autosave_discard(*, article: Article, by, language: str) -> None:
    """Forget ``by``'s autosave of ``article`` in ``language`` (after a save, or when they throw it away)."""
    ArticleAutosave.objects.filter(article=article, user=by, language=language).delete()


def autosave_apply(*, article: Article, autosave: ArticleAutosave) -> None:
    """Put the autosaved text into ``article``'s translation in memory, for the form to show; nothing is saved."""
    article.set_current_language(autosave.language)
    for name in AUTOSAVED_FIELDS:
        if name in autosave.data:
            setattr(article, name, autosave.data[name])
