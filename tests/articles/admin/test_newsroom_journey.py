"""A newsroom's day in a real browser, through the admin's real forms, with the reader's view after each step.

A writer writes a story with a picture, saves it again and sends it with a note; an editor
reads the revisions, shares a preview, publishes; a reader reads it on a desktop and on a
phone; a translator adds English; the editor adds a correction, schedules another story and
withdraws the first. Any answer of 500 or more fails the test.

Needs Debian's Chromium and the playwright package (`make browser-tools`); skipped without them.
"""

import io
import re
from pathlib import Path

import pytest
from django.test import Client
from PIL import Image

from tests.browser import chromium
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sessions(live_server) -> dict[str, str]:
    """Session cookies of a writer, an editor and a translator (made before the browser runs)."""
    people = {
        "writer": make_user("journey_writer", role="Writers", first_name="سلمى", last_name="الكاتبة"),
        "editor": make_user("journey_editor", role="Editors", first_name="رامي", last_name="المحرر"),
        "translator": make_user("journey_translator", role="Translators", first_name="Lina", last_name="Translator"),
    }
    cookies = {}
    for role, user in people.items():
        client = Client()
        client.force_login(user)
        cookies[role] = client.cookies["sessionid"].value
    return cookies


@pytest.fixture
def picture(tmp_path) -> Path:
    path = tmp_path / "aden-port.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 675), (30, 90, 140)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def day(live_server, sessions):
    with chromium() as browser:
        failures: list[str] = []

        def page_for(role: str | None, width: int = 1280):
            context = browser.new_context(viewport={"width": width, "height": 900})
            if role:
                context.add_cookies([{"name": "sessionid", "value": sessions[role], "url": live_server.url}])
            page = context.new_page()
            page.on("response", lambda r: failures.append(f"{r.status} {r.url}") if r.status >= 500 else None)
            page.on("dialog", lambda dialog: dialog.accept())
            return page

        yield page_for, failures


def _messages(page) -> str:
    return " ".join(page.locator(".messagelist li").all_inner_texts())


def _transition(page, action: str, **fields) -> str:
    form = page.locator(f"form.transition-{action}")
    for name, value in fields.items():
        form.locator(f"[name='{name}']").fill(value)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    return _messages(page)


def _fits(page, width: int) -> bool:
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return scroll <= inner == width


