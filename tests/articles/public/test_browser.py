"""Real tools on real pages: the Nu HTML Checker, axe-core in headless Chromium, and a reader's journey.

These tests need Debian's Chromium, Java and the npm packages from package.json
(`make browser-tools` installs all three); without them they are skipped with the reason.
"""

import json
import os
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from articles.models import Article, Correction
from articles.public.links import article_path, section_path
from tests.factories import image_upload, make_published

ROOT = Path(settings.BASE_DIR)
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _need_java_and_vnu():
    if shutil.which("java") is None:
        pytest.skip("Java is not installed: the Nu HTML Checker needs it (run `make browser-tools`).")
    if not VNU_JAR.exists():
        pytest.skip(f"{VNU_JAR.relative_to(ROOT)} is missing: run `make browser-tools` (npm ci).")


def _need_chromium_and_axe():
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM}: run `make browser-tools` (apt-get install chromium).")
    if not AXE_JS.exists():
        pytest.skip(f"{AXE_JS.relative_to(ROOT)} is missing: run `make browser-tools` (npm ci).")
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


@pytest.fixture
def reader_story(newsroom) -> Article:
    """A republished story in Arabic and English, with an image, tags, a correction and a cited agency."""
    story = make_published(
        title="قمة G20 تناقش ملف سوريا",
        summary="موجز القمة",
        body="<p>قالت وكالة <bdi>AFP</bdi> إن القمة ناقشت الملف.</p><p>فقرة ثانية.</p>",
        section=newsroom.section,
        origin=Article.Origin.REPUBLISHED,
        source=newsroom.source,
        original_url="https://sham.example/news/2",
        tags=["سوريا", "قمة"],
        lead_image=image_upload("summit.png", size=(1400, 800)),
        en={"title": "G20 summit discusses Syria", "summary": "Summit summary", "body": "<p>English text.</p>"},
        ago=timedelta(minutes=5),
    )
    story.cited_sources.add(newsroom.agency)
    Correction.objects.create(article=story, language="ar", text="صُحّح تاريخ القمة.")
    Correction.objects.create(article=story, language="en", text="The date of the summit was corrected.")
    return story


@pytest.fixture
def page_paths(newsroom, reader_story) -> dict[str, str]:
    """One address of every page type, in both languages where the page exists in both."""
    story = reader_story
    from articles.models import Contribution
    from tests.factories import credit, make_author

    writer = make_author(name="سلوى العبسي", name_en="Salwa al-Absi", slug="salwa", job_title="مراسلة في تعز",
                         bio="تغطي أخبار تعز.", links="https://social.example/@salwa", photo=image_upload("salwa.png"))
    credit(story, (writer, Contribution.Role.WRITER), (make_author(name="ليلى", name_en=None, slug="layla"),
                                                       Contribution.Role.TRANSLATION))
    return {
        "home": "/",
        "home-en": "/en/",
        "home-page-2": "/?page=2",
        "article": article_path(story, "ar"),
        "article-en": article_path(story, "en"),
        "article-original": article_path(newsroom.original, "ar"),
        "section": section_path(newsroom.section, "ar"),
        "section-en": section_path(newsroom.arabic_only_section, "en"),
        "tag": "/tag/سوريا/",
        "tag-en": "/en/tag/سوريا/",
        "source": "/source/sham/",
        "source-en": "/en/source/sham/",
        "author": "/author/salwa/",
        "author-en": "/en/author/salwa/",
        "about": "/about/",
        "about-en": "/en/about/",
        "feeds": "/feeds/",
        "feeds-en": "/en/feeds/",
        "withdrawn": article_path(newsroom.withdrawn, "ar"),
        "withdrawn-en": f"/en/articles/{newsroom.withdrawn.pk}/-/",
        "not-found": "/no/such/page/",
        "not-found-en": "/en/no/such/page/",
    }


