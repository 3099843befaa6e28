"""Feed documents to entries: formats, encodings, dates, and hostile input (no database but the
loopback feed server, which must never be asked for anything by an entity)."""

import io
import time
from datetime import UTC, datetime

import feedparser
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


def _fed_to_feedparser(monkeypatch) -> list[bytes]:
    """What feedparser is given, recorded on its way in."""
    seen = []
    real = feedparser.parse

    def record(stream, **kwargs):
        data = stream.read()
        seen.append(data)
        return real(io.BytesIO(data), **kwargs)

    monkeypatch.setattr("articles.ingest.parse.feedparser.parse", record)
    return seen


def _entity_feed(doctype: str, *, title: str = "&who;", description: str = "&secret;") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
{doctype}
<rss version="2.0"><channel><title>{title}</title><link>https://attacker.example/</link>
  <item><title>خبر عادي</title><guid>entity-1</guid><description>{description} بقية النص</description></item>
</channel></rss>""".encode()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_parse_billion_laughs_expands_nothing(encoding, monkeypatch):
    """libxml2 stops the bomb at its amplification limit: a damaged feed, read in no time."""
    fed = _fed_to_feedparser(monkeypatch)
    document = _read("billion_laughs.xml").decode("utf-8").replace('encoding="UTF-8"', f'encoding="{encoding}"')
    started = time.monotonic()
    with pytest.raises(IngestError) as caught:
        parse(document.encode(encoding))
    assert time.monotonic() - started < 1
    assert caught.value.code == "malformed" and "lol" not in str(caught.value)
    assert fed == []  # feedparser never saw it


def test_parse_quadratic_blowup_expands_nothing():
    big = "x" * 50_000
    document = _entity_feed(f'<!DOCTYPE rss [<!ENTITY big "{big}">]>', description="&big;" * 2_000)
    started = time.monotonic()
    with pytest.raises(IngestError) as caught:
        parse(document)
    assert time.monotonic() - started < 1 and caught.value.code == "malformed"


def test_parse_reads_a_feed_with_entity_declarations_without_expanding_them(monkeypatch):
    """Declaring entities is no longer refused; they are simply never expanded (issue 22, item 7)."""
    fed = _fed_to_feedparser(monkeypatch)
    feed = parse(_entity_feed('<!DOCTYPE rss [<!ENTITY who "مهاجم"><!ENTITY secret "سر">]>'))
    assert [entry.guid for entry in feed.entries] == ["entity-1"]
    assert feed.title == "" and feed.entries[0].body.strip() == "بقية النص"
    assert b"<!DOCTYPE" not in fed[0] and b"<!ENTITY" not in fed[0] and "مهاجم".encode() not in fed[0]


def test_parse_comment_before_the_doctype_does_not_hide_it(monkeypatch):
    """The bypass of the old guard: a comment holding something that looks like the first element."""
    fed = _fed_to_feedparser(monkeypatch)
    feed = parse(_entity_feed('<!-- <x> --><!DOCTYPE rss [<!ENTITY who "مهاجم"><!ENTITY secret "سر">]>'))
    assert feed.title == "" and "سر" not in feed.entries[0].body
    assert b"<!DOCTYPE" not in fed[0] and b"<!ENTITY" not in fed[0]
    with pytest.raises(IngestError) as caught:
        parse(_read("billion_laughs.xml").replace(b"<!DOCTYPE", b"<!-- <x> --><!DOCTYPE", 1))
    assert caught.value.code == "malformed"


def test_parse_external_entities_are_never_read_or_fetched(tmp_path, feed_server, monkeypatch):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    fed = _fed_to_feedparser(monkeypatch)
    doctype = (
        f'<!DOCTYPE rss SYSTEM "{feed_server.url("/rss.dtd")}" [\n'
        f'<!ENTITY who SYSTEM "{secret.as_uri()}">\n'
        f'<!ENTITY secret SYSTEM "{feed_server.url("/secret")}">]>'
    )
    feed = parse(_entity_feed(doctype))
    assert feed.entries[0].guid == "entity-1"
    assert "TOP-SECRET" not in f"{feed.title} {feed.entries[0].body}" and b"TOP-SECRET" not in fed[0]
    assert feed_server.requests == []
    # The project's own sample: /etc/passwd stays where it is.
    assert "root:" not in parse(_read("external_entity.xml")).entries[0].body


def test_parse_parameter_entities_are_never_loaded(tmp_path, feed_server):
    secret = tmp_path / "secret.dtd"
    secret.write_text('<!ENTITY who "TOP-SECRET-VALUE">')
    doctype = (
        f'<!DOCTYPE rss [<!ENTITY % remote SYSTEM "{feed_server.url("/evil.dtd")}"> %remote;\n'
        f'<!ENTITY % local SYSTEM "{secret.as_uri()}"> %local;]>'
    )
    try:
        feed = parse(_entity_feed(doctype))
    except IngestError as error:
        text = str(error)
    else:
        text = f"{feed.title} {feed.entries[0].body}"
    assert "TOP-SECRET" not in text
    assert feed_server.requests == []


def test_parse_a_harmless_doctype_is_read_as_usual():
    doctype = (
        '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        '"http://my.netscape.com/publish/formats/rss-0.91.dtd">'
    )
    feed = parse(_entity_feed(doctype, title="شام", description="<![CDATA[<p>نص</p>]]>"))
    assert feed.title == "شام" and feed.entries[0].body.startswith("<p>نص</p>")


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
