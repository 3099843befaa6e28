"""Helpers for admin tests: logged-in clients, admin URLs and a complete article form."""

from django.test import Client
from django.urls import reverse

from articles.models import Article


def change_url(article, language=None) -> str:
    url = reverse("admin:articles_article_change", args=[article.pk])
    return f"{url}?language={language}" if language else url


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(article: Article, language: str = "ar", **overrides) -> dict:
    article = Article.objects.get(pk=article.pk)
    values = {}
    if article.has_translation(language):
        article.set_current_language(language)
        values = {name: getattr(article, name) for name in ("title", "slug", "summary", "body", "byline", "dateline")}
    data = {
        "title": "",
        "slug": "",
        "summary": "",
        "body": "",
        "byline": "",
        "dateline": "",
        **values,
        "lead_image_alt": "",
        "lead_image_caption": "",
        "lead_image_credit": article.lead_image_credit,
        "picture": article.picture_id or "",
        "section": article.section_id or "",
        "tags": ", ".join(article.tags.names()),
        "version": article.version,
        "origin": article.origin,
        "source": article.source_id or "",
        "original_url": article.original_url,
        "original_published_at_0": "",
        "original_published_at_1": "",
        "disclaimer_template": "",
        "gallery_items-TOTAL_FORMS": "0",
        "gallery_items-INITIAL_FORMS": "0",
        "gallery_items-MIN_NUM_FORMS": "0",
        "gallery_items-MAX_NUM_FORMS": "1000",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "corrections-MIN_NUM_FORMS": "0",
        "corrections-MAX_NUM_FORMS": "1000",
        **contribution_forms(article),
    }
    data.update(overrides)
    return data


def contribution_forms(article, extra: list[tuple] = ()) -> dict:
    """The contributors inline as posted: the story's credits as they stand, then ``extra`` (author, role, position)."""
    existing = list(article.contributions.order_by("position", "pk")) if article.pk else []
    data = {
        "contributions-TOTAL_FORMS": str(len(existing) + len(extra)),
        "contributions-INITIAL_FORMS": str(len(existing)),
        "contributions-MIN_NUM_FORMS": "0",
        "contributions-MAX_NUM_FORMS": "1000",
    }
    rows = [(c.pk, c.author_id, c.role, c.position) for c in existing] + [("", a.pk, r, p) for a, r, p in extra]
    for number, (pk, author, role, position) in enumerate(rows):
        data.update({
            f"contributions-{number}-id": pk,
            f"contributions-{number}-article": article.pk,
            f"contributions-{number}-author": author,
            f"contributions-{number}-role": role,
            f"contributions-{number}-position": position,
        })
    return data
