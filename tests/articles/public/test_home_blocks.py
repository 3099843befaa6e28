"""The home page's section blocks read recent stories first and still fill quiet sections."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.public import selectors
from tests.factories import make_published, make_section

pytestmark = pytest.mark.django_db


def test_busy_and_quiet_sections_both_show_their_newest_stories():
    busy = make_section(name="سياسة", name_en="Politics", ordering=1)
    quiet = make_section(name="ثقافة", name_en="Culture", ordering=2)
    now = timezone.now()
    recent = [make_published(title=f"خبر {n}", section=busy, ago=timedelta(hours=n + 1)) for n in range(6)]
    old = [make_published(title=f"قديم {n}", section=quiet, ago=timedelta(days=60 + n)) for n in range(5)]
    one_recent = make_published(title="جديد الثقافة", section=quiet, ago=timedelta(days=1))

    blocks = selectors.home_section_blocks(language="ar", sections=selectors.section_list_for_nav())

    assert [block.section for block in blocks] == [busy, quiet]
    assert [a.pk for a in blocks[0].articles] == [a.pk for a in recent[:4]]
    assert [a.pk for a in blocks[1].articles] == [one_recent.pk] + [a.pk for a in old[:3]]
    assert all(a.published_at <= now for block in blocks for a in block.articles)


def test_related_stories_come_from_the_archive_when_recent_days_have_too_few():
    section = make_section(name="اقتصاد", name_en="Economy")
    story = make_published(title="الخبر", section=section, ago=timedelta(hours=1))
    recent = make_published(title="قريب", section=section, ago=timedelta(days=2))
    old = [make_published(title=f"قديم {n}", section=section, ago=timedelta(days=90 + n)) for n in range(4)]

    related = selectors.article_list_related(article=story, language="ar")

    assert [a.pk for a in related] == [recent.pk] + [a.pk for a in old[:3]]
