"""A story's search-and-share fields, its share image and the translated credit, as stored."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Article, Tag
from sources.text import clean_text
from tests.dirty_text import balanced, dirty, has_controls
from tests.factories import image_upload, make_article

pytestmark = pytest.mark.django_db


def test_the_new_plain_fields_are_cleaned_on_save():
    article = make_article(en={"title": "Headline", "lead_image_credit_translated": dirty("AFP")})
    article.set_current_language("ar")
    article.seo_title = dirty("عنوان البحث")
    article.seo_description = dirty("وصف\nالبحث")
    article.save()
    stored = Article._parler_meta.root_model.objects.get(master_id=article.pk, language_code="ar")
    for value in (stored.seo_title, stored.seo_description):
        assert not has_controls(value) and balanced(value) and "\n" not in value
    assert stored.seo_title == clean_text(dirty("عنوان البحث"))
    english = Article._parler_meta.root_model.objects.get(master_id=article.pk, language_code="en")
    assert english.lead_image_credit_translated == clean_text(dirty("AFP"))


def test_a_tag_translation_is_cleaned_and_falls_back_to_the_name_as_written():
    make_article(tags=["سوريا"])
    tag = Tag.objects.get(name="سوريا")
    assert tag.display_name("en") == "سوريا"
    tag.set_current_language("en")
    tag.translated_name = dirty("Syria")
    tag.save()
    assert Tag.objects.get(pk=tag.pk).display_name("en") == clean_text(dirty("Syria"))


def _jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif.get_ifd(0x8825).update({1: "N", 2: (15.0, 21.0, 0.0), 3: "E", 4: (44.0, 12.0, 0.0)})
    buffer = io.BytesIO()
    Image.new("RGB", (90, 60), (10, 120, 200)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def test_the_share_image_loses_its_metadata_and_keeps_its_size():
    article = make_article(share_image=SimpleUploadedFile("card.jpg", _jpeg_with_gps(), content_type="image/jpeg"))
    article = Article.objects.get(pk=article.pk)
    assert (article.share_image_width, article.share_image_height) == (90, 60)
    with article.share_image.open("rb") as handle, Image.open(handle) as image:
        assert not image.getexif()


def test_a_share_image_that_is_not_a_picture_does_not_validate_but_a_stored_one_is_not_read_again():
    article = make_article(share_image=image_upload("card.png", size=(50, 40)))
    article = Article.objects.get(pk=article.pk)
    article.full_clean()  # the stored picture is not opened again
    article.share_image = SimpleUploadedFile("card.png", b"GIF89a broken", content_type="image/png")
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "share_image" in error.value.message_dict
