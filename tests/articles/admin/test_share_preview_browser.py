"""The story form's search-result and share-card previews in a real browser, at 1280 and 390 px:
they follow what the editor types, fall back to the headline, summary and lead image, read in the
tab's direction, and run under the Content-Security-Policy without a violation.

Needs Debian's Chromium and the playwright package (`make browser-tools`); skipped without them.
"""

import re

import pytest
from django.test import Client

from tests.articles.helpers import change_url
from tests.browser import chromium
from tests.factories import image_bytes, image_upload, make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));
"""


@pytest.fixture
def story(live_server, editor):
    article = make_article(
        title="عنوان الخبر كما كتبه المحرر",
        summary="موجز الخبر",
        lead_image=image_upload("lead.png", size=(240, 126)),
        en={"title": "The headline as written", "summary": "The summary"},
    )
    client = Client()
    client.force_login(editor)
    return article, client.cookies["sessionid"].value


@pytest.fixture(params=[1280, 390], ids=["desktop", "phone"])
def page(request, live_server, story):
    with chromium() as browser:
        context = browser.new_context(viewport={"width": request.param, "height": 900})
        context.add_cookies([{"name": "sessionid", "value": story[1], "url": live_server.url}])
        page = context.new_page()
        page.add_init_script(RECORD_VIOLATIONS)
        errors = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.console_errors = errors
        yield page


def _text(page, part: str) -> str:
    return page.locator(f"#khabar-share-preview .khabar-{part}").inner_text()


def test_the_previews_follow_what_the_editor_types(page, story, live_server, tmp_path):
    page.goto(live_server.url + change_url(story[0], "ar"))
    preview = page.locator("#khabar-share-preview")
    preview.scroll_into_view_if_needed()
    assert preview.get_attribute("dir") == "rtl"
    # Empty fields: the headline, the summary and the lead image.
    assert _text(page, "serp__title").startswith("عنوان الخبر كما كتبه المحرر")
    assert _text(page, "serp__description") == "موجز الخبر"
    assert _text(page, "card__title") == "عنوان الخبر كما كتبه المحرر"
    assert "/media/" in page.get_attribute(".khabar-card__image", "src")
    host = live_server.url.split("//", 1)[1]
    assert _text(page, "serp__url").startswith(host + " › articles › ")
    assert _text(page, "card__domain") == host.upper()

    page.fill("#id_seo_title", "عنوان مختصر لمحركات البحث")
    page.fill("#id_seo_description", "وصف " * 60)
    assert _text(page, "serp__title").startswith("عنوان مختصر لمحركات البحث")
    assert _text(page, "card__title") == "عنوان مختصر لمحركات البحث"
    description = _text(page, "serp__description")
    assert description.endswith("…") and len(description) <= 155
    # The length hints, as under the headline.
    assert "khabar-count--over" in page.get_attribute(".field-seo_description .khabar-count", "class")

    picture = tmp_path / "card.png"
    picture.write_bytes(image_bytes("PNG", (120, 63), (0, 90, 200)))
    page.set_input_files("#id_share_image", str(picture))
    # Playwright's own polling (no string evaluated in the page, which its CSP forbids: no 'unsafe-eval').
    expect = pytest.importorskip("playwright.sync_api").expect
    expect(page.locator(".khabar-card__image")).to_have_attribute("src", re.compile(r"^data:image/png"))

    page.fill("#id_seo_title", "")
    page.fill("#id_title", "عنوان جديد كتبه المحرر الآن")
    assert _text(page, "card__title") == "عنوان جديد كتبه المحرر الآن"
    # A long headline is cut as search engines cut it.
    page.fill("#id_title", "كلمة " * 30)
    assert _text(page, "serp__title").endswith("…") and len(_text(page, "serp__title")) <= 60
    assert page.evaluate("window.__csp") == []
    assert not [error for error in page.console_errors if "Content Security Policy" in error]


def test_the_english_tab_previews_left_to_right(page, story, live_server):
    page.goto(live_server.url + change_url(story[0], "en"))
    assert page.get_attribute("#khabar-share-preview", "dir") == "ltr"
    assert _text(page, "card__title") == "The headline as written"
    page.fill("#id_seo_description", "What readers of the English edition see under the link.")
    assert _text(page, "card__description") == "What readers of the English edition see under the link."
    box = page.locator(".khabar-serp").bounding_box()
    assert box["width"] <= page.viewport_size["width"]
    assert page.evaluate("window.__csp") == []
