"""Galleries: library pictures put in order on the story form, shown after the text for no extra query."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, GalleryItem, Picture
from articles.newsroom.checks import publication_problems
from articles.public.links import article_path
from tests.articles.helpers import change_url, form_data, logged_in
from tests.factories import image_bytes, make_article

pytestmark = pytest.mark.django_db


def library(n: int) -> list[Picture]:
    pictures = []
    for i in range(n):
        picture = Picture(credit=f"مصور {i}")
        picture.file.save(f"g{i}.jpg", ContentFile(image_bytes("JPEG", (64, 48))), save=False)
        picture.set_current_language("ar")
        picture.alt, picture.caption = f"وصف الصورة {i}", f"شرح الصورة {i}"
        picture.save()
        pictures.append(picture)
    return pictures


def gallery_data(article, pictures) -> dict:
    data = form_data(article, **{"gallery_items-TOTAL_FORMS": str(len(pictures))})
    for i, picture in enumerate(pictures):
        data[f"gallery_items-{i}-picture"] = picture.pk
        data[f"gallery_items-{i}-position"] = str(len(pictures) - i)
    return data


def _count(client, path: str) -> int:
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_a_gallery_of_ten_is_put_in_order_on_the_form_and_costs_the_story_page_no_query(editor, client):
    plain = make_article(title="بلا معرض", status="published", published_at=timezone.now())
    article = make_article(title="معرض صور", status="published", published_at=timezone.now())
    pictures = library(10)
    response = logged_in(editor).post(change_url(article, "ar"), gallery_data(article, pictures))
    assert response.status_code == 302, response.content
    stored = Article.objects.get(pk=article.pk).gallery
    assert [entry["picture"] for entry in stored] == [p.pk for p in reversed(pictures)]  # by position
    page = client.get(article_path(article, "ar")).text
    gallery = page[page.index('class="gallery"') :]
    assert gallery.count("<figure>") == 10 and 'alt="وصف الصورة 9"' in gallery and "مصور 0" in gallery
    assert 'tabindex="0"' in gallery and 'role="region"' in gallery
    assert _count(client, article_path(article, "ar")) == _count(client, article_path(plain, "ar"))
    # Saved again with its gallery: the stored pictures are not read again.
    response = logged_in(editor).post(change_url(article, "ar"), form_data(article, summary="موجز آخر", **{
        "gallery_items-TOTAL_FORMS": "10", "gallery_items-INITIAL_FORMS": "10",
        **{f"gallery_items-{i}-{k}": v for i, item in enumerate(GalleryItem.objects.filter(article=article))
           for k, v in (("id", item.pk), ("picture", item.picture_id), ("position", item.position), ("article", article.pk))},
    }))
    assert response.status_code == 302, response.content
    assert len(Article.objects.get(pk=article.pk).gallery) == 10


def test_a_gallery_picture_with_expired_rights_stops_publication_and_leaves_the_gallery(editor):
    article = make_article(title="معرض")
    [kept, expired] = library(2)
    logged_in(editor).post(change_url(article, "ar"), gallery_data(article, [kept, expired]))
    Picture.objects.filter(pk=expired.pk).update(rights_expire_at=timezone.now())
    assert any("شرح الصورة 1" in p for p in publication_problems(Article.objects.get(pk=article.pk)))
    from articles.newsroom.pictures import pictures_withdraw_expired

    pictures_withdraw_expired()
    assert [entry["picture"] for entry in Article.objects.get(pk=article.pk).gallery] == [kept.pk]


def test_the_english_edition_marks_a_gallery_text_it_shows_in_arabic(editor, client):
    article = make_article(
        title="معرض بلغتين", status="published", published_at=timezone.now(),
        en={"title": "A gallery in two languages", "body": "<p>Text</p>"},
    )
    translated, arabic_only = library(2)
    translated.set_current_language("en")
    translated.alt, translated.caption, translated.credit_translated = "Picture 0", "Caption 0", "Photographer 0"
    translated.save()
    assert logged_in(editor).post(change_url(article, "ar"), gallery_data(article, [translated, arabic_only])).status_code == 302

    gallery = client.get(article_path(Article.objects.get(pk=article.pk), "en")).text
    gallery = gallery[gallery.index('class="gallery"'):]

    assert 'alt="Picture 0" loading' in gallery and ">Caption 0</span>" in gallery and "<bdi>Photographer 0</bdi>" in gallery
    assert 'alt="وصف الصورة 1" lang="ar"' in gallery
    assert '<span dir="auto" lang="ar">شرح الصورة 1</span>' in gallery and '<bdi lang="ar">مصور 1</bdi>' in gallery
