"""The story form in a real browser: a library picture found by its Arabic caption goes into the body.

Needs Debian's Chromium and the playwright package (`make browser-tools`); skipped without them.
"""

import pytest

from articles.newsroom.pictures import picture_refresh_search
from tests.articles.admin.test_admin_browser import page, story_form  # noqa: F401 - fixtures
from tests.articles.admin.test_admin_gallery import library

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def picture(story_form):  # noqa: F811
    """A library picture, made before the browser runs (the database is not read from its event loop)."""
    [made] = library(1)
    picture_refresh_search(picture=made)
    return made


def test_a_picture_found_by_its_caption_is_inserted_in_the_body_and_saved(picture, page, story_form):  # noqa: F811
    page.goto(story_form[0])
    page.locator(".field-body .ProseMirror[contenteditable]").click()
    page.fill("#khabar-body-picture-search", "شرح الصوره")  # ة typed as ه: the library's search forgives it
    page.locator(".khabar-body-pictures button").first.click()
    with page.expect_navigation():
        page.keyboard.press("Control+KeyS")
    assert page.locator(".messagelist .success").count() == 1
    # The saved form shows the body as stored: the picture's paragraph is in it, once.
    assert page.input_value("#id_body").count(f"<p>[picture:{picture.pk}]</p>") == 1
