"""The long tail (issue 14): a story or list nobody asked for since the last change is cheap to build,
and its related stories come from small kept lists rather than from sorting the archive."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Tag
from articles.public import page_parts, selectors, stored
from articles.public.links import article_path, section_path
from tests.factories import make_published, make_section, make_source

pytestmark = pytest.mark.django_db


def _newsroom(count=40):
    sections = [make_section(name=f"قسم {n}", name_en=f"Section {n}", ordering=n) for n in range(3)]
    sources = [make_source(name=f"مصدر {n}", slug=f"source-{n}") for n in range(2)]
    stories = [
        make_published(
            title=f"خبر {n}",
            section=sections[n % 3],
            origin=Article.Origin.REPUBLISHED if n % 2 else Article.Origin.ORIGINAL,
            source=sources[n % 2] if n % 2 else None,
            original_url="https://example.org/story" if n % 2 else "",
            tags=[f"وسم {n % 4}", f"نادر {n % 11}"],
            ago=timedelta(hours=n + 1),
        )
        for n in range(count)
    ]
    return sections, sources, stories


def _brute_force_related(story, language="ar"):
    tags = {tag.pk for tag in story.tags.all()}
    candidates = [
        other
        for other in Article.objects.published().filter(translations__language_code=language).exclude(pk=story.pk)
        if other.section_id == story.section_id or tags & {tag.pk for tag in other.tags.all()}
    ]
    candidates.sort(key=lambda a: (a.published_at, a.pk), reverse=True)
    return [a.pk for a in candidates[: selectors.RELATED_COUNT]]


def test_related_stories_are_the_newest_sharing_a_tag_or_the_section():
    _sections, _sources, stories = _newsroom()
    untagged = make_published(title="بلا وسم", section=None, ago=timedelta(days=3))

    for story in [*stories, untagged]:
        expected = _brute_force_related(story)
        assert [a.pk for a in selectors.article_list_related(article=story, language="ar")] == expected
        assert page_parts.related_ids(story, "ar") == expected
    assert page_parts.related_ids(untagged, "ar") == []


def test_the_newest_of_each_section_and_tag_come_in_one_query():
    sections, _sources, stories = _newsroom()
    tag = Tag.objects.get(name="وسم 1")

    with CaptureQueriesContext(connection) as queries:
        found = selectors.newest_by_group(section_ids=[sections[0].pk], tag_ids=[tag.pk], language="ar", count=3)

    assert len(queries) == 1
    assert [pk for pk, _at in found[("section", sections[0].pk)]] == [s.pk for s in stories if s.section == sections[0]][:3]
    assert [pk for pk, _at in found[("tag", tag.pk)]] == [s.pk for s in stories[1::4]][:3]


def _queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return [q["sql"] for q in queries]


def _readers_were_here(client, sections, stories):
    """Since the last change, readers have asked for the home page, each section and the newest stories."""
    client.get("/")
    for section in sections:
        client.get(section_path(section, "ar"))
    for story in stories[:6]:
        client.get(article_path(story, "ar"))


def test_a_cold_story_costs_one_query_once_stored_and_the_shared_parts_are_kept(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    sections, _sources, stories = _newsroom()
    for story in stories:
        stored.store_story(story.pk)  # as the task does after each publication
    cache.clear()
    _readers_were_here(client, sections, stories)

    for story in stories[12:16]:
        sql = _queries(client, article_path(story, "ar"))
        # The stored page; its related lists and cards when not kept yet.
        assert len(sql) <= 3, "\n".join(q[:150] for q in sql)
    # Its section and both its tags already seen: the stored page alone.
    sql = _queries(client, article_path(stories[22], "ar"))
    assert len(sql) == 1 and "storedrendering" in sql[0]


def test_a_cold_story_not_stored_yet_costs_four_queries_once_the_shared_parts_are_kept(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    sections, _sources, stories = _newsroom()
    cache.clear()
    _readers_were_here(client, sections, stories)

    for story in stories[12:16]:
        sql = _queries(client, article_path(story, "ar"))
        # No stored page; the story with its section and source, its translations, its tags; related lists kept.
        assert len(sql) <= 5, "\n".join(q[:150] for q in sql)
    # Its section and both its tags already seen: no stored page, the story, its translations, its tags.
    assert len(_queries(client, article_path(stories[22], "ar"))) == 4


def test_a_cold_list_page_costs_at_most_five_queries(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    sections, sources, stories = _newsroom()
    cache.clear()
    _readers_were_here(client, sections, stories)

    for path in [
        f"{section_path(sections[1], 'ar')}?page=2",
        f"/tag/{Tag.objects.get(name='وسم 2').slug}/",
        f"/source/{sources[1].slug}/",
    ]:
        sql = _queries(client, path)
        # Its section or tag when not kept yet, the count and ids of the page, the cards.
        assert len(sql) <= 5, "\n".join(q[:150] for q in sql)
    # A section's deeper page: its ids and count, the cards (the section and the strip are kept).
    assert len(_queries(client, f"{section_path(sections[2], 'ar')}?page=2")) <= 3
