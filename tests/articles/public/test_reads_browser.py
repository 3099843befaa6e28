""""Most read" in a real browser: story pages send their beacon once shown (cookie-less, counted),
a flush later the home page's list has changed; the list is accessible and fits a phone."""

import threading

import pytest
from django.db import connection

from articles.models import StoryReads
from articles.public import reads
from articles.public.links import article_path, section_path
from tests.articles.public.test_browser import _axe_problems, browser  # noqa: F401  (the browser fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A reader's browser: Playwright's headless Chromium names itself HeadlessChrome, a bot's name.
READER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
# ... and says it is automated (navigator.webdriver), which keeps reads.js silent.
AS_A_READER = "Object.defineProperty(Navigator.prototype, 'webdriver', {get: () => false});"


def _in_thread(work):
    """Database work while Playwright's event loop owns this thread (Django refuses it there)."""

    def run():
        try:
            work()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()


@pytest.fixture
def seeded(newsroom, settings):
    # The list on the page follows each flush at once: no page kept, none reused by the browser.
    settings.PAGE_CACHE_SECONDS = 0
    settings.PUBLIC_MAX_AGE = 0
    settings.READS_FLUSH_IN_PROCESS = False
    StoryReads.objects.create(article=newsroom.original, hour=reads.current_hour(), count=2)
    return {
        "story": article_path(newsroom.republished, "ar"),
        "section": section_path(newsroom.arabic_only_section, "ar"),
    }


def _most_read(page) -> list[str]:
    return page.locator("#most-read-day + ol li a, .most-read__period:first-child li a").all_inner_texts()


def test_story_pages_count_their_reads_and_the_list_changes(live_server, seeded, browser):  # noqa: F811
    context = browser.new_context(user_agent=READER, viewport={"width": 1280, "height": 900})
    context.add_init_script(AS_A_READER)
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert _most_read(page) == ["أذربيجان ترعى اجتماعاً سورياً"]

    beacons = []
    page.on("request", lambda request: beacons.append(request) if "/reads/" in request.url else None)
    for _visit in range(3):
        with page.expect_response(lambda response: "/reads/" in response.url) as answer:
            page.goto(live_server.url + seeded["story"])
        assert answer.value.status == 204
    assert len(beacons) == 3
    assert {request.method for request in beacons} == {"POST"}
    assert all("cookie" not in request.headers for request in beacons)

    assert sum(reads.counted().values()) == 3, [r.headers for r in beacons]
    _in_thread(reads.reads_flush)
    page.goto(live_server.url + "/")
    assert _most_read(page) == ["خبر منقول عن شام", "أذربيجان ترعى اجتماعاً سورياً"]
    page.goto(live_server.url + seeded["section"])
    assert _most_read(page) == ["خبر منقول عن شام"]


def test_the_list_is_accessible_and_fits_a_phone(live_server, seeded, browser):  # noqa: F811
    page = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 800}).new_page()
    for path in ("/", "/en/"):
        page.goto(live_server.url + path)
        assert page.locator(".most-read").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert not _axe_problems(page)
