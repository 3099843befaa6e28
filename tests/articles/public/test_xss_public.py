"""The XSS corpus, stored through every field an editor or a partner feed can fill, is inert on the reader site."""

from datetime import timedelta
from xml.etree import ElementTree
from xml.sax.saxutils import escape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.ingest.services import ingest_file
from articles.models import Article, Correction, Section, Tag
from articles.newsroom.services import article_publish
from tests.factories import make_disclaimer, make_published, make_source
from tests.security import PAYLOADS, assert_inert, pack_payloads

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _public_pages(client: Client, articles: list[Article]) -> dict[str, str]:
    """Every reader page that shows the stored text, in both languages."""
    urls = [reverse("articles:home"), reverse("articles:about"), "/en/", reverse("search") + "?q=alert"]
    for article in articles:
        urls.append(article.get_absolute_url())
        if article.section_id:
            urls.append(article.section.get_absolute_url())
        if article.source_id:
            urls.append(article.source.get_absolute_url())
        urls += [reverse("articles:tag", kwargs={"slug": tag.slug}) for tag in article.tags.all()]
    pages = {}
    for url in dict.fromkeys(urls):
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    return pages


def _feed_entries(client: Client) -> list[str]:
    """The HTML a feed reader renders from the latest-stories feeds (titles are plain text there)."""
    texts = []
    rss = ElementTree.fromstring(client.get(reverse("articles:feed_rss")).content)
    texts += [item.findtext("description") or "" for item in rss.iter("item")]
    atom = ElementTree.fromstring(client.get(reverse("articles:feed_atom")).content)
    for element in atom.iter():
        if element.tag in {f"{ATOM}summary", f"{ATOM}content"} and element.get("type") == "html":
            texts.append(element.text or "")
    assert len(texts) >= 10
    return texts


def test_payloads_typed_by_editors_are_inert_on_every_public_page():
    template = make_disclaimer()
    template.set_current_language("ar")
    template.text = f"{template.text} {pack_payloads(1500)[0]}"
    template.save()
    stories = []
    titles, texts, short = pack_payloads(300), pack_payloads(2000), pack_payloads(90)
    for index, text in enumerate(texts):
        source = make_source(name=titles[index % len(titles)][:200], slug=f"xss-source-{index}")
        section = Section()
        section.set_current_language("ar")
        section.name, section.slug = short[index % len(short)], f"xss-section-{index}"
        section.save()
        article = make_published(
            title=titles[index % len(titles)],
            summary=text,
            body=text,
            byline=short[index % len(short)],
            origin=Article.Origin.REPUBLISHED,
            source=source,
            section=section,
            en={"title": titles[-1 - index % len(titles)], "body": text, "summary": text},
            ago=timedelta(minutes=index + 1),
        )
        article.set_current_language("ar")
        article.dateline = short[-1 - index % len(short)][:100]
        article.lead_image_caption = text[:500]
        article.lead_image_credit = text[:200]
        article.save()
        article.tags.add(Tag.objects.create(name=f"{short[index % len(short)][:80]} {index}", slug=f"xss-tag-{index}"))
        Correction.objects.create(article=article, language="ar", text=text)
        stories.append(article)

    client = Client()
    for html in _public_pages(client, stories).values():
        assert_inert(html)
    for text in _feed_entries(client):
        assert_inert(text)


def test_payloads_arriving_through_a_partner_feed_are_inert_once_published(tmp_path):
    make_disclaimer()
    source = make_source(slug="partner", terms_auto_publish=True)
    items = []
    for index, payload in enumerate(PAYLOADS):
        items.append(
            f"<item><title>{escape(payload)}</title><link>https://partner.example/{index}</link>"
            f"<guid>xss-{index}</guid><description>{escape(payload)} نص الخبر {index}</description>"
            f"<pubDate>Sun, 29 Nov 2026 08:00:00 +0000</pubDate></item>"
        )
    feed = tmp_path / "hostile.xml"
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>شريك</title>'
        f"<link>https://partner.example/</link>{''.join(items)}</channel></rss>",
        encoding="utf-8",
    )
    ingest_file(feed, source=source)
    drafts = list(Article.objects.filter(source=source))
    assert len(drafts) >= len(PAYLOADS) * 0.8  # items whose title sanitizes to nothing may be skipped
    published = []
    for draft in drafts[:60]:
        draft.set_current_language("ar")
        if not draft.byline:
            draft.byline = "وكالة"
        try:
            published.append(article_publish(article=draft, at=timezone.now() - timedelta(minutes=1)))
        except Exception:  # a payload-only body has no text left to publish; the check refuses it
            continue
    assert len(published) >= 20
    client = Client()
    for html in _public_pages(client, published).values():
        assert_inert(html)
    for text in _feed_entries(client):
        assert_inert(text)
