"""Who is credited on a story: a profile for each newsroom account, and the writer's own credit."""

from django.conf import settings
from django.db import transaction

from articles.models import Article, Author, Contribution


def author_for_user(user) -> Author:
    """The profile of ``user``'s account, made (named after the account) the first time it is needed."""
    try:
        return user.author_profile
    except Author.DoesNotExist:
        pass
    author = Author(user=user, kind=Author.Kind.STAFF)
    author.set_current_language(settings.PARLER_DEFAULT_LANGUAGE_CODE)
    author.name = (user.get_full_name() or user.get_username())[:200]
    author.save()
    return author


@transaction.atomic
def article_credit_writer(*, article: Article, user) -> Contribution | None:
    """Credit ``user`` as the writer of ``article`` when nobody is credited on it yet."""
    if user is None or article.contributions.exists():
        return None
    return Contribution.objects.create(article=article, author=author_for_user(user), role=Contribution.Role.WRITER)
