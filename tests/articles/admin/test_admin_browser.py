"""The story form in a real browser: Ctrl+S saves, and leaving with unsaved changes asks first.

Needs Debian's Chromium and the playwright package (`make browser-tools`); skipped without them.
"""

import pytest
from django.test import Client

from tests.articles.helpers import change_url
from tests.browser import chromium
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def story_form(live_server, editor) -> tuple[str, str]:
    """The address of a story's change form, and an editor's session cookie (made before the browser runs)."""
    article = make_article(title="عنوان قبل الحفظ", byline="محرر")
    client = Client()
    client.force_login(editor)
    return live_server.url + change_url(article, "ar"), client.cookies["sessionid"].value


@pytest.fixture
def page(live_server, story_form):
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_cookies([{"name": "sessionid", "value": story_form[1], "url": live_server.url}])
        yield context.new_page()


def test_ctrl_s_saves_the_story_and_stays_on_the_form(page, story_form):
    page.goto(story_form[0])
    page.fill("#id_title", "عنوان حُفظ بلوحة المفاتيح")
    with page.expect_navigation():
        page.keyboard.press("Control+KeyS")
    assert page.locator(".messagelist .success").count() == 1
    assert page.input_value("#id_title") == "عنوان حُفظ بلوحة المفاتيح"
    assert "/change/" in page.url


def test_leaving_with_unsaved_changes_asks_first(page, story_form):
    page.goto(story_form[0])
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.close(run_before_unload=True)  # nothing changed: no question
    assert asked == []


def test_leaving_after_typing_asks_first(page, story_form):
    page.goto(story_form[0])
    page.fill("#id_title", "عنوان لم يُحفظ")
    page.click("body")  # a real user gesture, which browsers ask for before they show the question
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.accept()))
    page.close(run_before_unload=True)
    page.wait_for_event("close")
    assert asked == ["beforeunload"]


def test_the_form_counts_the_headline_summary_and_body(page, story_form):
    page.goto(story_form[0])
    page.fill("#id_title", "عنوان من أربع كلمات")
    title_note = page.locator(".field-title .khabar-count")
    assert "19" in title_note.inner_text() and "90" in title_note.inner_text()
    page.fill("#id_title", "ع" * 95)
    assert "khabar-count--over" in title_note.get_attribute("class")
    body = page.locator(".field-body .ProseMirror[contenteditable]")
    body.click()
    page.keyboard.type(" كلمة ثانية ثالثة")
    page.wait_for_timeout(200)
    body_note = page.locator(".field-body .khabar-count").inner_text()
    assert body_note.count("·") == 2 and body_note[0].isdigit()
    assert page.get_attribute("#id_title", "spellcheck") == "true"
    assert body.get_attribute("spellcheck") == "true"


def test_typing_is_autosaved_and_offered_back_after_a_reload(page, story_form, settings):
    settings.ADMIN_AUTOSAVE_SECONDS = 1
    page.goto(story_form[0])
    page.fill("#id_title", "عنوان كُتب ولم يُحفظ")
    page.locator(".khabar-autosave-status").filter(has_text=":").wait_for(timeout=5000)
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(story_form[0])
    assert page.input_value("#id_title") == "عنوان قبل الحفظ"
    with page.expect_navigation():
        page.click(".autosave-offer a.button")
    assert page.input_value("#id_title") == "عنوان كُتب ولم يُحفظ"


def test_the_story_list_fits_a_1280_px_screen(page, live_server):
    """Beside the navigation and the filters, every column of the story list is visible without scrolling."""
    page.goto(live_server.url + "/admin/articles/article/")
    table, room = page.evaluate(
        "[document.querySelector('#result_list').scrollWidth, document.querySelector('.results').clientWidth]"
    )
    assert table <= room
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
