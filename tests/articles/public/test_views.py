"""The reader site as readers meet it, through real HTTP requests."""

import json
import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.utils import timezone

from articles.models import Article, Correction
from articles.public.links import article_path, section_path
from sources.models import Source
from tests.factories import image_upload, make_article, make_published, make_section, make_source

pytestmark = pytest.mark.django_db

SECRET_TITLES = ["خبر مجدول سري", "مسودة سرية", "خبر قيد المراجعة سري", "خبر مسحوب سري"]


def _json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def test_home_is_arabic_rtl_and_english_is_ltr(client, newsroom):
    arabic = client.get("/")
    assert arabic.status_code == 200
    assert '<html lang="ar" dir="rtl">' in arabic.text
    english = client.get("/en/")
    assert english.status_code == 200
    assert '<html lang="en" dir="ltr">' in english.text
    # An Arabic-only name in an English page title is isolated, as titles cannot hold markup.
    section = client.get(section_path(newsroom.arabic_only_section, "en")).text
    assert "<title>\u2068محليات\u2069 · " in section


def test_home_shows_lead_latest_and_section_blocks(client, newsroom):
    html = client.get("/").text
    assert "خبر منقول عن شام" in html  # newest story leads
    assert "أذربيجان ترعى اجتماعاً سورياً" in html
    assert f'id="section-{newsroom.section.pk}"' in html
    assert f'id="section-{newsroom.arabic_only_section.pk}"' not in html  # its only story is the lead


