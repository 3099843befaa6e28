"""Reusable security assertions: ``assert_inert(html)`` and ``database_unreachable()``.

``assert_inert`` reads a page the way a browser would and fails on anything that could run
script: inline scripts, scripts from other origins, event-handler attributes, ``javascript:``
and similar URLs, ``srcdoc``, plugins, ``<base>`` and refresh redirects. Escaped text such as
``&lt;script&gt;`` is just text and passes. Apply it to any page that shows stored content.
"""

import contextlib
import html as html_lib
import re
import socket
from html.parser import HTMLParser
from pathlib import Path

from django.db import connection

DATA = Path(__file__).parent / "data"
# The XSS corpus: every known payload, once.
PAYLOADS = list(dict.fromkeys(
    line
    for name in ("xss_payloads.txt", "hostile_html.txt")
    for line in (DATA / name).read_text(encoding="utf-8").split("\n")
    if line.strip() and not line.startswith("# ")
))



def pack_payloads(limit: int) -> list[str]:
    """Every payload, packed in order into as few values of at most ``limit`` characters as fit.

    Neighbouring payloads in one value also attack each other (an unclosed quote before a tag).
    """
    values, current = [], ""
    for payload in PAYLOADS:
        payload = payload[:limit]
        candidate = f"{current} {payload}" if current else payload
        if len(candidate) <= limit:
            current = candidate
        else:
            values.append(current)
            current = payload
    return [*values, current]



# <script> types a browser never executes.
_DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "importmap"}
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "background", "poster", "cite",
                   "codebase", "dynsrc", "lowsrc", "ping", "srcset", "manifest", "icon", "longdesc", "to", "from",
                   "values", "by"}
_DANGEROUS_SCHEMES = re.compile(r"^(javascript|vbscript|livescript|mocha|data:text/html|data:image/svg|data:application)",
                                re.IGNORECASE)
_FORBIDDEN_TAGS = {"object", "embed", "applet", "base", "frameset", "frame", "isindex", "portal"}
_CSS_DANGER = re.compile(r"(expression\s*\(|javascript:|vbscript:|-moz-binding|behavior\s*:|@import)", re.IGNORECASE)


def _scheme_of(value: str) -> str:
    # As browsers parse a URL (WHATWG URL standard): tabs and newlines vanish anywhere, control
    # characters and spaces only at both ends. "java<newline>script:" runs; "java script:" is a
    # harmless relative address.
    value = re.sub(r"[\t\n\r]", "", html_lib.unescape(value))
    return re.sub(r"^[\x00-\x20]+|[\x00-\x20]+$", "", value)


class _InertChecker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._raw: str | None = None  # "script" or "style" while inside one
        self._raw_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)
        if tag in {"script", "style"}:
            self._raw, self._raw_text = tag, []

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_endtag(self, tag):
        if tag == self._raw:
            text = "".join(self._raw_text)
            if tag == "style" and _CSS_DANGER.search(text):
                self.problems.append(f"dangerous CSS in <style>: {text[:80]!r}")
            self._raw = None

    def handle_data(self, data):
        if self._raw:
            self._raw_text.append(data)

    def _check(self, tag, attrs):
        values = {name.lower(): (value or "") for name, value in attrs}
        if tag == "script":
            script_type = values.get("type", "").strip().lower()
            if "src" in values:
                src = values["src"].strip()
                if not src.startswith("/") or src.startswith("//"):
                    self.problems.append(f"script from another origin: {src!r}")
            elif script_type not in _DATA_SCRIPT_TYPES:
                self.problems.append("inline <script>")
        if tag in _FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> element")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")
        if tag == "link" and values.get("rel", "").lower() == "import":
            self.problems.append("<link rel=import>")
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            elif name == "srcdoc":
                self.problems.append(f"srcdoc on <{tag}>")
            elif name in _URL_ATTRIBUTES and _DANGEROUS_SCHEMES.match(_scheme_of(value)):
                self.problems.append(f"{name}={value[:60]!r} on <{tag}>")
            elif name == "style" and _CSS_DANGER.search(html_lib.unescape(value)):
                self.problems.append(f"dangerous style={value[:60]!r} on <{tag}>")


def inert_problems(html: str) -> list[str]:
    """Everything in ``html`` that could execute script; empty when the page is inert."""
    checker = _InertChecker()
    checker.feed(html)
    checker.close()
    return checker.problems


def assert_inert(html: str) -> None:
    """Fail, listing what was found, unless ``html`` contains nothing that could run script."""
    problems = inert_problems(html)
    assert not problems, "Executable content in the page:\n" + "\n".join(problems[:20])


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the socket is closed


@contextlib.contextmanager
def database_unreachable():
    """Make the default connection's next connect fail for real, then put it back.

    PostgreSQL is pointed at a closed port on 127.0.0.1; SQLite at a file in a folder that does
    not exist. The live connection is set aside rather than closed: pytest-django's SQLite test
    database lives in memory and would vanish with it. Use with ``django_db(transaction=True)``.
    """
    saved_connection, saved_settings = connection.connection, dict(connection.settings_dict)
    if connection.vendor == "postgresql":
        connection.settings_dict.update({"HOST": "127.0.0.1", "PORT": str(_closed_port())})
        connection.settings_dict.setdefault("OPTIONS", {})
        connection.settings_dict["OPTIONS"] = {**connection.settings_dict["OPTIONS"], "connect_timeout": 2}
    else:
        connection.settings_dict["NAME"] = "/nonexistent-khabar-folder/db.sqlite3"
    connection.connection = None
    try:
        yield
    finally:
        connection.settings_dict.clear()
        connection.settings_dict.update(saved_settings)
        connection.connection = saved_connection
        connection.needs_rollback = False
