"""In a real browser, the admin and its rich-text editor work under the Content-Security-Policy.

Chromium is driven over the DevTools protocol on a pipe (no extra package): it records every
CSP violation on the page, and the test checks that the editor came up and accepts typing.
"""

import json
import os
import shutil
import subprocess
import time

import pytest
from django.contrib.auth import get_user_model

CHROMIUM = next((path for name in ("chromium", "chromium-browser", "google-chrome") if (path := shutil.which(name))), None)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed"),
]

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));
"""


class Browser:
    """A headless Chromium spoken to with DevTools protocol messages on file descriptors 3 and 4."""

    def __init__(self, profile):
        to_browser_read, self._write = os.pipe()
        self._read, from_browser_write = os.pipe()
        def onto_3_and_4():
            # Fresh copies first, so that putting one on 3 cannot overwrite the other.
            reading, writing = os.dup(to_browser_read), os.dup(from_browser_write)
            os.dup2(reading, 3)
            os.dup2(writing, 4)

        self._process = subprocess.Popen(
            [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--remote-debugging-pipe",
             f"--user-data-dir={profile}", "about:blank"],
            close_fds=False,  # Chromium expects the pipe on descriptors 3 and 4
            preexec_fn=onto_3_and_4,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._buffer = b""
        self._next_id = 0
        self.session = None

    def send(self, method, params=None, *, browser_level=False):
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if self.session and not browser_level:
            message["sessionId"] = self.session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._receive()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def _receive(self):
        while b"\0" not in self._buffer:
            chunk = os.read(self._read, 65536)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def open_page(self):
        target = self.send("Target.createTarget", {"url": "about:blank"}, browser_level=True)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 browser_level=True)["sessionId"]
        self.send("Page.enable")
        self.send("Runtime.enable")
        self.send("Emulation.setFocusEmulationEnabled", {"enabled": True})
        self.send("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS})

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        return result["result"].get("value")

    def wait_for(self, expression, timeout=15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.evaluate(expression):
                return True
            time.sleep(0.2)
        return False

    def close(self):
        self._process.kill()
        self._process.wait(timeout=10)
        os.close(self._write)
        os.close(self._read)


@pytest.fixture
def browser(tmp_path):
    opened = Browser(tmp_path / "profile")
    try:
        opened.open_page()
        yield opened
    finally:
        opened.close()


@pytest.fixture
def logged_in(browser, live_server, client, transactional_db):
    user = get_user_model().objects.create_superuser("boss", "boss@example.org", "كلمة-سر-طويلة-2026")
    client.force_login(user)
    browser.send("Network.setCookie", {"name": "sessionid", "value": client.cookies["sessionid"].value,
                                       "url": live_server.url})
    return browser


def _visit(browser, url):
    browser.send("Page.navigate", {"url": url})
    assert browser.wait_for("document.readyState === 'complete' && !!document.querySelector('#content')"), url


@pytest.mark.parametrize("path", ["/admin/articles/article/add/", "/en/admin/articles/article/add/"])
def test_rich_text_editor_works_under_the_csp(logged_in, live_server, path):
    _visit(logged_in, live_server.url + path)
    assert logged_in.wait_for("!!document.querySelector('.ProseMirror')"), "the editor did not start"
    editor = "[...document.querySelectorAll('.ProseMirror')].find(e => e.offsetParent !== null)"
    logged_in.evaluate(f"{editor}.focus()")
    logged_in.send("Input.insertText", {"text": "نص تجريبي"})
    assert logged_in.wait_for(f"{editor}.innerText.includes('نص تجريبي')"), "the editor does not take typing"
    assert logged_in.evaluate("window.__csp") == []


@pytest.mark.parametrize("path", ["/admin/articles/article/", "/admin/sources/source/add/",
                                  "/admin/articles/section/"])
def test_admin_pages_run_their_scripts_without_csp_violations(logged_in, live_server, path):
    _visit(logged_in, live_server.url + path)
    assert logged_in.wait_for("typeof window.django !== 'undefined' && typeof django.jQuery === 'function'")
    assert logged_in.evaluate("window.__csp") == []


def test_admin_index_has_no_csp_violations(logged_in, live_server):
    _visit(logged_in, live_server.url + "/admin/")
    assert logged_in.evaluate("window.__csp") == []


def test_rich_text_editor_toolbar_speaks_the_admin_language(logged_in, live_server):
    titles = "[...document.querySelectorAll('.prose-menubar__button[data-name=bold], .prose-menubar__button[data-name=italic]')].map(b => b.title)"
    _visit(logged_in, live_server.url + "/admin/articles/article/add/")
    assert logged_in.wait_for(f"{titles}.length === 2 && {titles}[0] !== 'bold'"), logged_in.evaluate(titles)
    arabic = logged_in.evaluate(titles)
    assert all(any("\u0600" <= letter <= "\u06ff" for letter in title) for title in arabic), arabic
    _visit(logged_in, live_server.url + "/en/admin/articles/article/add/")
    assert logged_in.wait_for(f"{titles}.length === 2"), "the editor did not start"
    assert logged_in.evaluate(titles) == ["bold", "italic"]
