"""Counting long lists cheaply: public lists stop at a fixed number of pages; sitemaps page in the database."""

from datetime import timedelta

import pytest
from django.urls import reverse

from articles.models import Article
from articles.public.pagination import BoundedCountPaginator
from articles.public.sitemaps import ArticleSitemap, TagSitemap
from tests.factories import make_published

pytestmark = pytest.mark.django_db


def test_bounded_paginator_counts_at_most_its_pages():
    for n in range(7):
        make_published(title=f"خبر {n}", ago=timedelta(hours=n + 1))

    paginator = BoundedCountPaginator(Article.objects.order_by("pk"), 2)
    paginator.max_pages = 3

    assert paginator.count == 6 and paginator.num_pages == 3
    assert BoundedCountPaginator(Article.objects.order_by("pk"), 10).count == 7


def test_public_list_pages_past_the_bound_are_not_found(client, monkeypatch):
    monkeypatch.setattr(BoundedCountPaginator, "max_pages", 1)
    for n in range(14):
        make_published(title=f"خبر {n}", ago=timedelta(hours=n + 1))

    assert client.get(reverse("articles:home")).status_code == 200
    assert client.get(reverse("articles:home") + "?page=2").status_code == 404


def test_article_sitemap_pages_list_every_story_in_each_of_its_languages(monkeypatch):
    stories = [make_published(title=f"خبر {n}", en=None, ago=timedelta(hours=n + 1)) for n in range(3)]
    english = make_published(title="خبر مترجم", ago=timedelta(minutes=5))
    english.set_current_language("en")
    english.title = "Translated story"
    english.save()
    sitemap = ArticleSitemap()
    sitemap.limit = 2

    pages = [sitemap.paginator.page(n).object_list for n in sitemap.paginator.page_range]

    assert sitemap.paginator.count == 5
    assert [[(a.pk, code) for a, code in page] for page in pages] == [
        [(english.pk, "ar"), (english.pk, "en")],
        [(stories[0].pk, "ar"), (stories[1].pk, "ar")],
        [(stories[2].pk, "ar")],
    ]


def test_tag_sitemap_pairs_each_tag_with_every_language():
    make_published(tags=["اقتصاد", "سياسة"])
    sitemap = TagSitemap()
    sitemap.limit = 3

    first, second = (sitemap.paginator.page(n).object_list for n in (1, 2))

    assert sitemap.paginator.count == 4
    assert [(tag.name, code) for tag, code in first + second] == [
        ("اقتصاد", "ar"), ("اقتصاد", "en"), ("سياسة", "ar"), ("سياسة", "en"),
    ]  # fmt: skip


def test_a_page_of_ids_and_its_bounded_count_come_in_one_query(monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.public.pagination import page_ids_with_count

    stories = [make_published(title=f"خبر {n}", ago=timedelta(hours=n + 1)) for n in range(7)]
    newest_first = Article.objects.published().order_by("-published_at", "-pk")

    with CaptureQueriesContext(connection) as queries:
        assert page_ids_with_count(newest_first, number=2, per_page=3) == ([s.pk for s in stories[3:6]], 7)
    assert len(queries) == 1
    assert page_ids_with_count(newest_first, number=3, per_page=3) == ([stories[6].pk], 7)
    assert page_ids_with_count(newest_first, number=4, per_page=3) == ([], 0)
    # Bounded as BoundedCountPaginator is: two pages of three at most.
    assert page_ids_with_count(newest_first, number=1, per_page=3, max_pages=2) == ([s.pk for s in stories[:3]], 6)
