"""Who may do what to which story: the object-level rules the admin and the services share.

Model permissions (granted through the Writers, Editors and Translators groups) say what a role
may do at all; these predicates add the per-story rules: writers edit only their own drafts,
translators only the non-Arabic translations and never attribution or state.
"""

from django.conf import settings

from articles.models import Article
from articles.models.workflow import TRANSITIONS, Action


def default_language() -> str:
    return settings.PARLER_DEFAULT_LANGUAGE_CODE


def can_edit_everything(user, article: Article | None) -> bool:
    """May ``user`` change every field of ``article`` (None: a new story)?"""
    if not user.is_active or not user.is_staff:
        return False
    if article is None or article.pk is None:
        return user.has_perm("articles.add_article")
    if not user.has_perm("articles.change_article"):
        return False
    if user.has_perm("articles.edit_any_article"):
        return True
    return article.author_id == user.pk and article.status == Article.Status.DRAFT


def can_translate(user, article: Article | None, language: str) -> bool:
    """May ``user`` change the ``language`` translation of ``article`` (its text only)?"""
    if article is None or article.pk is None or language == default_language():
        return False
    return (
        user.is_active
        and user.is_staff
        and user.has_perm("articles.change_article")
        and user.has_perm("articles.translate_article")
    )


def can_edit(user, article: Article | None, language: str) -> bool:
    """May ``user`` save the admin form of ``article`` in ``language`` at all?"""
    return can_edit_everything(user, article) or can_translate(user, article, language)


def can_take(user, article: Article, action: Action | str) -> bool:
    """May ``user`` take ``action`` on ``article`` (the state aside)?"""
    transition = TRANSITIONS[Action(action)]
    if not (user.is_active and user.is_staff and user.has_perm(transition.permission)):
        return False
    if transition.action == Action.SUBMIT:
        # Writers submit their own stories; editors may submit anyone's.
        return user.has_perm("articles.edit_any_article") or article.author_id == user.pk
    return True


def can_correct(user, article: Article) -> bool:
    """May ``user`` add correction notes (to a story that is public: the service checks that)?"""
    return user.is_active and user.is_staff and user.has_perm("articles.correct_article")


def can_restore_revision(user, article: Article) -> bool:
    return can_edit_everything(user, article) and user.has_perm("articles.edit_any_article")
