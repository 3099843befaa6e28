"""Feeds, sitemaps and a story's head stay valid whatever text is stored (issue 22 items 2 and 6).

Every C0 and C1 control, noncharacters, every bidi control and the spill of the issue (a PDI
then an RLO) go into every plain field, lone surrogates too where they cannot reach the
database: (a) through the model's save, which cleans them, and (b) written raw with
``.update()``, as a bulk fix would, so that only the outputs stand between them and readers.
Every feed and sitemap must then answer 200 with well-formed XML (a strict parser, no
recovery), and the story's <title>, og:title, twitter:title and JSON-LD may hold bidi controls
only in closed pairs, the value's own isolate closing right before " · <site>".
"""

import json
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from lxml import etree
from lxml import html as lxml_html

from articles.models import Article, Correction, Section, Tag
from articles.public.links import article_path, page_path, section_path
from sources.disclaimers import FSI, PDI, isolate
from sources.models import DisclaimerTemplate, Source, SourceAlias
from tests.dirty_text import SPILL, balanced, dirty, dirty_stored, has_controls
from tests.factories import make_disclaimer, make_published, make_section, make_source

pytestmark = pytest.mark.django_db

STRICT = etree.XMLParser(recover=False, resolve_entities=False, no_network=True)
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
LANGUAGES = [code for code, _name in settings.LANGUAGES]

# Clean text of each field, by language: what the dirty payload is put in the middle of.
STORY = {
    "ar": {"title": "أذربيجان ترعى اجتماعاً", "summary": "موجز\nالخبر", "byline": "محرر الموقع", "dateline": "باكو",
           "lead_image_alt": "صورة", "lead_image_caption": "تعليق الصورة", "body": "نص الخبر"},
    "en": {"title": "Azerbaijan hosts", "summary": "Short\nsummary", "byline": "Staff", "dateline": "Baku",
           "lead_image_alt": "Photo", "lead_image_caption": "Caption", "body": "English body"},
}
REPUBLISHED = {"ar": "خبر منقول عن شام", "en": "Story from Sham"}
NAMES = {"section": {"ar": "أخبار سوريا", "en": "Syria news"}, "source": {"ar": "شام الإخبارية", "en": "Sham News"}}
TAG = "سوريا"


@dataclass
class DirtySite:
    story: Article
    republished: Article
    section: Section
    tag: Tag
    source: Source


def _text(mode: str):
    """How a field's text is written when the site is built: dirty through save, clean before a raw update."""
    if mode == "save":
        return lambda text: dirty(text, nul=True, surrogates=True)
    return lambda text: text


def _build(mode: str) -> DirtySite:
    text = _text(mode)
    make_disclaimer(ar=text("ملحوظة: نُقل عن") + " {source_name}.", en=text("Note: from") + " {source_name}.")
    section = make_section(name=text(NAMES["section"]["ar"]), name_en=text(NAMES["section"]["en"]))
    source = make_source(
        name=text(NAMES["source"]["ar"]),
        name_en=text(NAMES["source"]["en"]),
        slug="sham",
        aliases=[text("شام")],
        search_policy=Source.SearchPolicy.OWN_CANONICAL,  # so its story is in the sitemaps too
    )
    story = make_published(
        **{name: text(value) for name, value in STORY["ar"].items() if name in {"title", "summary", "byline"}},
        body=f"<p>{text(STORY['ar']['body'])}</p>",
        en={**{name: text(value) for name, value in STORY["en"].items() if name != "body"},
            "body": f"<p>{text(STORY['en']['body'])}</p>"},
        section=section,
        tags=[text(TAG)],
        lead_image_credit=text("وكالة"),
        ago=timedelta(hours=2),
    )
    story.set_current_language("ar")
    for name in ("dateline", "lead_image_alt", "lead_image_caption"):
        setattr(story, name, text(STORY["ar"][name]))
    story.save()
    Correction.objects.create(article=story, text=text("صُحّح اسم الوزير"))
    republished = make_published(
        title=text(REPUBLISHED["ar"]),
        en={"title": text(REPUBLISHED["en"]), "body": "<p>Text</p>"},
        origin=Article.Origin.REPUBLISHED,
        source=source,
        original_url="https://sham.example/news/1",
        section=section,
        tags=[TAG],
        ago=timedelta(hours=1),
    )
    return DirtySite(story, republished, section, story.tags.get(), source)


def _store_raw(site: DirtySite) -> None:
    """Write the dirty text past every save(), as a bulk ``.update()`` would."""
    translations = Article._parler_meta.root_model.objects
    for language in LANGUAGES:
        fields = {name: dirty_stored(value) for name, value in STORY[language].items() if name != "body"}
        translations.filter(master=site.story, language_code=language).update(
            **fields, body=f"<p>{dirty_stored(STORY[language]['body'])}</p>"
        )
        translations.filter(master=site.republished, language_code=language).update(
            title=dirty_stored(REPUBLISHED[language]), disclaimer_text=dirty_stored("ملحوظة: نُقل عن شام.")
        )
        Section._parler_meta.root_model.objects.filter(master=site.section, language_code=language).update(
            name=dirty_stored(NAMES["section"][language])
        )
        Source._parler_meta.root_model.objects.filter(master=site.source, language_code=language).update(
            name=dirty_stored(NAMES["source"][language])
        )
        DisclaimerTemplate._parler_meta.root_model.objects.filter(language_code=language).update(
            text=dirty_stored("نُقل عن") + " {source_name}."
        )
    Article.objects.update(lead_image_credit=dirty_stored("وكالة"))
    Tag.objects.update(name=dirty_stored(TAG))
    SourceAlias.objects.update(name=dirty_stored("شام"))
    Correction.objects.update(text=dirty_stored("صُحّح اسم الوزير"))
    cache.clear()  # parler keeps translations in the cache: read what the database now holds


