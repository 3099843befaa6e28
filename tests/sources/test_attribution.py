"""Reading the origin a story names for itself, and measuring it on the labelled set."""

import pytest
from django.core.management import CommandError, call_command

from sources.attribution import Cue, read_attribution
from sources.names import Name, Registry

REGISTRY = Registry(
    [
        Name("wadi", "نافذة الوادي"),
        Name("saba", "سبأ", kind="agency", needs_cue=True),
        Name("mena", "أ ش أ", kind="agency"),
        Name("qna", "وكالة الأنباء القطرية", kind="agency"),
        Name("reuters", "رويترز", kind="agency"),
        Name("mashhad", "المشهد اليمني"),
    ]
)


def read(title="عنوان", text="", partner="wadi", **kwargs):
    return read_attribution(REGISTRY, title=title, text=text, partner=partner, **kwargs)


def test_dateline_names_the_agency_as_origin():
    reading = read(text="صنعاء (سبأ) - أقر المجلس خطة.\nونقلت رويترز عن مسؤول تفاصيلها.")
    assert (reading.origin, reading.cue, reading.cited) == ("saba", Cue.DATELINE, ["reuters"])
    assert reading.evidence == "صنعاء (سبأ) - أقر المجلس خطة."


def test_quoted_name_in_a_dateline():
    registry = Registry([Name("awsat", "الشرق الأوسط", needs_cue=True)])
    reading = read_attribution(registry, title="عنوان", text="بيروت - «الشرق الأوسط»: بدأت التغذية بالتحسن.")
    assert reading.origin == "awsat"


def test_dateline_field_is_read_too():
    assert read(text="أقر المجلس خطة.", dateline="صنعاء (سبأ)").origin is None
    assert read(text="أقر المجلس خطة.", dateline="صنعاء (سبأ) -").origin == "saba"


@pytest.mark.parametrize(
    "line",
    ["المصدر: وكالة الأنباء القطرية", "نقلاً عن موقع المشهد اليمني", "هذا المحتوى من المشهد اليمني"],
)
def test_credit_line_at_the_end_names_the_origin(line):
    reading = read(text=f"افتتح الوزير المعرض.\nويستمر عشرة أيام.\n{line}")
    assert reading.cue == Cue.CREDIT and reading.origin in {"qna", "mashhad"}
    assert reading.evidence == line


def test_credit_beats_dateline_and_the_dateline_agency_is_cited():
    reading = read(text="صنعاء (سبأ) - وضع المحافظ حجر الأساس.\nالمصدر: المشهد اليمني")
    assert (reading.origin, reading.cited) == ("mashhad", ["saba"])


def test_closing_agency_tag():
    assert read(text="بدأ تشغيل الخط.\nوقال رئيس الهيئة إنه يخدم الآلاف. (أ ش أ)").origin == "mena"


def test_headline_suffix_names_the_copy_origin_but_a_prefix_is_a_citation():
    assert read(title="وصول سفينة مساعدات | المشهد اليمني", text="وصلت سفينة.").origin == "mashhad"
    reading = read(title="رويترز: البنك يرفع الفائدة", text="رفع البنك الفائدة.")
    assert reading.origin is None and reading.cited == ["reuters"]


def test_quotation_inside_a_long_paragraph_is_not_the_origin():
    text = (
        "تجري وساطة لتبادل الأسرى.\nوقال دبلوماسي في تصريح مطول للصحفيين في العاصمة، نقلاً عن وكالة رويترز التي "
        "تابعت الملف منذ شهور، إن القوائم باتت جاهزة وإن التنفيذ سيتم في مطار محايد قريبا.\nولم يعلق أحد."
    )
    reading = read(text=text)
    assert reading.origin is None and reading.cited == ["reuters"]


def test_unknown_outlet_in_a_credit_line_is_reported_by_name():
    reading = read(text="افتتح السوق.\nالمصدر: موقع الشحر اليوم")
    assert reading.origin is None and reading.found and reading.origin_text == "موقع الشحر اليوم"


def test_nothing_named_nothing_found():
    reading = read(text="بدأت البلدية حملة نظافة.\nوقال المدير إنها تستمر شهرا.")
    assert not reading.found and reading.cited == []


def test_report_meets_the_thresholds_on_both_sets(capsys):
    call_command("attribution_report", "--min", "0.95")
    call_command("attribution_report", "--set", "holdout.json", "--min", "0.95")
    call_command("attribution_report", "--set", "fresh.json", "--min", "0.95")
    out = capsys.readouterr().out
    assert out.count("1.00") >= 6


def test_report_refuses_a_set_outside_its_folder():
    with pytest.raises(CommandError):
        call_command("attribution_report", "--set", "../models.py")


def test_labelled_set_is_large_enough():
    from sources.attribution_eval import load_cases

    cases = load_cases()
    assert len(cases) >= 60
    assert sum(case["origin"] is None for case in cases) >= 15  # negatives: no other origin named
