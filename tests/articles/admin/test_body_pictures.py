"""Library pictures placed in a story's body: kept by the sanitizer, stored on save, drawn on the page (issue 20)."""

import pytest
from django.utils import timezone

from articles.models import Article, Picture
from articles.models.sanitize import sanitize_html
from articles.newsroom.checks import publication_problems
from articles.newsroom.pictures import pictures_withdraw_expired
from articles.public.links import article_path
from tests.articles.admin.test_admin_gallery import _count, library
from tests.articles.helpers import change_url, form_data, logged_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_the_sanitizer_keeps_the_picture_token_and_nothing_new():
    assert sanitize_html("<p>[picture:12]</p>") == "<p>[picture:12]</p>"
    assert sanitize_html('<figure data-picture="12"><img src="x" onerror="alert(1)"></figure>') == ""
    assert sanitize_html('<p data-picture="12">نص</p>') == "<p>نص</p>"


def test_a_body_picture_is_stored_on_save_and_drawn_on_the_page_at_no_extra_query(editor, client):
    plain = make_article(title="بلا صورة", status="published", published_at=timezone.now(), body="<p>نص</p><p>نص آخر</p>")
    [picture] = library(1)
    article = make_article(title="صورة في المتن", status="published", published_at=timezone.now())
    body = f"<p>قبل الصورة</p><p>[picture:{picture.pk}]</p><p>بعدها</p><p>[picture:999999]</p>"
    response = logged_in(editor).post(change_url(article, "ar"), form_data(article, body=body))
    assert response.status_code == 302, response.content
    stored = Article.objects.get(pk=article.pk).body_pictures
    assert [entry["picture"] for entry in stored] == [picture.pk]
    page = client.get(article_path(article, "ar")).text
    assert "[picture:" not in page
    figure = page[page.index('class="body-figure"') :]
    assert 'type="image/webp"' in figure and 'alt="وصف الصورة 0"' in figure
    assert '<span dir="auto">شرح الصورة 0</span>' in figure and "<bdi>مصور 0</bdi>" in figure
    assert page.index("قبل الصورة") < page.index('class="body-figure"') < page.index("بعدها")
    assert _count(client, article_path(article, "ar")) == _count(client, article_path(plain, "ar"))
    # Saved again with its picture in the body: works, and the copy stays.
    response = logged_in(editor).post(change_url(article, "ar"), form_data(article, summary="موجز آخر"))
    assert response.status_code == 302, response.content
    assert len(Article.objects.get(pk=article.pk).body_pictures) == 1


def test_the_english_edition_marks_a_body_picture_text_it_shows_in_arabic(editor, client):
    [picture] = library(1)
    body = f"<p>Text</p><p>[picture:{picture.pk}]</p>"
    article = make_article(
        title="صورة بلغتين", status="published", published_at=timezone.now(), en={"title": "Two languages", "body": body}
    )
    assert logged_in(editor).post(change_url(article, "ar"), form_data(article)).status_code == 302
    page = client.get(article_path(Article.objects.get(pk=article.pk), "en")).text
    figure = page[page.index('class="body-figure"') :]
    assert 'alt="وصف الصورة 0" lang="ar"' in figure and '<bdi lang="ar">مصور 0</bdi>' in figure


def test_a_body_picture_with_expired_rights_stops_publication_and_leaves_the_page(editor, client):
    [picture] = library(1)
    article = make_article(title="صورة منتهية", status="published", published_at=timezone.now())
    logged_in(editor).post(change_url(article, "ar"), form_data(article, body=f"<p>[picture:{picture.pk}]</p><p>نص</p>"))
    Picture.objects.filter(pk=picture.pk).update(rights_expire_at=timezone.now())
    assert any("شرح الصورة 0" in p for p in publication_problems(Article.objects.get(pk=article.pk)))
    pictures_withdraw_expired()
    assert Article.objects.get(pk=article.pk).body_pictures == []
    page = client.get(article_path(article, "ar")).text
    assert 'class="body-figure"' not in page and "[picture:" not in page


def test_the_api_body_holds_the_figure_with_absolute_addresses(editor, client):
    [picture] = library(1)
    article = make_article(title="صورة في الواجهة", status="published", published_at=timezone.now())
    logged_in(editor).post(change_url(article, "ar"), form_data(article, body=f"<p>نص</p><p>[picture:{picture.pk}]</p>"))
    body = client.get(f"/api/v1/stories/{article.pk}/").json()["bodies"][0]
    assert "[picture:" not in body["value"] and 'class="body-figure"' in body["value"]
    assert 'src="http://testserver/' in body["value"] and body["wordcount"] == 1
