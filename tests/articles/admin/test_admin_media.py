"""The media library from the story form and its own admin: upload once, reuse, rights at publication."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Picture
from articles.models.workflow import Action
from sources.images import rights_xmp
from tests.articles.helpers import change_url, form_data, logged_in
from tests.factories import image_upload, make_article, make_source

pytestmark = pytest.mark.django_db


def transition_url(article, action) -> str:
    return reverse("admin:articles_article_transition", args=[article.pk, action.value])


def upload_through_story(editor, article, **extra) -> Article:
    data = form_data(
        article, lead_image=image_upload("port.jpg", fmt="JPEG", size=(64, 36)),
        lead_image_alt="سفن في ميناء عدن", lead_image_credit="وكالة سبأ", **extra,
    )
    response = logged_in(editor).post(change_url(article, "ar"), data)
    assert response.status_code == 302, response.content
    return Article.objects.get(pk=article.pk)


def test_an_upload_on_the_story_form_joins_the_library_and_saving_again_keeps_it(editor):
    article = upload_through_story(editor, make_article(title="الميناء"))
    picture = article.picture
    assert picture is not None and picture.file.name == article.lead_image.name
    assert (picture.width, picture.height, picture.credit) == (64, 36, "وكالة سبأ")
    picture.set_current_language("ar")
    assert picture.alt == "سفن في ميناء عدن"
    # Saved again with its stored picture: nothing is read again, replaced or duplicated.
    response = logged_in(editor).post(change_url(article, "ar"), form_data(article, lead_image_alt="سفن", summary="آخر"))
    assert response.status_code == 302, response.content
    again = Article.objects.get(pk=article.pk)
    assert again.lead_image.name == picture.file.name and again.picture_id == picture.pk
    assert (again.lead_image_width, again.lead_image_height) == (64, 36)
    assert Picture.objects.count() == 1


def test_a_library_picture_chosen_for_a_second_story_brings_its_file_credit_and_alt_text(editor):
    first = upload_through_story(editor, make_article(title="الأول"))
    second = make_article(title="الثاني")
    response = logged_in(editor).post(change_url(second, "ar"), form_data(second, picture=first.picture_id))
    assert response.status_code == 302, response.content
    second = Article.objects.get(pk=second.pk)
    assert second.picture_id == first.picture_id
    assert second.lead_image.name == first.lead_image.name and second.lead_image_credit == "وكالة سبأ"
    second.set_current_language("ar")
    assert second.lead_image_alt == "سفن في ميناء عدن"
    # A credit corrected on one story is the picture's credit on every story that shows it.
    response = logged_in(editor).post(change_url(second, "ar"), form_data(second, lead_image_credit="سبأ / خالد"))
    assert response.status_code == 302
    assert Article.objects.get(pk=first.pk).lead_image_credit == "سبأ / خالد"


def test_the_chooser_finds_pictures_by_caption_credit_and_tag_however_spelled(editor):
    upload_through_story(editor, make_article(title="الميناء"))
    Picture.objects.update(keywords="إقتصاد, موانئ")
    picture = Picture.objects.get()
    picture.search_text = picture.searchable_text()
    picture.save()
    url = reverse("admin:autocomplete")
    client = logged_in(editor)
    for query in ("ميناء", "سبا", "اقتصاد"):
        answer = client.get(url, {"term": query, "app_label": "articles", "model_name": "article", "field_name": "picture"})
        assert answer.status_code == 200
        assert [r["id"] for r in answer.json()["results"]] == [str(picture.pk)], query
    answer = client.get(url, {"term": "بيروت", "app_label": "articles", "model_name": "article", "field_name": "picture"})
    assert answer.json()["results"] == []


def test_publishing_a_story_whose_picture_rights_expired_is_refused_naming_the_picture(editor):
    article = upload_through_story(editor, make_article(title="الميناء"))
    Picture.objects.update(rights_expire_at=timezone.now() - timedelta(days=1))
    response = logged_in(editor).post(transition_url(article, Action.PUBLISH), follow=True)
    [message] = list(get_messages(response.wsgi_request))
    assert message.level_tag == "error"
    assert "سفن في ميناء عدن" in message.message
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_a_picture_without_credit_or_from_a_source_that_forbids_reuse_is_refused(editor):
    article = upload_through_story(editor, make_article(title="الميناء"))
    Picture.objects.update(credit="", source=make_source(terms_images_allowed=False, name="وكالة مغلقة"))
    response = logged_in(editor).post(transition_url(article, Action.PUBLISH), follow=True)
    [message] = list(get_messages(response.wsgi_request))
    assert "وكالة مغلقة" in message.message and "سفن في ميناء عدن" in message.message
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_the_library_form_reads_iptc_and_xmp_rights_of_an_upload_and_strips_the_rest(editor):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    xmp = rights_xmp(creator="خالد عبدالله", credit="رويترز", copyright_notice="© Reuters 2026")
    Image.new("RGB", (50, 40), "teal").save(buffer, "JPEG", xmp=xmp)
    upload = SimpleUploadedFile("r.jpg", buffer.getvalue(), content_type="image/jpeg")
    data = {"file": upload, "alt": "وزير", "caption": "", "credit": "", "creator": "", "copyright_notice": "",
            "focal_x": "0.3", "focal_y": "0.2", "keywords": "", "licence": "", "licence_url": "",
            "acquire_licence_url": "", "usage_terms": "", "source": "", "credit_translated": ""}
    response = logged_in(editor).post(reverse("admin:articles_picture_add") + "?language=ar", data)
    assert response.status_code == 302, response.content
    picture = Picture.objects.get()
    assert (picture.creator, picture.credit, picture.copyright_notice) == ("خالد عبدالله", "رويترز", "© Reuters 2026")
    assert (picture.focal_x, picture.focal_y) == (0.3, 0.2)
    with picture.file.open("rb") as stored, Image.open(stored) as image:
        assert "xmp" not in image.info and not image.getexif()
    # The change page offers the focal-point picker through a static script.
    page = logged_in(editor).get(reverse("admin:articles_picture_change", args=[picture.pk])).text
    assert "data-focal-image" in page and "khabar/focal-point.js" in page



def test_a_writer_cannot_change_a_library_credit_through_a_story(editor, writer):
    article = upload_through_story(editor, make_article(title="الميناء", author=writer))
    response = logged_in(writer).post(change_url(article, "ar"), form_data(article, lead_image_credit="غيري"))
    assert response.status_code == 302, response.content
    assert Article.objects.get(pk=article.pk).lead_image_credit == "وكالة سبأ"
    assert Picture.objects.get().credit == "وكالة سبأ"
