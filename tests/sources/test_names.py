"""Finding outlets and agencies in Arabic copy: folds, descriptors, cues, subjects, longest match."""

import pytest

from sources.names import Name, Registry, fold

REGISTRY = Registry(
    [
        Name("arabiya", "العربية", needs_cue=True),
        Name("arabiya", "قناة العربية"),
        Name("sky", "سكاي نيوز عربية", transliterated=True),
        Name("mena", "أ ش أ", kind="agency"),
        Name("mena", "وكالة أنباء الشرق الأوسط", kind="agency"),
        Name("qna", "قنا", kind="agency", needs_cue=True),
        Name("bbc", "بي بي سي"),
        Name("afp", "فرانس برس", kind="agency", transliterated=True),
        Name("guardian", "الغارديان", transliterated=True),
        Name("jazeera", "الجزيرة", needs_cue=True),
        Name("ayyam", "صحيفة الأيام"),
        Name("ayyam", "الأيام", needs_cue=True),
    ]
)


def cited(text: str) -> list:
    return REGISTRY.cited(text)


@pytest.mark.parametrize(
    ("text", "folded"),
    [("أ.ش.أ", "اشا"), ("(ق ن أ)", "(قنا)"), ("بي.بي.سي", "بيبيسي"), ("U.S.", "us"), ("قال محمد", "قال محمد")],
)
def test_fold_joins_acronyms_only(text, folded):
    assert fold(text) == folded


def test_adjective_is_not_the_channel_but_the_channel_is():
    assert cited("استقبل رئيس الجمهورية العربية السورية وفدا") == []
    assert cited("وذكرت قناة العربية أن الوفد وصل") == ["arabiya"]
    assert cited("وبحسب العربية فإن الوفد وصل") == ["arabiya"]


def test_common_word_from_an_alias_with_descriptor_still_needs_a_cue():
    assert cited("خلال الأيام المقبلة") == []
    assert cited("المصدر: الأيام") == ["ayyam"]


def test_longest_name_wins_over_the_names_inside_it():
    mentions = REGISTRY.mentions("وقال مسؤول لسكاي نيوز عربية إن")
    assert [m.source_id for m in mentions] == ["sky"]
    assert cited("وذكرت وكالة أنباء الشرق الأوسط") == ["mena"]


@pytest.mark.parametrize("text", ["القاهرة (أ.ش.أ) -", "القاهرة (أ ش أ) -", "(ق ن أ)", "نقلا عن بي.بي.سي"])
def test_acronyms_with_dots_and_spaces(text):
    assert len(cited(text)) == 1


@pytest.mark.parametrize(
    "text", ["قالت صحيفة الجارديان", "وقال لوكالة فرنسا برس", "وذكرت سكاي نيوز عربيه", "بحسب الغاردين"]
)
def test_transliteration_variants_of_foreign_names(text):
    assert len(cited(text)) == 1


def test_arabic_names_are_not_folded_like_foreign_ones():
    assert cited("أغلقت الأمطار الغزيرة الطرق وكنا قد حذرنا") == []


@pytest.mark.parametrize(
    "text",
    [
        "أعلنت شركة الأفق المالكة لقناة العربية إعادة هيكلة",
        "قررت السلطات إغلاق مكتب قناة الجزيرة",
        "أطلقت المجموعة قناة تنافس قناة الجزيرة وقناة العربية",
    ],
)
def test_subject_only_mentions_are_not_citations(text):
    assert cited(text) == []


def test_subject_and_citation_of_the_same_outlet_in_one_text():
    text = "احتجزت السلطات مراسل قناة العربية.\nوذكرت قناة العربية أن مراسلها أفرج عنه."
    assert cited(text) == ["arabiya"]


def test_peninsula_is_not_the_channel():
    assert cited("موجة حر في شبه الجزيرة العربية") == []


def test_construct_heads_are_subjects_only_right_before_the_name():
    registry = Registry([Name("reuters", "رويترز", kind="agency"), Name("jazeera", "قناة الجزيرة")])
    assert registry.cited("وقال مدير الميناء لوكالة رويترز إن العمل بدأ") == ["reuters"]
    assert registry.cited("وقال مدير قناة الجزيرة إن البث مستمر") == []