@pytest.mark.parametrize("width", [1280, 390])
def test_a_newsroom_day(live_server, day, picture, width):
    """The staff work at ``width`` (a desktop, a phone); the reader reads on both."""
    page_for, failures = day
    admin = live_server.url + "/admin/articles/article/"

    # The writer writes a story with a picture and saves it.
    writer = page_for("writer", width)
    writer.goto(admin + "add/?language=ar")
    writer.fill("#id_title", "أخبار اليمن: وصول شحنة وقود إلى ميناء عدن")
    writer.fill("#id_byline", "سلمى الكاتبة")
    writer.locator(".field-body .ProseMirror[contenteditable]").click()
    writer.keyboard.type("وصلت صباح اليوم شحنة وقود إلى ميناء عدن بعد انتظار دام أسبوعين.")
    writer.set_input_files("#id_lead_image", str(picture))
    writer.fill("#id_lead_image_alt", "رافعات على رصيف ميناء عدن")
    writer.fill("#id_lead_image_credit", "خبر / سلمى الكاتبة")  # a picture without a credit cannot be published
    with writer.expect_navigation():
        writer.click("input[name=_continue]")
    assert "/change/" in writer.url, _messages(writer)
    change = writer.url.split("?")[0]
    story = change.removesuffix("change/")
    assert writer.input_value("#id_title") == "وصول شحنة وقود إلى ميناء عدن"  # the pasted label is out
    assert "أخبار اليمن" in _messages(writer)

    # She fixes a word and saves again (a story with a picture once answered 500 here), with Ctrl+S.
    writer.fill("#id_title", "وصول شحنة وقود جديدة إلى ميناء عدن")
    with writer.expect_navigation():
        writer.keyboard.press("Control+KeyS")
    assert writer.locator(".messagelist .success").count() == 1
    assert "وصول-شحنة-وقود-جديدة" in writer.input_value("#id_slug")  # the slug follows until publication

    # She sends it for review with a note.
    said = _transition(writer, "submit", comment="الصورة من مراسلنا في عدن")
    assert "عدن" in said and writer.locator(".timeline").inner_text().count("الصورة من مراسلنا في عدن") == 1

    # The editor compares the two revisions, shares a preview and publishes.
    editor = page_for("editor", width)
    editor.goto(story + "revisions/")
    with editor.expect_navigation():
        editor.click("button[form=compare-form]")
    assert "جديدة" in editor.locator("#content").inner_text()
    editor.goto(change + "?language=ar")
    with editor.expect_navigation():
        editor.locator("form[action$='/share/'] button").click()
    preview_link = editor.locator(".messagelist a").get_attribute("href")
    reader = page_for(None)
    reader.goto(preview_link)
    assert "وصول شحنة وقود جديدة إلى ميناء عدن" in reader.locator("h1").inner_text()
    said = _transition(editor, "publish")
    assert editor.locator(".messagelist .success").count() == 1, said
    public = editor.locator("a.viewsitelink").get_attribute("href")

    # A reader reads it on a desktop and on a phone.
    for width in (1280, 390):
        reader = page_for(None, width)
        assert reader.goto(live_server.url + public).status == 200
        assert reader.locator("h1").inner_text() == "وصول شحنة وقود جديدة إلى ميناء عدن"
        assert reader.locator("article img").count() >= 1
        assert _fits(reader, width)

    # The translator adds English.
    translator = page_for("translator", width)
    translator.goto(change + "?language=en")
    translator.fill("#id_title", "Fuel shipment reaches Aden port")
    translator.locator(".field-body .ProseMirror[contenteditable]").click()
    translator.keyboard.type("A fuel shipment reached Aden port this morning after a two-week wait.")
    with translator.expect_navigation():
        translator.click("input[name=_continue]")
    assert translator.locator(".messagelist .success").count() == 1, _messages(translator)
    english = page_for(None)
    english.goto(live_server.url + "/en" + public)
    assert english.locator("h1").inner_text() == "Fuel shipment reaches Aden port"

    # The editor adds a correction; the reader sees it.
    editor.goto(change + "?language=ar")
    editor.fill("#id_corrections-0-text", "صُحّح موعد وصول الشحنة.")
    with editor.expect_navigation():
        editor.click("input[name=_continue]")
    reader = page_for(None)
    reader.goto(live_server.url + public)
    assert "صُحّح موعد وصول الشحنة." in reader.content()

    # The editor writes and schedules a second story for tomorrow.
    editor.goto(admin + "add/?language=ar")
    editor.fill("#id_title", "افتتاح جسر جديد في المكلا")
    editor.fill("#id_byline", "رامي المحرر")
    editor.locator(".field-body .ProseMirror[contenteditable]").click()
    editor.keyboard.type("يُفتتح غدًا جسر جديد في المكلا.")
    with editor.expect_navigation():
        editor.click("input[name=_continue]")
    tomorrow = editor.evaluate(
        "() => { const d = new Date(Date.now() + 86400000); d.setMinutes(d.getMinutes() - d.getTimezoneOffset());"
        " return d.toISOString().slice(0, 16); }"
    )
    said = _transition(editor, "schedule", publish_at=tomorrow)
    assert editor.locator(".messagelist .success").count() == 1, said
    editor.goto(live_server.url + "/admin/")
    assert "افتتاح جسر جديد في المكلا" in editor.locator("#scheduled-queue").inner_text()

    # The editor withdraws the first story with a reason; its address then says it was removed.
    editor.goto(change + "?language=ar")
    said = _transition(editor, "withdraw", comment="الخبر غير دقيق")
    assert editor.locator(".messagelist .success").count() == 1, said
    reader = page_for(None)
    assert reader.goto(live_server.url + public).status == 410

    assert failures == []
    assert re.search(r"/articles/\d+/", public)
