"""Editors see which sources (and tags) the English edition cannot name in English."""

import pytest
from django.urls import reverse

from articles.models import Tag
from tests.articles.helpers import logged_in
from tests.factories import make_article, make_source

pytestmark = pytest.mark.django_db


def test_the_sources_list_filters_and_counts_the_sources_without_an_english_name(editor):
    make_source(name="وكالة سبأ", name_en=None, slug="saba")
    make_source(name="وكالة قديمة", name_en=None, slug="old", is_active=False)
    make_source(name="شام الإخبارية", name_en="Sham News", slug="sham")
    client = logged_in(editor)
    url = reverse("admin:sources_source_changelist")
    page = client.get(url).text
    assert 'id="sources-missing-english"' in page
    assert "?english_name=missing&amp;is_active__exact=1" in page
    missing = client.get(url, {"english_name": "missing"}).context["cl"].result_list
    assert sorted(source.slug for source in missing) == ["old", "saba"]
    given = client.get(url, {"english_name": "given"}).context["cl"].result_list
    assert [source.slug for source in given] == ["sham"]
    assert client.get(url, {"english_name": "missing", "is_active__exact": "1"}).context["cl"].result_count == 1


def test_no_notice_when_every_active_source_has_an_english_name(editor):
    make_source(name="شام الإخبارية", name_en="Sham News", slug="sham")
    make_source(name="وكالة قديمة", name_en=None, slug="old", is_active=False)
    page = logged_in(editor).get(reverse("admin:sources_source_changelist")).text
    assert 'id="sources-missing-english"' not in page


def test_the_dashboard_tells_editors_but_not_writers(editor, writer):
    make_source(name="وكالة سبأ", name_en=None, slug="saba")
    editor_page = logged_in(editor).get(reverse("admin:index")).text
    assert 'id="sources-missing-english"' in editor_page
    assert reverse("admin:sources_source_changelist") + "?english_name=missing" in editor_page
    assert 'id="sources-missing-english"' not in logged_in(writer).get(reverse("admin:index")).text


def test_tags_are_translated_in_the_admin_and_filtered_by_a_missing_english_name(editor):
    make_article(tags=["سوريا", "حلب"])
    tag = Tag.objects.get(name="سوريا")
    client = logged_in(editor)
    change = reverse("admin:articles_tag_change", args=[tag.pk]) + "?language=en"
    assert 'id="id_translated_name"' in client.get(change).text
    response = client.post(change, {"name": "سوريا", "slug": tag.slug, "translated_name": "Syria"})
    assert response.status_code == 302
    tag = Tag.objects.get(pk=tag.pk)
    assert tag.display_name("en") == "Syria"
    assert tag.display_name("ar") == "سوريا"
    missing = client.get(reverse("admin:articles_tag_changelist"), {"english_name": "missing"}).context["cl"].result_list
    assert [t.name for t in missing] == ["حلب"]


def test_merging_tags_keeps_a_translation_the_kept_tag_lacked(editor):
    make_article(tags=["سوريا"])
    make_article(tags=["سورية"])
    make_article(tags=["سوريا"])
    merged = Tag.objects.get(name="سورية")
    merged.set_current_language("en")
    merged.translated_name = "Syria"
    merged.save()
    response = logged_in(editor).post(
        reverse("admin:articles_tag_changelist"),
        {"action": "merge_tags", "_selected_action": [tag.pk for tag in Tag.objects.all()]},
    )
    assert response.status_code == 302
    assert [tag.name for tag in Tag.objects.all()] == ["سوريا"]
    assert Tag.objects.get().display_name("en") == "Syria"

