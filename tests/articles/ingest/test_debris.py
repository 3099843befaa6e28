"""The line-by-line debris cleaner against the project's own labelled bodies, and its rules as data."""

from collections import Counter
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from articles.ingest.clean import clean_body_report, plain_lines
from articles.ingest.debris import LineRule, debris_rules, is_date_or_number
from articles.models import DebrisRule

pytestmark = pytest.mark.django_db

BODIES = Path(__file__).resolve().parent / "debris" / "bodies.txt"


def _bodies() -> list[tuple[str, list[tuple[str, str]]]]:
    """[(headline, [("R"|"D", line), …]), …] from the labelled fixture."""
    bodies: list[tuple[str, list[tuple[str, str]]]] = []
    for raw in BODIES.read_text(encoding="utf-8").splitlines():
        if raw.startswith("#") or not raw.strip():
            continue
        if raw.startswith("=== "):
            bodies.append((raw[4:].strip(), []))
        else:
            label, _, text = raw.partition(" ")
            assert label in {"R", "D"}, raw
            bodies[-1][1].append((label, text.strip()))
    return bodies


def _renderings(lines: list[str]) -> dict[str, str]:
    return {
        "plain text": "\n".join(lines),
        "paragraphs": "".join(f"<p>{line}</p>" for line in lines),
        "one paragraph with <br>": "<p>" + "<br>".join(lines) + "</p>",
    }


@pytest.mark.parametrize("rendering", ["plain text", "paragraphs", "one paragraph with <br>"])
def test_cleaner_removes_at_least_90_percent_of_fixture_debris_and_no_real_line(rendering):
    rules = debris_rules()
    debris_total = debris_removed = 0
    lost: list[str] = []
    for headline, labelled in _bodies():
        raw = _renderings([text for _, text in labelled])[rendering]
        report = clean_body_report(raw, headline=headline, rules=rules)
        left = Counter(line.strip() for line in plain_lines(report.html).splitlines() if line.strip())
        real = Counter(text for label, text in labelled if label == "R")
        debris = Counter(text for label, text in labelled if label == "D")
        for text, count in real.items():
            if left[text] < count:
                lost.append(text)
        for text, count in debris.items():
            debris_total += count
            debris_removed += count - max(0, left[text] - real[text])
        # What went is kept, with its reason.
        assert all(entry["text"] in debris and entry["reason"] for entry in report.removed)
    assert lost == []
    assert debris_total >= 40
    assert debris_removed / debris_total >= 0.9, f"{debris_removed} of {debris_total} debris lines removed"


def test_single_newlines_split_lines_so_each_is_judged():
    report = clean_body_report("نص الخبر الأول في سطر.\n×\nشارك الخبر\nنص ثانٍ في سطر آخر.")
    assert report.html == "<p>نص الخبر الأول في سطر.</p><p>نص ثانٍ في سطر آخر.</p>"
    assert [entry["reason"] for entry in report.removed] == ["glyphs", "share"]


def test_headline_repeated_only_as_the_first_line_goes():
    report = clean_body_report("<p>عنوان الخبر</p><p>نص.</p><p>عنوان الخبر</p>", headline="عنوانُ الخبر")
    assert report.html == "<p>نص.</p><p>عنوان الخبر</p>"  # later, it may be a real sentence
    assert [entry["reason"] for entry in report.removed] == ["headline"]


@pytest.mark.parametrize(
    ("line", "debris"),
    [
        ("الأحد 7 ديسمبر 2025 - 10:45 ص", True),
        ("14:30", True),
        ("١٢/٠٣/٢٠٢٥", True),
        ("منذ 3 ساعات", True),
        ("2025", True),
        ("الجمعة", True),
        ("اليوم", False),
        ("وتبدأ الامتحانات في 14 يونيو وتستمر أسبوعين.", False),
        ("1- توزيع أرقام الجلوس", False),
    ],
)
def test_is_date_or_number(line, debris):
    assert is_date_or_number(line) is debris


