"""The story form's autosave over HTTP: kept, offered back, brought back, thrown away, cleared by a save."""

import pytest
from django.urls import reverse

from articles.models import Article, ArticleAutosave
from tests.articles.helpers import change_url, form_data, logged_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def _autosave_url(article) -> str:
    return reverse("admin:articles_article_autosave", args=[article.pk])


def test_the_form_keeps_text_and_offers_it_back(writer):
    article = make_article(title="عنوان محفوظ", author=writer)
    client = logged_in(writer)
    answer = client.post(_autosave_url(article), {"language_code": "ar", "title": "عنوان لم يُحفظ بعد"})
    assert answer.status_code == 200 and answer.json()["note"]
    assert client.get(_autosave_url(article)).status_code == 405

    page = client.get(change_url(article, "ar")).content.decode()
    assert 'class="messagelist autosave-offer"' in page and "autosave=restore" in page

    restored = client.get(change_url(article, "ar") + "&autosave=restore").content.decode()
    assert 'value="عنوان لم يُحفظ بعد"' in restored and 'class="messagelist autosave-offer"' not in restored
    assert Article.objects.get(pk=article.pk).safe_translation_getter("title", language_code="ar") == "عنوان محفوظ"


def test_saving_the_form_clears_the_autosave(writer):
    article = make_article(author=writer)
    client = logged_in(writer)
    client.post(_autosave_url(article), {"language_code": "ar", "title": "مسودة"})
    assert client.post(change_url(article, "ar"), form_data(article, title="عنوان نهائي")).status_code == 302
    assert not ArticleAutosave.objects.exists()
    assert 'class="messagelist autosave-offer"' not in client.get(change_url(article, "ar")).content.decode()


def test_throwing_it_away(writer):
    article = make_article(author=writer)
    client = logged_in(writer)
    client.post(_autosave_url(article), {"language_code": "ar", "title": "مسودة"})
    response = client.post(_autosave_url(article), {"language_code": "ar", "discard": "1"})
    assert response.status_code == 302 and not ArticleAutosave.objects.exists()


def test_someone_elses_story_cannot_be_autosaved(writer, other_writer):
    article = make_article(author=other_writer)
    assert logged_in(writer).post(_autosave_url(article), {"language_code": "ar", "title": "x"}).status_code == 403
    assert logged_in(writer).post(_autosave_url(article), {"language_code": "zz", "title": "x"}).status_code in (400, 403)
    assert not ArticleAutosave.objects.exists()
