"""The article changelist at scale: queries independent of the number of rows, sources and sections."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from articles.public import pagination
from articles.public.pagination import EstimatedCountPaginator
from tests.factories import make_published, make_section, make_source

pytestmark = pytest.mark.django_db


def _changelist_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_changelist_queries_do_not_grow_with_sources_sections_or_stories(client, editor):
    client.force_login(editor)
    make_published(section=make_section(), source=make_source(), origin=Article.Origin.REPUBLISHED)
    before = len(_changelist_queries(client))

    for n in range(6):
        section = make_section(name=f"قسم {n}", name_en=f"Section {n}")
        make_published(section=section, source=make_source(name=f"مصدر {n}"), origin=Article.Origin.REPUBLISHED)

    assert len(_changelist_queries(client)) == before


def test_changelist_counts_the_table_once(client, editor):
    client.force_login(editor)
    make_published()

    counts = [sql for sql in _changelist_queries(client) if "COUNT(" in sql.upper()]

    # The paginator's; Django's "(N total)" figure would be a second COUNT over the whole table.
    assert len(counts) == 1


def test_small_lists_are_counted_exactly():
    make_published()
    make_published()

    assert EstimatedCountPaginator(Article.objects.all(), 20).count == 2


@pytest.mark.postgres
def test_long_lists_use_the_planner_estimate_on_postgresql(monkeypatch):
    make_published()
    monkeypatch.setattr(pagination, "ESTIMATE_ABOVE", -1)

    with CaptureQueriesContext(connection) as queries:
        count = EstimatedCountPaginator(Article.objects.all(), 20).count

    assert count >= 0
    assert [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()] == []
    assert any(q["sql"].startswith("EXPLAIN") for q in queries.captured_queries)


@pytest.mark.postgres
def test_a_filter_nothing_can_match_is_estimated_as_empty(monkeypatch):
    # An id past bigint runs no query at all (Django knows it matches nothing), so there is no plan.
    monkeypatch.setattr(pagination, "ESTIMATE_ABOVE", -1)

    assert EstimatedCountPaginator(Article.objects.filter(pk=10**20), 20).count == 0


def test_changelist_writes_no_translation_to_the_shared_cache(client, editor, monkeypatch):
    """Issue 14: parler writes each translation read through its getter to the cache, one Redis
    round trip each: 100 stories, their sections and sources and the 200 choices of the source
    filter were most of the changelist's time. The prefetched ones are read in place."""
    from parler import models as parler_models

    client.force_login(editor)
    for n in range(3):
        section = make_section(name=f"قسم {n}", name_en=f"Section {n}")
        make_published(section=section, source=make_source(name=f"مصدر {n}"), origin=Article.Origin.REPUBLISHED)
    written = []
    monkeypatch.setattr(parler_models, "_cache_translation", lambda translation, **kw: written.append(translation))
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "مصدر 2" in html and "قسم 2" in html
    assert written == []
