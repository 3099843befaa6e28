"""Reader dates: Gregorian with Arabic month names and the Umm al-Qura Hijri date."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured

from articles.models import Article
from articles.public.dates import hijri_date, reader_date
from articles.public.links import article_path
from tests.factories import make_published

ADEN = ZoneInfo("Asia/Aden")


@pytest.mark.parametrize(
    ("day", "arabic", "english"),
    [
        # The seed article's date, 8 December 2024, was 7 Jumada al-Akhirah 1446 (Umm al-Qura).
        (datetime(2024, 12, 8, 12, 0, tzinfo=ADEN), "7 جمادى الآخرة 1446", "7 Jumada al-Akhirah 1446"),
        # 1 Ramadan 1445 fell on 11 March 2024 by Umm al-Qura.
        (datetime(2024, 3, 11, 9, 0, tzinfo=ADEN), "1 رمضان 1445", "1 Ramadan 1445"),
        # 1 Muharram 1446 was 7 July 2024.
        (datetime(2024, 7, 7, 9, 0, tzinfo=ADEN), "1 محرم 1446", "1 Muharram 1446"),
    ],
)
def test_hijri_dates_follow_umm_al_qura(day, arabic, english):
    assert arabic in hijri_date(day, "ar") and "هـ" in hijri_date(day, "ar")
    assert english in hijri_date(day, "en") and "AH" in hijri_date(day, "en")


def test_reader_date_uses_arabic_month_names_and_local_time(settings):
    settings.TIME_ZONE = "Asia/Aden"
    moment = datetime(2024, 12, 8, 9, 30, tzinfo=ZoneInfo("UTC"))
    arabic = reader_date(moment, "ar")
    assert "الأحد" in arabic.gregorian and "8 ديسمبر 2024" in arabic.gregorian
    assert arabic.time == "12:30"
    assert arabic.iso == "2024-12-08T12:30:00+03:00"
    assert reader_date(moment, "en").gregorian == "Sunday 8 December 2024"  # the msgid itself


def test_dates_outside_the_umm_al_qura_table_show_no_hijri_date():
    assert hijri_date(datetime(1800, 1, 1, tzinfo=ADEN), "ar") == ""


def test_short_date_for_story_cards():
    moment = datetime(2024, 12, 8, 12, 30, tzinfo=ADEN)
    assert reader_date(moment, "ar").short == "8 ديسمبر 2024"
    assert reader_date(moment, "en").short == "8 December 2024"


DECEMBER_8 = datetime(2024, 12, 8, 12, 30, tzinfo=ADEN)


@pytest.mark.parametrize(
    ("style", "month"),
    [("egyptian", "ديسمبر"), ("levantine", "كانون الأول"), ("both", "كانون الأول/ديسمبر")],
)
def test_month_names_setting_chooses_the_arabic_month_names(settings, style, month):
    settings.MONTH_NAMES = style
    arabic = reader_date(DECEMBER_8, "ar")
    assert arabic.short == f"8 {month} 2024"
    assert f"8 {month} 2024" in arabic.gregorian
    # English dates keep the English month name whatever the setting.
    assert reader_date(DECEMBER_8, "en").short == "8 December 2024"


def test_levantine_month_names_cover_the_year(settings):
    settings.MONTH_NAMES = "levantine"
    names = [reader_date(datetime(2024, month, 15, 12, tzinfo=ADEN), "ar").short for month in range(1, 13)]
    assert names[0] == "15 كانون الثاني 2024"
    assert names[4] == "15 أيار 2024"
    assert names[9] == "15 تشرين الأول 2024"
    assert names[11] == "15 كانون الأول 2024"
    assert not any("يناير" in name or "مايو" in name for name in names)


def test_an_unknown_month_names_setting_fails_loudly(settings):
    settings.MONTH_NAMES = "syrian"
    with pytest.raises(ImproperlyConfigured, match="MONTH_NAMES"):
        reader_date(DECEMBER_8, "ar")


@pytest.mark.django_db
@pytest.mark.parametrize(("style", "month"), [("levantine", "كانون الأول"), ("both", "كانون الأول/ديسمبر")])
def test_month_names_setting_applies_to_the_dates_readers_see(client, settings, style, month):
    settings.MONTH_NAMES = style
    article = make_published(en={"title": "A story", "body": "<p>Body.</p>"})
    Article.objects.filter(pk=article.pk).update(published_at=DECEMBER_8)
    article.refresh_from_db()
    page = client.get(article_path(article, "ar")).text
    home = client.get("/").text
    assert f"8 {month} 2024" in page and f"8 {month} 2024" in home
    english = client.get(article_path(article, "en")).text
    assert "8 December 2024" in english and "كانون" not in english
