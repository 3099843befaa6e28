"""How the admin shows people and dates to an Arabic newsroom."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from articles.models import Article
from tests.articles.helpers import change_url, logged_in
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


def test_people_are_shown_by_full_name_in_the_list_filter_and_form(editor):
    writer = make_user("salma", role="Writers", first_name="سلمى", last_name="الكاتبة")
    article = make_article(author=writer)
    Article.objects.filter(pk=article.pk).update(updated_by=writer)
    client = logged_in(editor)

    listing = client.get(reverse("admin:articles_article_changelist")).content.decode()
    form = client.get(change_url(article, "ar")).content.decode()

    assert listing.count("سلمى الكاتبة") >= 2  # the author column and the author filter
    assert ">salma<" not in listing
    assert form.count("سلمى الكاتبة") >= 2  # author and last changed by


def test_admin_dates_read_day_month_year_in_arabic(editor, settings):
    settings.TIME_ZONE = "Asia/Aden"
    published = datetime(2026, 12, 5, 14, 30, tzinfo=ZoneInfo("Asia/Aden"))
    article = make_article(status=Article.Status.PUBLISHED, published_at=published, byline="محرر")

    form = logged_in(editor).get(change_url(article, "ar")).content.decode()

    assert "5 ديسمبر 2026، 2:30 م" in form
    assert "ديسمبر 5, 2026" not in form


def test_admin_pages_have_the_site_icon(editor):
    page = logged_in(editor).get(reverse("admin:index")).content.decode()
    assert 'rel="icon" href="/static/khabar/favicon.svg"' in page
