"""The public site's lists kept as rows (``ListedStory``) hold exactly what the stories say.

Every list is checked against the same list read from the stories with the ORM (published, time
passed, translated into the language, in the section / tag / source), after each kind of change a
newsroom makes: publishing, scheduling, withdrawing, moving a story, retagging, translating,
bulk updates, deleting, restoring a backup.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, ListedStory, Tag
from articles.newsroom.services import article_publish, article_withdraw
from articles.public import selectors
from tests.factories import make_published, make_section, make_source, make_user

pytestmark = pytest.mark.django_db

LANGUAGES = ("ar", "en")


def listed(kind: str, group_id: int, language: str) -> list[int]:
    ids, _count = selectors.listed_page(kind=kind, group_id=group_id, language=language, number=1, per_page=500, bound=500)
    return ids


def from_stories(kind: str, group_id: int, language: str) -> list[int]:
    stories = Article.objects.published().filter(translations__language_code=language)
    if kind == "section":
        stories = stories.filter(section_id=group_id)
    elif kind == "tag":
        stories = stories.filter(tags__id=group_id)
    elif kind == "source":
        stories = stories.filter(source_id=group_id)
    return list(stories.order_by("-published_at", "-pk").values_list("pk", flat=True))


def assert_lists_match_the_stories() -> None:
    groups = [("all", 0)]
    groups += [("section", pk) for pk in Article.objects.exclude(section=None).values_list("section_id", flat=True)]
    groups += [("source", pk) for pk in Article.objects.exclude(source=None).values_list("source_id", flat=True)]
    groups += [("tag", pk) for pk in Tag.objects.values_list("pk", flat=True)]
    for kind, group_id in set(groups):
        for language in LANGUAGES:
            assert listed(kind, group_id, language) == from_stories(kind, group_id, language), (kind, group_id, language)


@pytest.fixture
def newsroom():
    politics, economy = make_section(name="سياسة", name_en="Politics"), make_section(name="اقتصاد", name_en="Economy")
    agency, paper = make_source(name="وكالة", name_en="Agency", slug="agency"), make_source(name="صحيفة", name_en="Paper", slug="paper")
    stories = [
        make_published(
            title=f"خبر {n}",
            section=politics if n % 2 else economy,
            source=agency if n % 3 else paper,
            en={"title": f"Story {n}"} if n % 2 else None,
            tags=["انتخابات", "نفط"][: n % 3],
            ago=timedelta(hours=n + 1),
        )
        for n in range(8)
    ]
    return {"politics": politics, "economy": economy, "agency": agency, "paper": paper, "stories": stories}


def test_every_list_holds_the_published_stories_in_its_language_newest_first(newsroom):
    assert_lists_match_the_stories()
    assert ListedStory.objects.filter(kind="all", language="ar").count() == 8
    assert ListedStory.objects.filter(kind="all", language="en").count() == 4


def test_a_story_leaves_and_enters_lists_as_the_newsroom_changes_it(newsroom):
    first, second, third = newsroom["stories"][:3]
    first.section = newsroom["economy"] if first.section == newsroom["politics"] else newsroom["politics"]
    first.source = None
    first.save()
    second.tags.remove("نفط")
    second.tags.add("رياضة")
    third.set_current_language("en")
    third.title = "Now in English"
    third.save()
    assert_lists_match_the_stories()
    third.delete_translation("en")
    assert_lists_match_the_stories()


def test_withdrawn_unpublished_and_deleted_stories_leave_every_list(newsroom):
    editor = make_user("chief", role="Editors")
    first, second, third, fourth = newsroom["stories"][:4]
    article_withdraw(article=first, by=editor, comment="خطأ في المصدر")
    second.status = Article.Status.DRAFT
    second.save()
    third.delete()
    Article.objects.filter(pk=fourth.pk).update(status=Article.Status.DRAFT)  # a bulk change, no save
    assert_lists_match_the_stories()
    assert not ListedStory.objects.filter(article_id__in=[first.pk, second.pk, third.pk, fourth.pk]).exists()


def test_a_scheduled_story_is_listed_when_its_time_comes(newsroom):
    story = newsroom["stories"][0]
    story.status = Article.Status.DRAFT
    story.save()
    article_publish(article=story, at=timezone.now() + timedelta(minutes=30))
    assert story.pk not in listed("all", 0, "ar")
    assert_lists_match_the_stories()
    Article.objects.filter(pk=story.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    assert listed("all", 0, "ar")[0] == story.pk
    assert_lists_match_the_stories()


def test_a_new_draft_costs_no_list_query():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_article

    with CaptureQueriesContext(connection) as queries:
        make_article(title="مسودة", tags=["نفط"])  # ingest writes thousands of these
    assert not [query for query in queries.captured_queries if ListedStory._meta.db_table in query["sql"]]


def test_rebuild_writes_the_lists_again_from_the_stories(newsroom):
    ListedStory.objects.all().delete()
    ListedStory.objects.rebuild()
    assert_lists_match_the_stories()


def test_a_page_of_a_list_and_its_count_up_to_the_bound(newsroom):
    ids, count = selectors.listed_page(kind="all", group_id=0, language="ar", number=2, per_page=3, bound=6)
    assert ids == from_stories("all", 0, "ar")[3:6]
    assert count == 6  # 8 stories, counted up to the bound
    assert selectors.listed_page(kind="all", group_id=0, language="ar", number=9, per_page=3, bound=30) == ([], 0)
