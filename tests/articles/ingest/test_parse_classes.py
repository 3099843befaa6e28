"""Feed classes that used to be stored as garbage: legacy encodings, bad dates, whitespace before the
XML declaration, DOCTYPEs with internal entities, xml:base. None may come out as mojibake or a made-up date."""

from datetime import UTC, datetime

import pytest

from articles.ingest.dates import feed_date
from articles.ingest.encoding import plausible
from articles.ingest.errors import IngestError
from articles.ingest.parse import decode, parse

from .conftest import feed_path

ARABIC_ITEM = "افتتاح مكتبة عامة في حمص"


def _read(name: str) -> bytes:
    return feed_path(name).read_bytes()


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("legacy_undeclared_iso8859_6.xml", "iso8859-6"),
        ("legacy_undeclared_cp720.xml", "cp720"),
        # Declared KOI8-R, really windows-1256: the declaration would give Cyrillic words.
        ("legacy_1256_declared_koi8r.xml", "cp1256"),
        ("legacy_undeclared_1256.xml", "cp1256"),
    ],
)
def test_legacy_arabic_encodings_are_detected_not_read_as_windows_1256(name, encoding):
    feed = parse(_read(name))
    assert feed.encoding == encoding
    entry = feed.entries[0]
    assert entry.title in {ARABIC_ITEM, "مهرجان الزيتون يعود إلى إدلب"}
    assert plausible(entry.body) and plausible(entry.title)


def test_russian_koi8r_feed_is_read_as_russian_not_as_arabic():
    feed = parse(_read("legacy_undeclared_koi8r_russian.xml"))
    assert feed.encoding == "koi8-r"
    assert feed.entries[0].title == "Открытие новой библиотеки в Хомсе"


def test_a_feed_no_encoding_reads_plausibly_is_refused_with_a_clear_message():
    with pytest.raises(IngestError) as caught:
        parse(_read("legacy_mixed_encodings.xml"))
    assert caught.value.code == "undecodable"
    assert str(caught.value) != "undecodable"  # a sentence, in the active language


def test_plausible_refuses_words_that_mix_scripts():
    assert plausible("افتتاح مكتبة عامة في حمص")
    assert plausible("Открытие библиотеки")
    assert plausible("وكالة AFP ونظام iOS")  # separate words in two scripts are fine
    text = "افتتحت بلدية حمص صباح اليوم مكتبة عامة جديدة في حي الوعر".encode("iso8859-6").decode("cp1256")
    assert not plausible(text)  # "بندêة", "انêèه": Arabic words with Latin letters inside
    assert not plausible("نص\ufffdمعطوب")


def test_windows_1256_mislabelled_as_latin1_is_still_read_as_arabic():
    text, encoding = decode(_read("legacy_undeclared_1256.xml"), "iso-8859-1")
    assert encoding == "cp1256" and "مهرجان الزيتون" in text


def test_whitespace_before_the_xml_declaration_is_tolerated():
    feed = parse(_read("leading_whitespace.xml"))
    assert feed.entries[0].title == "خبر بعد سطور فارغة"


def test_doctype_with_internal_entities_is_read_without_expanding_them():
    feed = parse(_read("doctype_internal_entities.xml"))
    entry = feed.entries[0]
    # HTML's own entities keep their one character; the document's own "site" entity is never expanded.
    assert feed.title == "نشرة\u00a0المدينة"
    assert entry.title == "الأمطار\u00a0تعود — والطرق مفتوحة"
    assert "مهاجم" not in entry.body and entry.body.startswith("عادت الأمطار\u00a0إلى المدينة")


def test_xml_base_resolves_the_link_and_the_body_links():
    entry = parse(_read("xml_base_atom.xml")).entries[0]
    assert entry.link == "https://archive.halab.example/2025/12/souq.html"
    assert entry.base == "https://archive.halab.example/2025/12/"


@pytest.mark.django_db
def test_xml_base_is_honoured_when_the_body_is_cleaned():
    from articles.ingest.services import ingest_file
    from articles.models import IngestedItem

    from .factories import make_partner

    ingest_file(feed_path("xml_base_atom.xml"), source=make_partner())
    item = IngestedItem.objects.get(guid="urn:halab:base:1")
    assert item.original_url == "https://archive.halab.example/2025/12/souq.html"
    assert 'href="https://archive.halab.example/2025/12/photos/souq.html"' in item.body


def test_bad_dates_are_unreadable_and_kept_raw():
    entries = parse(_read("bad_dates_rss.xml")).entries
    assert [entry.published for entry in entries[:5]] == [None] * 5
    assert entries[0].published_raw == "Sun, 07 Dec 2025 25:10:00 GMT"
    assert entries[2].published_raw.endswith("updated by editor")
    assert entries[5].published == datetime(2025, 12, 7, 6, 30, tzinfo=UTC)
    assert entries[6].published == datetime(2025, 12, 7, 5, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Sun, 07 Dec 2025 09:30:00 GMT", datetime(2025, 12, 7, 9, 30, tzinfo=UTC)),
        ("7 December 2025 09:30 +0300", datetime(2025, 12, 7, 6, 30, tzinfo=UTC)),
        ("Sun, 07 Dec 25 09:30:00 EST", datetime(2025, 12, 7, 14, 30, tzinfo=UTC)),
        ("2025-12-07", datetime(2025, 12, 7, tzinfo=UTC)),
        ("2025-12-07T09:30:00.123Z", datetime(2025, 12, 7, 9, 30, 0, 123000, tzinfo=UTC)),
        ("Sun, 07 Dec 2025 24:00:00 GMT", None),
        ("Sun, 07 Dec 2025 09:60:00 GMT", None),
        ("Sun, 32 Dec 2025 09:30:00 GMT", None),
        ("Sun, 07 Dec 2025 09:30:00 XYZ", None),
        ("Foo, 07 Dec 2025 09:30:00 GMT", None),
        ("2025-13-01T00:00:00Z", None),
        ("2025-12-07T09:30:00+25:00", None),
        ("2091-01-01T00:00:00Z", None),
        ("", None),
    ],
)
def test_feed_date_is_strict(raw, expected):
    assert feed_date(raw) == expected


def _document(body: str, declaration: str = '<?xml version="1.0" encoding="utf-8"?>') -> str:
    return f"""{declaration}<rss version="2.0"><channel><title>ت</title>
      <item><title>{body}</title><guid>x-1</guid><description>{body}</description></item></channel></rss>"""


BODY = "افتتحت بلدية حمص صباح اليوم مكتبة عامة جديدة في حي الوعر تضم آلاف الكتب للطلاب والباحثين."


def test_utf8_declared_as_windows_1256_is_read_as_utf8():
    document = _document(BODY, '<?xml version="1.0" encoding="windows-1256"?>').encode("utf-8")
    feed = parse(document, charset="windows-1256")
    assert feed.encoding == "utf-8" and feed.entries[0].title == BODY


@pytest.mark.parametrize("page", ["latin-1", "cp1252"])
def test_utf8_saved_twice_is_repaired(page):
    # UTF-8 read as a Latin code page and saved again: "Ø§Ù„" for "ال" (windows-1252 leaves 5 bytes undefined).
    twice = "".join(chr(b) if page == "latin-1" else bytes([b]).decode("cp1252", "ignore") or chr(b) for b in BODY.encode())
    feed = parse(_document(twice).encode("utf-8"))
    assert feed.entries[0].title == BODY
