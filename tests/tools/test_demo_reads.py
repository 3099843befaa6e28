"""The demo seeds reads, so a fresh demo shows "most read" on the home and section pages."""

import pytest
from django.utils import timezone

from articles.models import Section, StoryReads
from articles.public.links import section_path
from tools.demo.load import load_demo
from tools.demo.reads import ensure_reads

pytestmark = pytest.mark.django_db


def test_a_fresh_demo_has_most_read_lists_and_loading_again_changes_no_row(client):
    now = timezone.now()
    load_demo(password="kalimat-sirr-tajribiya", now=now)
    rows = set(StoryReads.objects.values_list("article", "hour", "count"))
    assert len({article for article, _hour, _count in rows}) >= 5
    ensure_reads(now=now)
    assert set(StoryReads.objects.values_list("article", "hour", "count")) == rows
    home = client.get("/").text
    assert 'id="most-read-day"' in home and 'id="most-read-week"' in home
    section = Section.objects.filter(is_active=True).order_by("ordering", "pk").first()
    assert 'id="most-read-title"' in client.get(section_path(section, "ar")).text
