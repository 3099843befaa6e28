"""The migration to people (issue 20): existing bylines become credits where a profile has the
name, and stay as written otherwise; run on the database of the test run (SQLite, and
PostgreSQL with ``DATABASE_URL``)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("articles", "0016_distribution")]
AFTER = [("articles", "0017_people")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_apps():
    apps = _migrate(BEFORE)
    yield apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def _story(apps, *, author=None, bylines: dict[str, str]):
    Article = apps.get_model("articles", "Article")
    ArticleTranslation = apps.get_model("articles", "ArticleTranslation")
    article = Article.objects.create(author_id=author.pk if author else None)
    for language, byline in bylines.items():
        ArticleTranslation.objects.create(
            master_id=article.pk, language_code=language, title="خبر", slug=f"story-{article.pk}", byline=byline
        )
    return article.pk


def test_bylines_become_credits_where_a_profile_has_the_name_and_stay_as_text_otherwise(old_apps):
    User = old_apps.get_model("auth", "User")
    reporter = User.objects.create(username="salwa", first_name="سلوى", last_name="أحمد")
    editor = User.objects.create(username="editor")
    own = _story(old_apps, author=reporter, bylines={"ar": "سلوى احمد", "en": "Salwa Ahmed"})
    other = _story(old_apps, author=editor, bylines={"ar": "سلوى أحمد"})
    plain = _story(old_apps, author=reporter, bylines={"ar": "مراسل خبر في عدن"})
    none = _story(old_apps, bylines={"ar": ""})

    apps = _migrate(AFTER)
    Article = apps.get_model("articles", "Article")
    ArticleTranslation = apps.get_model("articles", "ArticleTranslation")
    Author = apps.get_model("articles", "Author")

    profile = Author.objects.get()
    assert profile.user_id == reporter.pk and profile.kind == "staff"
    assert profile.slug == "سلوى-احمد"
    credits = Article.objects.get(pk=own).credits
    assert credits == [
        {"author": profile.pk, "slug": profile.slug, "role": "writer", "kind": "staff", "name": {"ar": "سلوى احمد"}, "links": []}
    ]
    # The same name on a story the editor filed credits the same profile.
    assert Article.objects.get(pk=other).credits[0]["author"] == profile.pk
    bylines = dict(ArticleTranslation.objects.filter(master_id=own).values_list("language_code", "byline"))
    assert bylines == {"ar": "", "en": "Salwa Ahmed"}  # no profile has the English name: kept as written
    assert ArticleTranslation.objects.get(master_id=plain).byline == "مراسل خبر في عدن"
    assert Article.objects.get(pk=plain).credits == []
    assert Article.objects.get(pk=none).credits == []
    assert apps.get_model("articles", "Contribution").objects.count() == 2


def test_going_back_puts_credited_names_into_empty_bylines(old_apps):
    User = old_apps.get_model("auth", "User")
    reporter = User.objects.create(username="عمر")
    story = _story(old_apps, author=reporter, bylines={"ar": "عمر"})
    _migrate(AFTER)
    apps = _migrate(BEFORE)
    assert apps.get_model("articles", "ArticleTranslation").objects.get(master_id=story).byline == "عمر"
