"""A reader keeps a live story open while the newsroom posts: the "new updates" bar appears and
loads the entry without reloading the page. Chromium (tests/browser.py), marked ``browser``."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from articles.newsroom.live import live_entry_post, live_start
from articles.public.links import article_path
from tests.browser import chromium
from tests.factories import make_published

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def live_setup(writer, editor):
    story = make_published(title="عاصفة على الساحل", author=writer)
    live_start(article=story, by=editor)
    live_entry_post(article=story, by=writer, body="<p>بدأت الأمطار الغزيرة</p>", key_event=True)
    live_entry_post(article=story, by=editor, body="<p>ما نعرفه حتى الآن: الطرق مغلقة</p>", pinned=True)
    client = Client()
    client.force_login(writer)
    return {"path": article_path(story, "ar"), "desk": f"/admin/articles/article/{story.pk}/live/",
            "session": client.cookies[settings.SESSION_COOKIE_NAME].value}


def test_a_reader_sees_an_entry_posted_from_the_live_desk_without_reloading(live_server, live_setup):
    with chromium() as browser:
        reader = browser.new_context(viewport={"width": 390, "height": 800}).new_page()
        reader.add_init_script("window.khabarLivePollMs = 700;")
        reader.goto(live_server.url + live_setup["path"])
        reader.wait_for_function("document.getElementById('live').dataset.polling === 'on'")
        assert reader.locator(".live__pinned").inner_text().count("ما نعرفه حتى الآن") == 1
        reader.evaluate("window.khabarNotReloaded = true")

        writer = browser.new_context(viewport={"width": 1280, "height": 900})
        host = live_server.url.split("//", 1)[1].split(":")[0]
        writer.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": live_setup["session"], "domain": host, "path": "/"}])
        desk = writer.new_page()
        desk.goto(live_server.url + live_setup["desk"])
        desk.locator("#live-body").fill("وصلت فرق الإنقاذ إلى الحي الغربي")
        desk.locator("input[name=key]").check()
        desk.locator("#live-body").press("Control+Enter")
        desk.wait_for_load_state()
        assert "وصلت فرق الإنقاذ" in desk.locator(".entries").inner_text()

        bar = reader.locator(".live__new")
        bar.wait_for(timeout=15000)
        # Arabic says "one new update" in words (the catalog's singular form has no digit).
        assert "1" in bar.inner_text() or "واحد" in bar.inner_text()
        assert "وصلت فرق الإنقاذ" not in reader.locator(".live__stream").inner_text()
        bar.click()
        assert reader.locator(".live__stream .live-entry").first.inner_text().count("وصلت فرق الإنقاذ") == 1
        assert "وصلت فرق الإنقاذ" in reader.locator(".live__keys").inner_text()
        assert reader.evaluate("window.khabarNotReloaded") is True
        scroll, inner = reader.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner


def test_the_live_page_has_no_serious_axe_violations(live_server, live_setup):
    if not AXE_JS.exists():
        pytest.skip("axe-core is not installed (npm ci)")
    with chromium() as browser:
        page = browser.new_context(bypass_csp=True).new_page()
        page.goto(live_server.url + live_setup["path"])
        page.add_script_tag(path=str(AXE_JS))
        results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        serious = [v["id"] for v in results["violations"] if v["impact"] in ("serious", "critical")]
        assert not serious, json.dumps(results["violations"], ensure_ascii=False)[:2000]