def test_every_page_type_passes_the_nu_html_checker(newsroom, page_paths, tmp_path):
    _need_java_and_vnu()
    for number in range(14):  # enough stories for a second page
        make_published(title=f"خبر إضافي {number}", section=newsroom.section, ago=timedelta(hours=3, minutes=number))
    client = Client()
    files = []
    for name, path in page_paths.items():
        response = client.get(path)
        assert response.status_code in (200, 404, 410), (name, response.status_code)
        file = tmp_path / f"{name}.html"
        file.write_bytes(response.content)
        files.append(file)
    from django.template.loader import render_to_string

    (tmp_path / "server-error.html").write_text(render_to_string("500.html"), encoding="utf-8")
    files.append(tmp_path / "server-error.html")
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']} {m.get('extract', '')!r}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]
    assert not errors, "\n".join(errors)


@pytest.fixture
def browser():
    _need_chromium_and_axe()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            # No background traffic: this machine reaches nothing but loopback.
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        try:
            yield chromium
        finally:
            chromium.close()


def _axe_problems(page) -> list[str]:
    page.add_script_tag(path=str(AXE_JS))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


# Playwright's sync API runs an event loop in this thread, so every database access happens in
# fixtures set up before the ``browser`` fixture; the live server answers from its own thread.
def test_every_page_type_has_no_serious_axe_violations(live_server, page_paths, browser):
    # axe-core is injected as an inline script, which the site's Content-Security-Policy rightly
    # refuses; the checker's own page lifts the policy for itself (tests/test_browser_csp.py checks it).
    page = browser.new_context(bypass_csp=True).new_page()
    problems = {}
    for name, path in page_paths.items():
        page.goto(live_server.url + path)
        found = _axe_problems(page)
        if found:
            problems[name] = found
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=2)


def test_reader_journey_home_article_english_tag(live_server, reader_story, browser):
    page = browser.new_page()
    page.goto(live_server.url + "/")
    assert page.get_attribute("html", "dir") == "rtl" and page.get_attribute("html", "lang") == "ar"

    page.get_by_role("link", name="قمة G20 تناقش ملف سوريا").first.click()
    page.wait_for_url("**/articles/**")
    assert page.locator("h1").inner_text() == "قمة G20 تناقش ملف سوريا"
    attribution = page.locator(".story__attribution")
    assert "شام الإخبارية" in attribution.inner_text()
    assert attribution.get_by_role("link", name="شام الإخبارية").is_visible()
    assert attribution.locator('a[href="https://sham.example/news/2"]').count() == 1
    note = page.get_by_role("note")
    assert note.is_visible() and "شام الإخبارية" in note.inner_text()
    assert "صُحّح تاريخ القمة." in page.locator(".corrections").inner_text()

    page.locator("nav.languages").get_by_role("link", name="English").click()
    page.wait_for_url("**/en/articles/**")
    assert page.get_attribute("html", "lang") == "en" and page.get_attribute("html", "dir") == "ltr"
    assert page.locator("h1").inner_text() == "G20 summit discusses Syria"
    assert "Sham News" in page.get_by_role("note").inner_text()
    assert "The date of the summit was corrected." in page.locator(".corrections").inner_text()

    page.locator(".story__tags").get_by_role("link", name="قمة").click()
    page.wait_for_url("**/en/tag/**")
    assert "G20 summit discusses Syria" in page.locator("main").inner_text()


@pytest.mark.parametrize("width", [390, 320])
def test_every_page_type_fits_a_phone_screen(live_server, page_paths, browser, width):
    """No sideways scrolling on a phone, in either language (the header once pushed pages to 472 px)."""
    # A desktop context of phone width: a mobile one would widen its layout viewport to fit the page.
    page = browser.new_context(viewport={"width": width, "height": 800}).new_page()
    too_wide = {}
    for name, path in page_paths.items():
        page.goto(live_server.url + path)
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll > inner:
            too_wide[name] = scroll
    assert not too_wide, f"wider than {width} px: {too_wide}"
