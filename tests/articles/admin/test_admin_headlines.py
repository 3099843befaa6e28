"""Headlines typed in the admin: a pasted section label is taken out, and the slug follows until publication."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from articles.models import Article
from articles.newsroom.services import article_publish
from tests.articles.helpers import change_url, form_data, logged_in
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def _add(client, title: str, **extra):
    data = {k: v for k, v in form_data(make_article(title="نموذج")).items() if k != "version"}
    data.update({"title": title, "slug": "", "version": "", **extra})
    return client.post(reverse("admin:articles_article_add") + "?language=ar", data)


def test_a_pasted_section_label_is_taken_out_with_a_note(writer):
    client = logged_in(writer)
    response = _add(client, "أخبار سوريا : وصول وفد أممي إلى دمشق")
    assert response.status_code == 302
    article = Article.objects.get(translations__title="وصول وفد أممي إلى دمشق")
    assert article.safe_translation_getter("slug", language_code="ar") == "وصول-وفد-أممي-إلى-دمشق"
    notes = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("أخبار سوريا" in note for note in notes)


def test_a_section_name_is_a_label_and_a_quote_is_not(writer):
    make_section(name="اقتصاد", name_en="Economy")
    client = logged_in(writer)
    assert _add(client, "اقتصاد | الريال يرتفع").status_code == 302
    assert _add(client, "الوزير: لن نرفع الأسعار").status_code == 302
    titles = set(Article.objects.values_list("translations__title", flat=True))
    assert {"الريال يرتفع", "الوزير: لن نرفع الأسعار"} <= titles


def test_the_editor_can_keep_the_headline_as_typed(writer):
    client = logged_in(writer)
    assert _add(client, "أخبار اليمن: عنوان مقصود", keep_headline_as_typed="on").status_code == 302
    assert Article.objects.filter(translations__title="أخبار اليمن: عنوان مقصود").exists()


def test_the_slug_follows_the_headline_until_publication(editor):
    article = make_article(title="عنوان أول للخبر", byline="محرر")
    client = logged_in(editor)
    assert client.post(change_url(article, "ar"), form_data(article, title="عنوان مصحح للخبر")).status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert article.safe_translation_getter("slug", language_code="ar") == "عنوان-مصحح-للخبر"

    article_publish(article=article, by=editor)
    article = Article.objects.get(pk=article.pk)
    assert client.post(change_url(article, "ar"), form_data(article, title="عنوان بعد النشر")).status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert article.safe_translation_getter("title", language_code="ar") == "عنوان بعد النشر"
    assert article.safe_translation_getter("slug", language_code="ar") == "عنوان-مصحح-للخبر"


def test_a_slug_typed_by_hand_stays(editor):
    article = make_article(title="عنوان أول", slug="رابط-مختار", byline="محرر")
    client = logged_in(editor)
    assert client.post(change_url(article, "ar"), form_data(article, title="عنوان ثان")).status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert article.safe_translation_getter("slug", language_code="ar") == "رابط-مختار"