@pytest.mark.parametrize("language", ["ar", "en"])
def test_non_public_stories_never_appear_on_any_page_or_feed(client, newsroom, language):
    prefix = "" if language == "ar" else "/en"
    pages = [
        f"{prefix}/",
        section_path(newsroom.section, language),
        f"{prefix}/tag/سوريا/",
        f"{prefix}/source/sham/",
        f"{prefix}/feeds/rss/",
        f"{prefix}/feeds/atom/",
        f"{prefix}/tag/سوريا/rss/",
        f"{prefix}/tag/سوريا/atom/",
        f"{prefix}/source/sham/rss/",
        section_path(newsroom.section, language) + "rss/",
        article_path(newsroom.original, language),
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        for title in SECRET_TITLES:
            assert title not in response.content.decode(), (path, title)


def test_non_public_story_urls_are_404_and_withdrawn_is_410(client, newsroom):
    for article in (newsroom.scheduled, newsroom.draft, newsroom.in_review):
        assert client.get(article_path(article, "ar")).status_code == 404
        assert client.get(f"/a/{article.pk}").status_code == 404
    gone = client.get(article_path(newsroom.withdrawn, "ar"))
    assert gone.status_code == 410
    assert "خبر مسحوب سري" not in gone.text
    assert '<html lang="ar"' in gone.text
    english_gone = client.get(f"/en/articles/{newsroom.withdrawn.pk}/x/")
    assert english_gone.status_code == 410 and '<html lang="en"' in english_gone.text
    assert client.get(f"/a/{newsroom.withdrawn.pk}").status_code == 410
    assert client.get("/articles/999999/x/").status_code == 404


def test_scheduled_story_appears_when_its_time_comes(client, newsroom):
    assert "خبر مجدول سري" not in client.get("/").text
    Article.objects.filter(pk=newsroom.scheduled.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    # A queryset update sends no signal: the page cache must still notice the passing of time.
    from articles.public.cache import invalidate_public_pages

    invalidate_public_pages()
    assert "خبر مجدول سري" in client.get("/").text


def test_wrong_slug_redirects_permanently_to_canonical(client, newsroom):
    canonical = article_path(newsroom.original, "ar")
    assert "%D8%A3%D8%B0%D8%B1" in canonical  # Arabic slug, percent-encoded
    response = client.get(f"/articles/{newsroom.original.pk}/old-slug/")
    assert response.status_code == 301
    assert response["Location"] == canonical
    english = client.get(f"/en/articles/{newsroom.original.pk}/{quote('عنوان')}/")
    assert english.status_code == 301
    assert english["Location"] == f"/en/articles/{newsroom.original.pk}/azerbaijan-hosts-a-syrian-meeting/"
    without_slug = client.get(f"/articles/{newsroom.original.pk}/")
    assert without_slug.status_code == 301 and without_slug["Location"] == canonical


def test_short_link_redirects_to_canonical_in_the_page_language(client, newsroom):
    response = client.get(f"/a/{newsroom.original.pk}")
    assert response.status_code == 301 and response["Location"] == article_path(newsroom.original, "ar")
    english = client.get(f"/en/a/{newsroom.original.pk}")
    assert english["Location"] == article_path(newsroom.original, "en")
    arabic_only = client.get(f"/en/a/{newsroom.republished.pk}")
    assert arabic_only["Location"] == article_path(newsroom.republished, "ar")


def test_article_page_shows_everything_a_reader_needs(client, newsroom):
    Correction.objects.create(article=newsroom.republished, language="ar", text="صُحّح اسم المدينة.")
    Correction.objects.create(article=newsroom.republished, language="en", text="English-only correction.")
    html = client.get(article_path(newsroom.republished, "ar")).text
    assert '<h1 class="story__title">خبر منقول عن شام</h1>' in html
    # The attribution line names the source and links to the original, near the top.
    attribution = html.index('class="story__attribution"')
    assert attribution < html.index('class="story__body')
    assert 'href="https://sham.example/news/1"' in html[attribution : html.index('class="story__body')]
    assert "شام الإخبارية" in html[attribution : html.index('class="story__body')]
    assert 'href="/source/afp/"' in html  # the cited agency
    assert re.search(r'<aside class="disclaimer" role="note"[^>]*>\s*<p>ملحوظة: نُقل هذا الخبر عن', html)
    assert "صُحّح اسم المدينة." in html and "English-only correction." not in html
    assert re.search(
        r'<time datetime="[^"]+">[^<]*(يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر)',
        html,
    )
    assert "هـ</span>" in html  # Hijri date
    assert 'rel="tag"' in html
    # Share links use the short address, and no third-party script is loaded.
    assert quote(f"http://testserver/a/{newsroom.republished.pk}", safe="") in html
    assert "wa.me" in html and "t.me/share" in html and "x.com/intent" in html and "facebook.com/sharer" in html
    # The one script is ours: the "most read" beacon (static/khabar/reads.js).
    assert re.findall(r'<script src="([^"]+)"', html) == ["/static/khabar/reads.js"]


def test_original_reporting_page(client, newsroom):
    html = client.get(article_path(newsroom.original, "ar")).text
    assert 'role="note"' not in html
    assert "باكو" in html and "محرر الموقع" in html
    assert "Original reporting" in html or "محتوى خاص" in html


def test_related_stories_share_a_tag_or_section(client, newsroom):
    html = client.get(article_path(newsroom.original, "ar")).text
    related = html[html.index('id="related-title"') :]
    assert "خبر منقول عن شام" in related  # shares the tag سوريا


def test_english_lists_only_stories_with_an_english_translation(client, newsroom):
    html = client.get("/en/").text
    assert "Azerbaijan hosts a Syrian meeting" in html
    assert "خبر منقول عن شام" not in html
    assert client.get(article_path(newsroom.republished, "en")).status_code == 404


def test_language_switcher_and_hreflang_offer_only_existing_translations(client, newsroom):
    bilingual = client.get(article_path(newsroom.original, "ar")).text
    assert f'hreflang="en" href="http://testserver{article_path(newsroom.original, "en")}"' in bilingual
    assert 'class="languages"' in bilingual
    arabic_only = client.get(article_path(newsroom.republished, "ar")).text
    assert 'hreflang="en"' not in arabic_only
    assert 'class="languages"' not in arabic_only


def test_section_without_english_name_is_shown_in_isolated_arabic(client, newsroom):
    html = client.get("/en/").text
    assert '<bdi lang="ar">محليات</bdi>' in html
    assert ">Syria news<" in html


def test_section_tag_and_source_pages(client, newsroom):
    section = client.get(section_path(newsroom.section, "ar"))
    assert section.status_code == 200 and "أذربيجان ترعى اجتماعاً سورياً" in section.text
    assert section_path(newsroom.section, "en") == "/en/section/syria-news/"
    assert client.get("/en/section/syria-news/").status_code == 200
    # Another language's slug redirects to this language's one.
    assert client.get(f"/en{section_path(newsroom.section, 'ar')}")["Location"] == "/en/section/syria-news/"
    tag = client.get(quote("/tag/سوريا/"))
    assert tag.status_code == 200 and "خبر منقول عن شام" in tag.text
    source = client.get("/source/sham/")
    assert source.status_code == 200 and "خبر منقول عن شام" in source.text
    assert "أذربيجان ترعى" not in source.text
    assert 'type="application/rss+xml"' in source.text and 'href="/source/sham/rss/"' in source.text
    for missing in ("/section/nothing/", "/tag/nothing/", "/source/nothing/"):
        assert client.get(missing).status_code == 404


def test_section_tag_and_source_pages_show_their_feeds_in_the_page(client, newsroom):
    """A reader sees where to follow a section, a tag or a source, not only a feed reader in <head>."""
    pages = {
        section_path(newsroom.section, "ar"): section_path(newsroom.section, "ar") + "rss/",
        quote("/tag/سوريا/"): "/tag/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7/rss/",
        "/source/sham/": "/source/sham/rss/",
        "/en/section/syria-news/": "/en/section/syria-news/rss/",
    }
    for path, feed in pages.items():
        body = client.get(path).text.split("<body", 1)[1]
        links = re.findall(r'<p class="page-header__feeds">(.*?)</p>', body, re.S)
        assert links, path
        hrefs = re.findall(r'href="([^"]+)"', links[0])
        assert len(hrefs) == 2 and hrefs[1].endswith("atom/"), (path, hrefs)
        assert quote(hrefs[0], safe="/%") == feed, (path, hrefs)


def test_about_and_feeds_pages(client, newsroom):
    assert client.get("/about/").status_code == 200
    feeds = client.get("/feeds/").text
    assert 'href="/feeds/rss/"' in feeds and f'href="{section_path(newsroom.section, "ar")}rss/"' in feeds


def test_lists_are_paginated(client, newsroom):
    section = make_section(name="رياضة", name_en="Sport")
    for number in range(15):
        make_published(title=f"خبر رياضي {number}", section=section, ago=timedelta(minutes=number + 1))
    first = client.get("/section/رياضة/")
    assert 'rel="next"' in first.text and "خبر رياضي 0" in first.text and "خبر رياضي 14" not in first.text
    second = client.get("/section/رياضة/?page=2")
    assert second.status_code == 200 and "خبر رياضي 14" in second.text and 'rel="prev"' in second.text
    assert (
        '<link rel="canonical" href="http://testserver/section/%D8%B1%D9%8A%D8%A7%D8%B6%D8%A9/?page=2">' in second.text
    )
    assert client.get("/section/رياضة/?page=9").status_code == 404
    assert 'rel="next"' in client.get("/?page=1").text
    assert client.get("/?page=2").status_code == 200


def test_breaking_strip_shows_recent_breaking_stories_only(client, newsroom, settings):
    settings.BREAKING_NEWS_HOURS = 6
    make_published(title="عاجل: حدث الآن", is_breaking=True, ago=timedelta(hours=1))
    make_published(title="عاجل قديم", is_breaking=True, ago=timedelta(hours=7))
    make_published(title="عاجل مجدول", is_breaking=True, ago=-timedelta(hours=1))
    for page in ("/", section_path(newsroom.section, "ar"), article_path(newsroom.original, "ar")):
        html = client.get(page).text
        strip = html[html.index('class="breaking"') : html.index("<main")]
        assert "عاجل: حدث الآن" in strip
        assert "عاجل قديم" not in strip and "عاجل مجدول" not in strip


def test_json_ld_news_article_for_republished_story(client, newsroom):
    html = client.get(article_path(newsroom.republished, "ar")).text
    data = _json_ld(html)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "خبر منقول عن شام"
    assert data["inLanguage"] == "ar"
    assert data["isBasedOn"] == "https://sham.example/news/1"
    assert data["sourceOrganization"]["name"] == "شام الإخبارية"
    assert data["copyrightHolder"]["name"] == "شام الإخبارية"
    assert data["publisher"]["logo"]["url"].endswith("/static/khabar/logo.png")
    assert data["keywords"] == ["سوريا"]
    assert data["articleSection"] == "محليات"
    for key in ("description", "datePublished", "dateModified", "author", "mainEntityOfPage"):
        assert data[key]
    original = _json_ld(client.get(article_path(newsroom.original, "en")).text)
    assert original["inLanguage"] == "en" and "isBasedOn" not in original
    assert original["author"] == [{"@type": "Person", "name": "Staff writer"}]


def test_json_ld_cannot_be_broken_out_of(client, newsroom):
    article = make_published(title="</script><script>alert(1)</script>")
    html = client.get(article_path(article, "ar")).text
    assert "<script>alert(1)" not in html
    assert _json_ld(html)["headline"] == "</script><script>alert(1)</script>"


def test_open_graph_and_twitter_tags(client, newsroom):
    html = client.get(article_path(newsroom.original, "ar")).text
    assert '<meta property="og:locale" content="ar_AR">' in html
    assert '<meta property="og:locale:alternate" content="en_US">' in html
    assert '<meta property="og:title" content="أذربيجان ترعى اجتماعاً سورياً">' in html
    assert '<meta name="twitter:card"' in html


@pytest.mark.parametrize(
    ("policy", "canonical_is_original", "news_noindex"),
    [
        (Source.SearchPolicy.CANONICAL_ORIGINAL, True, False),
        (Source.SearchPolicy.NOINDEX_NEWS, False, True),
        (Source.SearchPolicy.OWN_CANONICAL, False, False),
    ],
)
def test_canonical_and_robots_follow_the_source_policy(client, newsroom, policy, canonical_is_original, news_noindex):
    Source.objects.filter(pk=newsroom.source.pk).update(search_policy=policy)
    html = client.get(article_path(newsroom.republished, "ar")).text
    own = f"http://testserver{article_path(newsroom.republished, 'ar')}"
    expected = "https://sham.example/news/1" if canonical_is_original else own
    assert f'<link rel="canonical" href="{expected}">' in html
    assert ('<meta name="Googlebot-News" content="noindex">' in html) is news_noindex


def test_lead_image_renditions_webp_and_jpeg_with_sizes(client, newsroom, settings):
    article = make_published(
        title="خبر مصور",
        lead_image=image_upload("big.png", size=(1600, 900)),
        en={"title": "Photo story", "lead_image_alt": "A photo"},
    )
    article.set_current_language("ar")
    article.lead_image_alt = "صورة من المكان"
    article.lead_image_caption = "الشرح"
    article.lead_image_credit = "Reuters"
    article.save()
    html = client.get(article_path(article, "ar")).text
    picture = html[html.index("<picture>") : html.index("</picture>")]
    assert 'type="image/webp"' in picture
    assert "-480w.webp 480w" in picture and "-800w.webp 800w" in picture and "-1200w.webp 1200w" in picture
    assert "-1200w.jpg 1200w" in picture
    assert 'width="1600" height="900"' in picture and 'alt="صورة من المكان"' in picture
    assert 'loading="lazy"' not in picture  # the lead image is above the fold
    assert "<bdi>Reuters</bdi>" in html and "الشرح" in html
    renditions = sorted(p.name for p in (settings.MEDIA_ROOT / "renditions").rglob("*.*"))
    assert len(renditions) == 6
    # Made once: a second page render does not make new files.
    from django.core.cache import cache

    cache.clear()
    client.get(article_path(article, "ar"))
    assert sorted(p.name for p in (settings.MEDIA_ROOT / "renditions").rglob("*.*")) == renditions
    # On the home page the lead story's image loads first; cards below the fold load lazily.
    make_published(title="خبر مصور أقدم", lead_image=image_upload("older.png", size=(900, 600)), ago=timedelta(hours=5))
    home = client.get("/").text
    images = [tag for tag in re.findall(r"<img [^>]+>", home) if "renditions" in tag]
    assert len(images) == 2
    assert 'fetchpriority="high"' in images[0] and 'loading="lazy"' not in images[0]
    assert 'loading="lazy"' in images[1]


def test_small_images_are_never_upscaled(client, newsroom, settings):
    article = make_published(title="صورة صغيرة", lead_image=image_upload("small.png", size=(300, 200)))
    html = client.get(article_path(article, "ar")).text
    assert "-300w.webp 300w" in html and "480w" not in html


def test_not_found_page_is_arabic_with_the_site_navigation(client, newsroom):
    make_published(title="عاجل في صفحة الخطأ", is_breaking=True)
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert '<html lang="ar" dir="rtl">' in response.text
    assert "أخبار سوريا" in response.text and "عاجل في صفحة الخطأ" in response.text
    english = client.get("/en/no/such/page/")
    assert english.status_code == 404 and '<html lang="en" dir="ltr">' in english.text


def test_server_error_page_renders_standalone():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert '<html lang="ar" dir="rtl">' in html


def test_robots_txt_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.text
    assert "Disallow: /admin/" in response.text and "Disallow: /en/admin/" in response.text
    assert "Disallow: /preview/" in response.text and "Disallow: /en/preview/" in response.text


def test_unknown_language_content_is_isolated_in_titles(client, newsroom):
    article = make_published(title="قمة G20 في Riyadh")
    html = client.get(article_path(article, "ar")).text
    assert "<title>\u2068قمة G20 في Riyadh\u2069" in html


def test_draft_preview_is_not_public_even_with_a_published_status_in_future(client):
    source = make_source(slug="x")
    article = make_article(
        origin=Article.Origin.REPUBLISHED,
        source=source,
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() + timedelta(days=1),
    )
    assert client.get(article_path(article, "ar")).status_code == 404
