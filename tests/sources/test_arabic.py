"""Slugs and matching keys (sources.arabic): digit groups, word-boundary cuts, ZWNJ, presentation forms."""

import pytest

from sources.arabic import arabic_slugify, normalize_arabic

# (typed headline, slug): each a class of slug that used to come out wrong.
SLUG_CASES = [
    ("اجتماع عند الساعة 14:30 في عدن", "اجتماع-عند-الساعة-14-30-في-عدن"),
    ("نمو بنسبة 3,5 في المئة", "نمو-بنسبة-3-5-في-المئة"),
    ("تضخم ٣٫٥ بالمئة", "تضخم-3-5-بالمئة"),
    ("قرار 2254/2015 لمجلس الأمن", "قرار-2254-2015-لمجلس-الأمن"),
    ("مباراة 2-1 في الدوري", "مباراة-2-1-في-الدوري"),
    ("سقوط الأسد في كانون الأول/ديسمبر", "سقوط-الأسد-في-كانون-الأول-ديسمبر"),
    ("الأمم\u200cالمتحدة تدعو إلى التهدئة", "الأمم-المتحدة-تدعو-إلى-التهدئة"),
    ("سو\u200cريا اليوم", "سوريا-اليوم"),
    # Presentation forms (a PDF copy): ﻻ is lam-alef, ﷲ the word Allah.
    ("\ufefb تراجع عن القرار", "لا-تراجع-عن-القرار"),
    ("U.S. talks", "us-talks"),
]


@pytest.mark.parametrize(("typed", "slug"), SLUG_CASES)
def test_arabic_slugify_classes(typed, slug):
    assert arabic_slugify(typed) == slug


def test_arabic_slugify_cut_keeps_every_word_that_fits():
    # "abc-defg" is exactly 8 characters: the cut falls on the hyphen, and defg fits whole.
    assert arabic_slugify("abc defg hij", max_length=8) == "abc-defg"
    assert arabic_slugify("abc defg hij", max_length=7) == "abc"
    assert arabic_slugify("وزير الخارجية يصل", max_length=13) == "وزير-الخارجية"
    assert arabic_slugify("abcdefghij", max_length=5) == "abcde"  # one long word is cut inside it
    assert len(arabic_slugify("كلمة " * 100)) <= 80


def test_normalize_arabic_turns_a_zwnj_between_words_into_a_space():
    assert normalize_arabic("الأمم\u200cالمتحدة") == normalize_arabic("الأمم المتحدة")
    # Inside a word (after a letter that does not join) it is a slip and goes.
    assert normalize_arabic("سو\u200cريا") == normalize_arabic("سوريا")
    # After a lone letter, too: one letter is not a word ("ع" + "دن" is عدن).
    assert normalize_arabic("ع\u200cدن") == normalize_arabic("عدن")
    # Persian prefixes and suffixes keep their joiner-free word.
    assert " " not in normalize_arabic("می\u200cخواهم") and " " not in normalize_arabic("کتاب\u200cها")


def test_normalize_arabic_folds_presentation_forms():
    assert normalize_arabic("\ufe8e\ufee0\ufed4\ufe8e\ufecb") == normalize_arabic("الفاع")
