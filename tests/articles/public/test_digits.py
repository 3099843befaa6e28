"""The DIGITS setting: Arabic-Indic digits for what readers of Arabic pages see, never for machines."""

import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article
from articles.public.dates import reader_date
from articles.public.links import article_path
from articles.public.numerals import shown_digits
from tests.factories import make_published, make_section

pytestmark = pytest.mark.django_db

ADEN = ZoneInfo("Asia/Aden")
DECEMBER_8 = datetime(2024, 12, 8, 12, 30, tzinfo=ADEN)
ARABIC_INDIC = re.compile("[٠-٩]")


@pytest.fixture
def arabic_indic(settings):
    settings.DIGITS = "arabic-indic"


@pytest.fixture
def story(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # indexes the story for search
        article = make_published(
            title="خبر بالأرقام",
            section=make_section(),
            tags=["اقتصاد"],
            en={"title": "A story in numbers", "body": "<p>Body.</p>"},
        )
    Article.objects.filter(pk=article.pk).update(published_at=DECEMBER_8)
    article.refresh_from_db()
    return article


def test_western_digits_by_default():
    date = reader_date(DECEMBER_8, "ar")
    assert date.short == "8 ديسمبر 2024" and date.time == "12:30"
    assert "1446" in date.hijri


def test_arabic_indic_digits_in_arabic_dates(arabic_indic):
    date = reader_date(DECEMBER_8, "ar")
    assert date.short == "٨ ديسمبر ٢٠٢٤"
    assert date.time == "١٢:٣٠"
    assert "٧ جمادى الآخرة ١٤٤٦" in date.hijri
    assert date.iso == "2024-12-08T12:30:00+03:00"  # machine-read: Western digits


def test_english_pages_keep_western_digits(arabic_indic):
    assert reader_date(DECEMBER_8, "en").short == "8 December 2024"
    assert shown_digits(12, "en") == "12"


def test_character_references_keep_their_digits(arabic_indic):
    converted = shown_digits(mark_safe("صفحة 2 &#x27;3&#39; &amp; 4"), "ar")  # noqa: S308
    assert converted == "صفحة ٢ &#x27;٣&#39; &amp; ٤"
    assert isinstance(converted, SafeString)


def test_an_unknown_digits_setting_fails_loudly(settings):
    settings.DIGITS = "hindi"
    with pytest.raises(ImproperlyConfigured, match="DIGITS"):
        shown_digits(1, "ar")


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_article_page_shows_arabic_indic_dates_but_machine_values_stay_western(client, arabic_indic, story):
    html = client.get(article_path(story, "ar")).text
    assert "٨ ديسمبر ٢٠٢٤" in html and "١٢:٣٠" in html and "١٤٤٦" in html
    assert '<time datetime="2024-12-08T12:30:00+03:00">' in html
    assert 'content="2024-12-08T12:30:00+03:00"' in html  # article:published_time
    json_ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert not ARABIC_INDIC.search(json.dumps(json_ld, ensure_ascii=False))
    # Addresses (links, the canonical URL, the short link) keep Western digits.
    for url in re.findall(r'(?:href|src|content)="([^"]*)"', html):
        assert not ARABIC_INDIC.search(url), url
    assert f"/a/{story.pk}" in html


def test_article_page_with_western_digits(client, story):
    html = client.get(article_path(story, "ar")).text
    assert "8 ديسمبر 2024" in html and "12:30" in html
    assert not ARABIC_INDIC.search(_visible_text(html))


def test_english_page_keeps_western_digits_under_the_arabic_indic_setting(client, arabic_indic, story):
    html = client.get(article_path(story, "en")).text
    assert "8 December 2024" in html
    assert not ARABIC_INDIC.search(html)


def test_feeds_and_sitemaps_keep_western_digits(client, arabic_indic, story):
    for url in ["/feeds/rss/", "/feeds/atom/", "/sitemap.xml", "/sitemap-articles.xml"]:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert re.search(r"20\d\d", body), url
        assert not ARABIC_INDIC.search(body), url


def test_page_numbers_follow_the_setting_and_links_stay_western(client, settings):
    for number in range(25):
        make_published(title="خبر للترقيم", ago=timedelta(minutes=number + 1))
    western = client.get("/?page=2").text
    assert "آخر الأخبار، الصفحة 2" in western and "الصفحة 2 من 3" in western
    settings.DIGITS = "arabic-indic"
    cache.clear()  # the page cache holds the Western-digit page
    html = client.get("/?page=2").text
    assert "آخر الأخبار، الصفحة ٢" in html and "الصفحة ٢ من ٣" in html
    assert 'href="?page=1"' in html and 'href="?page=3"' in html


def test_search_count_and_dates_follow_the_setting(client, arabic_indic, story):
    html = client.get("/search/", {"q": "بالأرقام"}).text
    assert "search-results--arabic-indic" in html
    assert "٨ ديسمبر ٢٠٢٤" in html
    assert '<time datetime="2024-12-08T12:30:00+03:00">' in html
