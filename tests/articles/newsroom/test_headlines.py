"""A label typed before a headline, and when a story's address is fixed."""

import pytest

from articles.newsroom.headlines import headline_from_text, known_labels, slug_is_fixed, split_hashtags, split_label
from articles.newsroom.services import article_publish, article_restore, article_withdraw
from tests.factories import make_article, make_section


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("أخبار سوريا : انعقاد القمة", ("انعقاد القمة", "أخبار سوريا")),
        ("اخبار اليمن| الأمطار تغمر المكلا", ("الأمطار تغمر المكلا", "اخبار اليمن")),
        ("اقتصاد / ارتفاع الريال", ("ارتفاع الريال", "اقتصاد")),
        ("اقتصاد - ارتفاع الريال", ("ارتفاع الريال", "اقتصاد")),
        ("Economy: the rial rises", ("the rial rises", "Economy")),
        ("خبر – عاجل من عدن", ("عاجل من عدن", "خبر")),
        ("اقتصاد :: ارتفاع الريال", ("ارتفاع الريال", "اقتصاد")),
        ("اقتصاد– ارتفاع الريال", ("ارتفاع الريال", "اقتصاد")),
        ("أخبار عدن — وصول سفينة", ("وصول سفينة", "أخبار عدن")),
        ("اقتصاد | ارتفاع الريال", ("ارتفاع الريال", "اقتصاد")),
        # Not labels: a quote, a hyphenated word, an unknown word before a dash.
        ("الوزير: لن نتراجع", ("الوزير: لن نتراجع", "")),
        ("ثنائي-اللغة في المدارس", ("ثنائي-اللغة في المدارس", "")),
        ("عدن - وصول شحنة الوقود", ("عدن - وصول شحنة الوقود", "")),
        ("عنوان بلا تسمية", ("عنوان بلا تسمية", "")),
    ],
)
def test_split_label_takes_out_only_known_labels(typed, expected):
    labels = {"اقتصاد", "economy", "خبر"}
    assert split_label(typed, labels) == expected


@pytest.mark.django_db
def test_known_labels_are_section_names_in_every_language_and_the_site_name(settings):
    settings.SITE_NAME = "خبر"
    make_section(name="الاقتصاد", name_en="Economy")
    assert {"الاقتصاد", "economy", "خبر"} <= known_labels()


@pytest.mark.django_db
def test_the_address_is_fixed_from_the_first_publication(editor):
    article = make_article(byline="محرر")
    assert not slug_is_fixed(article)
    article = article_publish(article=article, by=editor)
    assert slug_is_fixed(article)
    article = article_withdraw(article=article, by=editor, comment="خطأ")
    article = article_restore(article=article, by=editor)
    assert article.published_at is None and slug_is_fixed(article)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("وصول سفينة وقود إلى عدن #عدن #اليمن", ("وصول سفينة وقود إلى عدن", ["عدن", "اليمن"])),
        ("وصول سفينة وقود إلى عدن #عدن_اليوم", ("وصول سفينة وقود إلى عدن", ["عدن_اليوم"])),
        ("حملة #أنقذوا_الشاطئ تجمع المتطوعين", ("حملة #أنقذوا_الشاطئ تجمع المتطوعين", [])),  # inside: kept
        ("#عدن", ("#عدن", [])),  # nothing but hashtags: kept
        ("الفائز رقم #1", ("الفائز رقم #1", [])),
    ],
)
def test_split_hashtags_moves_only_trailing_hashtags_out(typed, expected):
    assert split_hashtags(typed) == expected


def test_headline_from_text_is_the_first_line_cut_on_a_word():
    text = "\n" + "كلمة " * 40 + "\nسطر ثانٍ"
    headline = headline_from_text(text, limit=30)
    assert headline == "كلمة كلمة كلمة كلمة كلمة كلمة…" and len(headline) <= 30
    assert headline_from_text("سطر قصير\nثانٍ") == "سطر قصير"
    assert headline_from_text("") == ""