@pytest.fixture(params=["save", "raw"])
def site(request) -> DirtySite:
    built = _build(request.param)
    if request.param == "raw":
        _store_raw(built)
        stored = Article._parler_meta.root_model.objects.get(master=built.story, language_code="ar").title
        assert has_controls(stored) and SPILL in stored  # the raw text really is in the database
    return built


def _xml(client, path: str) -> etree._Element:
    response = client.get(path)
    assert response.status_code == 200, path
    return etree.fromstring(response.content, STRICT)


def _feed_paths(site: DirtySite) -> list[str]:
    paths = []
    for language in LANGUAGES:
        section_slug = site.section.safe_translation_getter("slug", language_code=language)
        for kind in ("rss", "atom"):
            paths += [
                page_path(language, f"articles:feed_{kind}"),
                page_path(language, f"articles:section_{kind}", slug=section_slug),
                page_path(language, f"articles:tag_{kind}", slug=site.tag.slug),
                page_path(language, f"articles:source_{kind}", slug=site.source.slug),
            ]
    return paths


def _texts(document: etree._Element) -> list[str]:
    return [value for node in document.iter() for value in [node.text or "", *node.attrib.values()]]


def test_every_feed_is_well_formed_and_lists_the_stories(client, site):
    for path in _feed_paths(site):
        document = _xml(client, path)
        titles = [node.text for node in document.iter("title", "{http://www.w3.org/2005/Atom}title")]
        assert len(titles) >= 2, path  # the feed's own title and at least one story
        for value in _texts(document):
            assert not has_controls(value), (path, value)
            assert SPILL not in value, (path, value)
    rss = _xml(client, "/feeds/rss/")
    items = {item.findtext("title"): item for item in rss.iter("item")}
    headline = next(title for title in items if "أذربيجان" in title)
    assert balanced(headline)
    categories = [node.text for node in items[headline].iter("category")]
    assert any(TAG[:2] in name for name in categories) and all(balanced(name) for name in categories)


def test_sitemap_index_every_sitemap_and_the_news_sitemap_are_well_formed(client, site):
    index = _xml(client, "/sitemap.xml")
    pages = [urlsplit(loc.text).path + (f"?{urlsplit(loc.text).query}" if urlsplit(loc.text).query else "")
             for loc in index.iter(f"{SM}loc")]
    assert "/sitemap-news.xml" in pages and len(pages) >= 5
    listed = []
    for path in pages:
        document = _xml(client, path)
        listed += [loc.text for loc in document.iter(f"{SM}loc")]
    assert f"http://testserver{article_path(site.story, 'ar')}" in listed
    assert f"http://testserver{section_path(site.section, 'ar')}" in listed

    news = _xml(client, "/sitemap-news.xml")
    titles = [node.text for node in news.iter(f"{NEWS}title")]
    assert len(titles) == 4  # two stories, each in Arabic and English
    for title in titles:
        assert not has_controls(title) and balanced(title) and SPILL not in title


@pytest.mark.parametrize("language", LANGUAGES)
def test_story_title_and_social_titles_close_every_bidi_control_inside_the_value(client, site, language):
    response = client.get(article_path(site.story, language))
    assert response.status_code == 200
    page = lxml_html.fromstring(response.content)
    title = page.findtext(".//title")
    # The value's own isolate closes right before the site's name: nothing inside could close it.
    value, separator, site_name = title.rpartition(" · ")
    assert separator and site_name == (settings.SITE_NAME_EN if language == "en" else settings.SITE_NAME), title
    assert value.startswith(FSI) and value.endswith(PDI), title
    assert balanced(value[1:-1]) and not has_controls(value), title
    assert value == isolate(value[1:-1])

    metas = {meta.get("property") or meta.get("name"): meta.get("content") for meta in page.iter("meta")}
    for name in ("og:title", "twitter:title", "og:description", "description", "article:section", "article:tag"):
        assert metas[name], name
        assert balanced(metas[name]) and not has_controls(metas[name]) and SPILL not in metas[name], name
    assert metas["og:title"] == value[1:-1] == metas["twitter:title"]

    data = json.loads(page.xpath('//script[@type="application/ld+json"]')[0].text)
    for text in [data["headline"], data["description"], data["articleSection"], *data["keywords"], data["author"][0]["name"]]:
        assert balanced(text) and not has_controls(text) and SPILL not in text, text


def test_republished_story_page_and_its_disclaimer_stay_contained(client, site):
    response = client.get(article_path(site.republished, "ar"))
    assert response.status_code == 200
    page = lxml_html.fromstring(response.content)
    data = json.loads(page.xpath('//script[@type="application/ld+json"]')[0].text)
    name = data["sourceOrganization"]["name"]
    assert balanced(name) and not has_controls(name) and SPILL not in name
    source_page = client.get(page_path("ar", "articles:source", slug=site.source.slug))
    assert source_page.status_code == 200
    title = lxml_html.fromstring(source_page.content).findtext(".//title")
    assert balanced(title) and not has_controls(title)
