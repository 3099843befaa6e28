"""The body allow-list keeps what the editor offers and renders hostile HTML inert."""

import re
from pathlib import Path

import pytest

from articles.models import Article
from articles.models.sanitize import sanitize_html
from tests.factories import make_article

PAYLOADS = [line for line in (Path(__file__).parents[3] / "tests" / "data" / "hostile_html.txt").read_text().split("\n") if line.strip()]

DANGEROUS = re.compile(
    r"<\s*(script|style|iframe|object|embed|svg|math|img|video|audio|form|input|button|meta|link|base|template|textarea|title|body|details|marquee|table)\b"
    r"|\son\w+\s*=|javascript:|vbscript:|data:text|\sstyle\s*=|\ssrcdoc\s*=",
    re.IGNORECASE,
)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitize_html_renders_payload_inert(payload):
    cleaned = sanitize_html(payload)
    assert not DANGEROUS.search(cleaned), cleaned


def test_sanitize_html_keeps_editor_markup_with_direction():
    html = (
        '<h2>عنوان فرعي</h2><p dir="rtl">نص <strong>غامق</strong> و<em>مائل</em> '
        '<a href="https://example.org/a">رابط</a></p><p lang="en" dir="ltr">Latin</p>'
        "<ul><li>أ</li></ul><ol start=\"3\"><li>ب</li></ol><blockquote><p>اقتباس</p></blockquote>"
    )
    cleaned = sanitize_html(html)
    for kept in ["<h2>", '<p dir="rtl">', "<strong>", "<em>", '<p lang="en" dir="ltr">', "<ul>", '<ol start="3">', "<blockquote>"]:
        assert kept in cleaned
    assert '<a href="https://example.org/a" rel="noopener noreferrer">' in cleaned


def test_sanitize_html_drops_empty_paragraphs_and_unknown_tags():
    assert sanitize_html("<p> </p><p>&nbsp;</p><div><span>نص</span></div>") == "نص"


@pytest.mark.django_db
def test_hostile_body_is_inert_after_save_in_both_languages():
    payload = "\n".join(PAYLOADS)
    article = make_article(body=payload, en={"title": "Title", "body": payload})
    for language in ("ar", "en"):
        fresh = Article.objects.language(language).get(pk=article.pk)
        assert not DANGEROUS.search(fresh.body)
