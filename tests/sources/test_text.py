"""Text hygiene (sources.text): control characters, surrogates, noncharacters, NFC and bidi controls."""

import unicodedata

import pytest

from sources.disclaimers import FSI, PDI, isolate
from sources.text import balance_bidi, clean_markup, clean_text, xml_text
from tests.dirty_text import (
    BIDI_CONTROLS,
    C0,
    C1,
    LINE_BREAKS,
    LRE,
    LRI,
    NONCHARACTERS,
    OPENERS,
    PDF,
    RLE,
    RLI,
    RLO,
    balanced,
)

# Vowelled Arabic (fatha, kasra, damma, tanween, sukun, shadda after its vowel as NFC orders them,
# superscript alef, hamzat wasl), with ZWNJ and ZWJ, LRM, RLM and ALM: all of it is kept.
ARABIC = "وَقَالَ رَئِيسُ ٱلْوُزَرَاءِ إِنَّ ٱلْمُفَاوَضَاتِ مُسْتَمِرَّةٌ ذَٰلِكَ فِي ٢٠٢٤"
JOINERS_AND_MARKS = "می\u200cخواهم \u0644\u200d \u200eAFP\u200f \u061c-5"


def test_clean_text_keeps_vowelled_arabic_joiners_and_marks_unchanged():
    assert unicodedata.is_normalized("NFC", ARABIC)
    assert clean_text(ARABIC) == ARABIC
    assert clean_text(JOINERS_AND_MARKS) == JOINERS_AND_MARKS
    assert clean_text(f"{ARABIC}\n{JOINERS_AND_MARKS}", multiline=True) == f"{ARABIC}\n{JOINERS_AND_MARKS}"


def test_clean_text_composes_to_nfc_without_changing_arabic_letters():
    # Alef + combining hamza above is the letter أ; waw + hamza above is ؤ.
    assert clean_text("\u0627\u0654\u0645\u0631 \u0648\u0654") == "أمر ؤ"
    # Shadda typed before its fatha is put in canonical order (fatha first); the same rendering.
    typed = "\u0628\u0651\u064e"
    assert clean_text(typed) == "\u0628\u064e\u0651" == unicodedata.normalize("NFC", typed)
    assert clean_text("Cafe\u0301") == "Café"


@pytest.mark.parametrize("char", [c for c in C0 + C1 if c not in "\t\n\r\x0b\x0c\x85"], ids=lambda c: f"U+{ord(c):04X}")
def test_clean_text_removes_every_other_control_character(char):
    assert clean_text(f"خبر{char}عاجل") == "خبرعاجل"
    assert clean_text(f"خبر{char}عاجل", multiline=True) == "خبرعاجل"


@pytest.mark.parametrize("brk", LINE_BREAKS, ids=repr)
def test_line_breaks_are_a_space_in_one_line_and_a_newline_in_several(brk):
    assert clean_text(f"سطر{brk}آخر") == "سطر آخر"
    assert clean_text(f"سطر{brk}آخر", multiline=True) == "سطر\nآخر"


def test_tabs_stay_in_multiline_text_only_and_runs_of_breaks_make_one_space():
    assert clean_text("أ\tب", multiline=True) == "أ\tب"
    assert clean_text("أ\tب") == "أ ب"
    assert clean_text("أ\r\n\x0b\tب") == "أ ب"
    assert clean_text("أ\r\n\r\nب", multiline=True) == "أ\n\nب"
    assert clean_text("أ\r\x00\x85\x1fب") == "أ ب"  # one space, though controls stood between the breaks
    assert clean_text("\x0b\tعنوان الخبر\r\n") == "عنوان الخبر"  # a line loses breaks at its ends


@pytest.mark.parametrize("char", NONCHARACTERS, ids=lambda c: f"U+{ord(c):04X}")
def test_clean_text_removes_noncharacters(char):
    assert clean_text(f"أ{char}ب") == "أب"


def test_clean_text_removes_lone_surrogates_and_joins_paired_halves():
    assert clean_text("أ\ud800ب\udfffج\udc80") == "أبج"
    assert clean_text("\ud83d\ude00 خبر") == "😀 خبر"  # a pair of UTF-16 halves is its character