def test_rule_kinds_match_whole_lines_only():
    phrase = LineRule(DebrisRule.Kind.PHRASE, "اقرأ المزيد عن")
    prefix = LineRule(DebrisRule.Kind.PREFIX, "للاشتراك في", max_words=8)
    pattern = LineRule(DebrisRule.Kind.PATTERN, r"رقم الخبر: \d+")
    from articles.ingest.debris import line_key

    def hit(rule, line):
        return rule.matches(line, line_key(line))

    assert hit(phrase, "إقرأ المزيدُ عن:") and not hit(phrase, "اقرأ المزيد عن الاقتصاد")
    assert hit(prefix, "للاشتراك في الخدمة أرسل 1") and not hit(
        prefix, "للاشتراك في المسابقة يجب على المتقدمين أن يرسلوا طلباتهم"
    )
    assert hit(pattern, "رقم الخبر: 4471") and not hit(pattern, "رقم الخبر: 4471 في الأرشيف")


def test_rules_are_cached_until_one_changes(django_assert_num_queries):
    cache.clear()
    debris_rules()
    with django_assert_num_queries(0):
        debris_rules()
    DebrisRule.objects.create(kind=DebrisRule.Kind.PHRASE, text="حمّل تطبيقنا")
    assert "حمّل تطبيقنا" in [rule.text for rule in debris_rules()]
    DebrisRule.objects.filter(text="حمّل تطبيقنا").delete()
    assert "حمّل تطبيقنا" not in [rule.text for rule in debris_rules()]


def test_an_invalid_pattern_is_refused_with_a_clear_message():
    rule = DebrisRule(kind=DebrisRule.Kind.PATTERN, text="(تعليق")
    with pytest.raises(ValidationError) as caught:
        rule.full_clean()
    assert "text" in caught.value.message_dict
    with pytest.raises(ValidationError):
        DebrisRule(kind=DebrisRule.Kind.PATTERN, text=".*").full_clean()
    DebrisRule(kind=DebrisRule.Kind.PATTERN, text=r"\(\w+\)").full_clean()


def test_an_unknown_label_is_taken_out_when_the_first_line_repeats_the_rest():
    from articles.ingest.clean import clean_entry
    from articles.ingest.parse import Entry

    entry = Entry(guid="g", link="", title="محليات :: افتتاح سوق", body="افتتاح سوق\nافتتحت البلدية سوقاً.")
    cleaned = clean_entry(entry)
    assert (cleaned.title, cleaned.label, cleaned.body) == ("افتتاح سوق", "محليات", "<p>افتتحت البلدية سوقاً.</p>")
    # Without that evidence, "الوزير: …" stays a quote.
    entry = Entry(guid="g", link="", title="الوزير: لا اتفاق", body="قال الوزير إنه لا اتفاق قريباً.")
    assert clean_entry(entry).title == "الوزير: لا اتفاق"


def test_debris_at_the_edge_of_a_real_line_is_cut_and_the_words_stay():
    report = clean_body_report(
        "<p>× أفادت الوكالة بأن الاجتماع انتهى.</p><p>وتستمر المحادثات الأسبوع المقبل. (ي.ع)</p>"
    )
    assert report.html == "<p>أفادت الوكالة بأن الاجتماع انتهى.</p><p>وتستمر المحادثات الأسبوع المقبل.</p>"
    assert [(entry["text"], entry["reason"]) for entry in report.removed] == [("×", "glyphs"), ("(ي.ع)", "end_mark")]
    assert clean_body_report("وصلت الشحنة إلى عدن//").html == "<p>وصلت الشحنة إلى عدن</p>"
    assert clean_body_report("وصلت الشحنة إلى عدن. ع.س//").html == "<p>وصلت الشحنة إلى عدن.</p>"
    # An agency's credit is attribution, not debris; a lone "//" line is.
    assert clean_body_report("نص الخبر.\n(سبأ)\n//").html == "<p>نص الخبر.</p><p>(سبأ)</p>"


def test_cleaning_rows_show_each_received_line_beside_its_fate():
    from types import SimpleNamespace

    from articles.ingest.diff import cleaning_rows

    raw = "× أفادت الوكالة بأن الاجتماع انتهى.\nشارك الخبر\nوتستمر المحادثات. (ي.ع)"
    report = clean_body_report(raw)
    rows = cleaning_rows(SimpleNamespace(raw_body=raw, body=report.html, removed_lines=report.removed))
    assert [row.get("cleaned") for row in rows] == ["أفادت الوكالة بأن الاجتماع انتهى.", None, "وتستمر المحادثات."]
    assert rows[1]["removed"]  # the reason, in the active language
    assert "<del>×" in rows[0]["trimmed"]
