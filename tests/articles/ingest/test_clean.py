"""Titles, bodies and addresses tidied on the way in (pure functions, no database)."""

from articles.ingest.clean import clean_body, clean_title, strip_tracking, url_key
from articles.ingest.diff import word_diff
from articles.ingest.matching import fingerprint, similarity
from articles.models.sanitize import plain_text
from articles.newsroom.checks import comparable_words


def test_clean_title_moves_news_section_prefix_out():
    assert clean_title("اخبار سوريا : أذربيجان ترعى اجتماعاً") == ("أذربيجان ترعى اجتماعاً", "اخبار سوريا")
    assert clean_title("أخبار اليمن: ميناء عدن يستقبل سفينة") == ("ميناء عدن يستقبل سفينة", "أخبار اليمن")


def test_clean_title_is_cleaned_as_the_draft_headline_will_be():
    # What the draft stores on save (sources.text.clean_text), so that the two compare equal.
    assert clean_title("وزير الخارجية\x0bيصل&#11; إلى\x01 باكو\u2069\u202e") == ("وزير الخارجية يصل إلى باكو", "")
    # A prefix split from the rest keeps no half of a pair of direction controls.
    assert clean_title("\u2067أخبار سوريا: عنوان\u2069 الخبر") == ("عنوان الخبر", "أخبار سوريا")


def test_clean_title_keeps_quoted_speaker():
    assert clean_title("الوزير: لا اتفاق قريباً مع الجانب الآخر") == ("الوزير: لا اتفاق قريباً مع الجانب الآخر", "")


def test_clean_title_removes_listed_label_with_spelling_variants():
    assert clean_title("تقاريـر خاصة | خبر مطول", ["تقارير خاصة"]) == ("خبر مطول", "تقاريـر خاصة")


def test_clean_title_strips_markup_entities_and_glyphs():
    assert clean_title("<b>انقطاع</b> الكهرباء &amp; الماء ×") == ("انقطاع الكهرباء & الماء", "")


def test_clean_body_removes_scraping_debris():
    raw = """
        <p>×</p>
        <p>الفقرة   الأولى<br><br>   تكملة</p>
        <p>&nbsp;</p>
        <p>شارك الخبر: فيسبوك تويتر واتساب</p>
        <h3>اقرأ أيضاً:</h3>
        <ul><li><a href="/a">خبر قديم</a></li><li><a href="/b">خبر آخر</a></li></ul>
        <p><a href="/c">رابط بلا نص حوله</a></p>
        <p>الفقرة الأخيرة.</p>
        <script>alert(1)</script>
    """
    body = clean_body(raw, base_url="https://sham.example/news/1")
    assert body == "<p>الفقرة الأولى<br>تكملة</p><p>الفقرة الأخيرة.</p>"


def test_clean_body_keeps_inline_read_also_free_paragraphs_and_resolves_links():
    body = clean_body(
        '<p>طالب تجار في <a href="/tags/aleppo?utm_source=x">حلب</a> بتخفيض الرسوم.</p>',
        base_url="https://sham.example/news/3",
    )
    assert 'href="https://sham.example/tags/aleppo"' in body
    assert "بتخفيض الرسوم." in body


def test_clean_body_turns_plain_text_into_paragraphs():
    assert clean_body("سطر أول\n\nسطر ثانٍ & ثالث") == "<p>سطر أول</p><p>سطر ثانٍ &amp; ثالث</p>"


def test_strip_tracking_and_url_key_treat_spellings_of_one_address_as_one():
    url = strip_tracking("/news/1?id=3&utm_source=tw&fbclid=9#comments", "https://WWW.Sham.example/feed")
    assert url == "https://www.sham.example/news/1?id=3"
    assert url_key(url) == url_key("http://sham.example/news/1/?id=3")
    assert url_key(url) != url_key("https://sham.example/news/2?id=3")
    assert strip_tracking("javascript:alert(1)") == ""


def test_comparable_words_ignore_whitespace_and_punctuation_only():
    original = comparable_words("جسر جديد", "<p>افتتحت السلطات، صباح الأحد، جسراً.</p>")
    assert comparable_words("جسر  جديد", "<p>افتتحت السلطات صباح الأحد جسراً</p>") == original
    assert comparable_words("جسر جديد", "<p>افتتحت السلطات صباح الاثنين جسراً</p>") != original


def test_word_diff_marks_removed_and_added_words_escaped():
    diff = word_diff("صباح الأحد <b>", "صباح الاثنين <b>")
    assert "<del>الأحد</del>" in diff and "<ins>الاثنين</ins>" in diff and "&lt;b&gt;" in diff


def test_similarity_of_near_identical_arabic_texts_is_high():
    first = fingerprint("افتتاح جسر", "افتتحت السلطات المحلية في مدينة حماة صباح الأحد جسراً جديداً فوق نهر العاصي")
    second = fingerprint("افتتاح جسر", "افتتحت السلطات المحليّة في مدينة حماة صباح الأحد جسرا جديدا فوق نهر العاصي")
    unrelated = fingerprint("أمطار", "توقعت الأرصاد هطول أمطار غزيرة على السواحل الجنوبية خلال اليومين المقبلين")
    assert similarity(first, second) == 1.0
    assert similarity(first, unrelated) == 0.0


def test_plain_text_separates_blocks():
    assert plain_text("<p>أ</p><p>ب<br>ج</p>") == "أ ب ج"


def test_clean_body_keeps_a_real_paragraph_that_starts_like_a_link_list():
    body = clean_body(
        "<p>مواضيع ذات صلة بالانتخابات المقبلة ستناقشها اللجنة في جلستها الأسبوعية يوم الخميس المقبل.</p>"
        '<p>اقرأ أيضاً: <a href="https://sham.example/n/5">خبر سابق</a></p>'
    )
    assert body == "<p>مواضيع ذات صلة بالانتخابات المقبلة ستناقشها اللجنة في جلستها الأسبوعية يوم الخميس المقبل.</p>"