def test_clean_text_keeps_balanced_bidi_pairs():
    for opener, closer in OPENERS.items():
        text = f"قال {opener}AFP news{closer} اليوم"
        assert clean_text(text) == text
    nested = f"{RLI}أ {LRE}b {FSI}c{PDI}{PDF}{PDI}"
    assert clean_text(nested) == nested


@pytest.mark.parametrize("control", BIDI_CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_clean_text_removes_every_unpaired_bidi_control(control):
    assert clean_text(f"عنوان{control}الخبر") == "عنوانالخبر"


def test_bidi_spill_from_the_issue_is_contained():
    # U+2069 then U+202E: closes the isolate around the value, then reverses what follows.
    headline = f"عنوان{PDI}{RLO}الخبر"
    assert clean_text(headline) == "عنوانالخبر"
    assert isolate(headline) == f"{FSI}عنوانالخبر{PDI}"


def test_balance_bidi_follows_the_bidi_algorithm_for_crossed_pairs():
    # A PDF cannot close an embedding across an isolate; a PDI closes its isolate and
    # leaves the embeddings opened inside it unpaired.
    assert balance_bidi(f"{RLE}a{LRI}b{PDF}c{PDI}d{PDF}") == f"{RLE}a{LRI}bc{PDI}d{PDF}"
    assert balance_bidi(f"{LRI}a{RLO}b{PDI}c") == f"{LRI}ab{PDI}c"
    assert balance_bidi(f"{RLO}a{RLO}b{PDF}") == f"a{RLO}b{PDF}"


def test_multiline_text_is_balanced_line_by_line():
    assert clean_text(f"{RLO}أ\nب{PDF}", multiline=True) == "أ\nب"
    assert clean_text(f"{RLO}أ{PDF}\n{LRI}b{PDI}", multiline=True) == f"{RLO}أ{PDF}\n{LRI}b{PDI}"


def test_clean_text_is_idempotent_and_never_lengthens():
    text = "".join(C0 + C1 + BIDI_CONTROLS + NONCHARACTERS) + ARABIC + f"{RLO}{PDI}{LRI}x"
    once = clean_text(text, multiline=True)
    assert clean_text(once, multiline=True) == once
    assert len(once) <= len(text)
    assert balanced(once)


def test_clean_markup_cleans_text_and_attributes_between_tags():
    html = f'<p dir="rtl" title="a{RLO}b">x\x0by{PDI}</p><p>{RLI}z{PDI}</p>'
    assert clean_markup(html) == f'<p dir="rtl" title="ab">x\ny</p><p>{RLI}z{PDI}</p>'
    # An opener in one element cannot be closed in the next: each run of text is balanced alone.
    assert clean_markup(f"<p>{RLO}a</p><p>b{PDF}</p>") == "<p>a</p><p>b</p>"


def test_xml_text_strips_what_xml_cannot_carry_and_keeps_the_rest():
    assert xml_text("a\x00b\x0bc\x1fd\x7fe\x85f\ud800g\ufffeh\U0010ffffi") == "abcdefghi"
    kept = f"\tسطر\r\n{RLO}{PDI}{ARABIC}"
    assert xml_text(kept) is kept


def test_isolate_cleans_before_wrapping():
    assert isolate("") == ""
    assert isolate(f"\x0b{PDI}") == ""
    assert isolate(f"{PDI}{RLO}Sham\x0bNews") == f"{FSI}Sham News{PDI}"
    assert isolate("Sham News") == f"{FSI}Sham News{PDI}"


def test_clean_text_folds_arabic_presentation_forms_only():
    # Shaped glyphs from a PDF: lam-alef, alef, the word Allah; an isolated fatha lands on its letter.
    assert clean_text("\ufefb \ufe8d \ufdf2 \u0628\ufe76") == "لا ا الله \u0628\u064e"
    # The rial sign, ornate parentheses, Latin ligatures and full-width forms are not Arabic letters: kept.
    assert clean_text("\ufdfc \ufd3e١\ufd3f \ufb01 \uff21") == "\ufdfc \ufd3e١\ufd3f \ufb01 \uff21"
    assert clean_markup("<p>\ufefb</p>") == "<p>لا</p>"
