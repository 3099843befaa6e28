"""Feed documents to entries: formats, encodings, dates, and hostile input (no database)."""

from datetime import UTC, datetime

import pytest

from articles.ingest.errors import IngestError
from articles.ingest.parse import decode, parse

from .conftest import feed_path


def _read(name: str) -> bytes:
    return feed_path(name).read_bytes()


def test_parse_arabic_rss_keeps_items_dates_and_cdata_titles():
    feed = parse(_read("sham_rss.xml"))
    assert feed.format == "rss" and feed.link == "https://sham.example/"
    first, second, third = feed.entries[:3]
    assert first.title.startswith("أخبار سوريا : افتتاح جسر")
    assert first.published == datetime(2025, 12, 7, 6, 30, tzinfo=UTC)
    assert "وكالة الصحافة الفرنسية (أ ف ب)" in first.body and first.summary
    assert second.title == "انقطاع <b>الكهرباء</b> عن أحياء في دمشق &amp; ريفها"
    assert second.published is None  # no date at all
    assert third.published is None  # a date nobody can parse


def test_parse_atom_resolves_item_link_against_xml_base():
    feed = parse(_read("halab_atom.xml"))
    assert feed.format == "atom"
    assert feed.entries[0].link == "https://halab.example/news/7?utm_source=atom"
    assert feed.entries[0].author == "فريق التحرير"
    assert feed.entries[1].body.startswith("شارك متطوعون")


def test_parse_json_feed():
    feed = parse(_read("aden_json_feed.json"))
    assert feed.format == "json" and feed.language == "ar"
    assert [entry.guid for entry in feed.entries] == ["aden-501", "aden-502"]
    assert feed.entries[0].published == datetime(2025, 12, 7, 3, 0, tzinfo=UTC)
    assert feed.entries[1].body.startswith("توقعت الأرصاد")


@pytest.mark.parametrize("name", ["legacy_windows1256.xml", "legacy_undeclared_1256.xml"])
def test_parse_windows_1256_feeds_without_mojibake(name):
    feed = parse(_read(name))
    assert feed.encoding == "cp1256"
    assert feed.entries[0].title == "مهرجان الزيتون يعود إلى إدلب"


def test_decode_reads_arabic_mislabelled_as_latin1():
    text, encoding = decode(_read("legacy_undeclared_1256.xml"), "iso-8859-1")
    assert encoding == "cp1256" and "مهرجان الزيتون" in text


@pytest.mark.parametrize("name", ["billion_laughs.xml", "external_entity.xml"])
def test_parse_refuses_entity_declarations_before_any_xml_parser_runs(name, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("feedparser must not see this document")

    monkeypatch.setattr("articles.ingest.parse.feedparser.parse", never)
    with pytest.raises(IngestError) as caught:
        parse(_read(name))
    assert caught.value.code == "entities"


def test_parse_refuses_entities_in_utf16_documents_too():
    with pytest.raises(IngestError) as caught:
        parse(
            _read("billion_laughs.xml")
            .decode("utf-8")
            .replace('encoding="UTF-8"', 'encoding="UTF-16"')
            .encode("utf-16")
        )
    assert caught.value.code == "entities"


@pytest.mark.parametrize(
    ("name", "code"),
    [("not_a_feed.html", "not_a_feed"), ("garbage.bin", "malformed")],
)
def test_parse_names_what_is_wrong_with_a_bad_document(name, code):
    with pytest.raises(IngestError) as caught:
        parse(_read(name))
    assert caught.value.code == code
    assert str(caught.value)  # a readable sentence, not an exception dump


def test_parse_broken_json_feed_is_malformed():
    with pytest.raises(IngestError) as caught:
        parse(b'{"version": "https://jsonfeed.org/version/1.1", "items": [')
    assert caught.value.code == "malformed"


def test_parse_future_and_odd_dates_are_dropped():
    document = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>ت</title>
      <item><title>موعد بعيد</title><guid>f-1</guid><pubDate>Mon, 01 Jan 2091 10:00:00 GMT</pubDate></item>
      <item><title>تاريخ غريب</title><guid>f-2</guid><pubDate>32/13/2025 25:61</pubDate></item>
      <item><title>تاريخ عادي</title><guid>f-3</guid><pubDate>2025-12-07T08:00:00+03:00</pubDate></item>
    </channel></rss>"""
    entries = parse(document.encode("utf-8")).entries
    assert [entry.published for entry in entries] == [None, None, datetime(2025, 12, 7, 5, 0, tzinfo=UTC)]


def test_parse_iso_8859_6_declared_feed():
    document = """<?xml version="1.0" encoding="ISO-8859-6"?><rss version="2.0"><channel><title>قديم</title>
      <item><title>افتتاح مكتبة عامة في حمص</title><guid>iso-1</guid><description>نص الخبر</description></item>
    </channel></rss>"""
    feed = parse(document.encode("iso-8859-6"))
    assert feed.encoding == "iso8859-6"
    assert feed.entries[0].title == "افتتاح مكتبة عامة في حمص"
