"""The stylesheet serves both directions, and pages load nothing from other hosts."""

import re
from pathlib import Path

import pytest
from django.conf import settings

CSS = Path(settings.BASE_DIR) / "static" / "khabar" / "site.css"

PHYSICAL = re.compile(
    r"(?<![-\w])(margin|padding|border)-(left|right)\b|(?<![-\w])(left|right)\s*:|"
    r"text-align\s*:\s*(left|right)|float\s*:\s*(left|right)|(?<![-\w])(width|height)\s*:"
)


def test_stylesheet_uses_only_logical_properties():
    css = re.sub(r"/\*.*?\*/", "", CSS.read_text(encoding="utf-8"), flags=re.S)
    assert not PHYSICAL.findall(css)
    assert "margin-inline" in css and "padding-block" in css and "inset-inline-start" in css


def test_stylesheet_uses_the_readers_own_arabic_fonts():
    css = CSS.read_text(encoding="utf-8")
    assert "@import" not in css and "@font-face" not in css and "url(" not in css
    assert "Noto Naskh Arabic" in css and "Geeza Pro" in css and "Tahoma" in css


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/en/", "/about/"])
def test_pages_load_no_script_style_or_font_from_other_hosts(client, path):
    html = client.get(path).text
    assert "<iframe" not in html and "@import" not in html
    stylesheets_and_scripts = re.findall(
        r'<(?:script[^>]+src|link[^>]+rel="(?:stylesheet|icon|preload)"[^>]*href)="([^"]+)"', html
    )
    assert stylesheets_and_scripts and all(url.startswith("/static/") for url in stylesheets_and_scripts)
