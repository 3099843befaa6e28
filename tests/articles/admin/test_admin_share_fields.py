"""The story form's search-and-share fields and their previews, and the translated image credit."""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.articles.helpers import change_url, form_data, logged_in
from tests.factories import image_upload, make_article

pytestmark = pytest.mark.django_db


def test_the_form_has_the_fields_and_an_empty_preview_for_the_script(editor):
    article = make_article(title="عنوان الخبر", lead_image=image_upload("lead.png"))
    html = logged_in(editor).get(change_url(article, "ar")).text
    for name in ("seo_title", "seo_description", "share_image"):
        assert f'id="id_{name}"' in html
    assert 'id="khabar-share-preview"' in html
    assert 'lang="ar" dir="rtl"' in html
    assert f'data-path="/articles/{article.pk}/' in html
    assert f'data-lead-image="{Article.objects.get(pk=article.pk).lead_image.url}"' in html
    assert 'data-share-image=""' in html
    assert "khabar/admin-form.js" in html
    # Translated headings: the previews are drawn by the static script, no inline script added.
    assert "نتيجة البحث" in html or "Search result" in html
    # The credit as written is the Arabic original's: its translation is asked for on other tabs only.
    assert 'id="id_lead_image_credit_translated"' not in html


def test_the_english_tab_previews_left_to_right_and_asks_for_the_credit_translation(editor):
    article = make_article(en={"title": "An English headline"})
    html = logged_in(editor).get(change_url(article, "en")).text
    assert 'id="khabar-share-preview" class="khabar-previews" lang="en" dir="ltr"' in html
    assert f'data-path="/en/articles/{article.pk}/' in html
    assert 'id="id_lead_image_credit_translated"' in html


def test_saving_the_fields_keeps_them_cleaned_and_stores_the_share_image_size(editor):
    article = make_article(title="عنوان")
    data = form_data(
        article,
        seo_title="عنوان\u000b لمحركات البحث",
        seo_description="وصف\u202e قصير",
        share_image=image_upload("share.png", size=(120, 63)),
    )
    response = logged_in(editor).post(change_url(article, "ar"), data)
    assert response.status_code == 302, response.content
    article = Article.objects.get(pk=article.pk)
    article.set_current_language("ar")
    assert "\u000b" not in article.seo_title and article.seo_title.startswith("عنوان")
    assert "\u202e" not in article.seo_description or article.seo_description.endswith("\u202c")
    assert (article.share_image_width, article.share_image_height) == (120, 63)
    stored = article.share_image.name

    # Saved again without a new upload: the stored picture is neither checked again nor replaced.
    response = logged_in(editor).post(change_url(article, "ar"), form_data(article, seo_title="آخر"))
    assert response.status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert article.share_image.name == stored
    assert (article.share_image_width, article.share_image_height) == (120, 63)


def test_a_share_image_that_is_not_a_picture_is_refused_with_a_message(editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    article = make_article()
    bad = SimpleUploadedFile("share.png", b"not an image at all", content_type="image/png")
    response = logged_in(editor).post(change_url(article, "ar"), form_data(article, share_image=bad))
    assert response.status_code == 200
    assert "errorlist" in response.text
    assert not Article.objects.get(pk=article.pk).share_image


def test_a_new_story_can_be_written_with_a_share_image(writer):
    data = {k: v for k, v in form_data(make_article()).items() if k != "version"}
    data.update({"title": "خبر جديد", "version": "", "share_image": image_upload("s.jpg", fmt="JPEG", size=(60, 40))})
    response = logged_in(writer).post(reverse("admin:articles_article_add") + "?language=ar", data)
    assert response.status_code == 302
    article = Article.objects.get(translations__title="خبر جديد")
    assert (article.share_image_width, article.share_image_height) == (60, 40)


def test_the_english_credit_is_saved_on_the_english_tab(editor):
    article = make_article(lead_image_credit="أ ف ب", en={"title": "Headline"})
    data = form_data(article, "en", lead_image_credit_translated="AFP")
    assert logged_in(editor).post(change_url(article, "en"), data).status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert article.image_credit("en") == "AFP"
    assert article.image_credit("ar") == "أ ف ب"


def test_translators_cannot_change_the_shared_share_image(translator):
    article = make_article(en={"title": "Headline"})
    html = logged_in(translator).get(change_url(article, "en")).text
    assert 'id="id_seo_title"' in html
    assert 'id="id_share_image"' not in html
