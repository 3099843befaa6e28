"""Uploaded images are judged by their content: real, allowed, bounded; bombs refused."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sources.images import validate_image_file
from tests.factories import image_bytes, image_upload, make_article


def _png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width×height pixels: the shape of a decompression bomb."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


def _message(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_valid_png_and_jpeg_pass():
    validate_image_file(image_upload())
    validate_image_file(image_upload("photo.jpg", "JPEG"))


def test_text_file_named_jpg_is_refused():
    upload = SimpleUploadedFile("photo.jpg", "هذا ليس صورة".encode(), content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        validate_image_file(upload)
    assert error.value.code == "not_an_image"


def test_decompression_bomb_is_refused_with_clear_message():
    upload = SimpleUploadedFile("bomb.png", _png_header_only(100_000, 100_000), content_type="image/png")
    with pytest.raises(ValidationError) as error:
        validate_image_file(upload)
    assert error.value.code == "image_bomb"
    assert "قنبلة" in _message(error.value) or "bomb" in _message(error.value)


def test_image_over_pixel_limit_is_refused(settings):
    settings.IMAGE_MAX_PIXELS = 1000
    with pytest.raises(ValidationError) as error:
        validate_image_file(image_upload(size=(50, 50)))
    assert error.value.code == "image_pixels"


def test_image_over_byte_limit_is_refused(settings):
    settings.IMAGE_MAX_BYTES = 100
    with pytest.raises(ValidationError) as error:
        validate_image_file(image_upload(size=(200, 200)))
    assert error.value.code == "image_too_large"


def test_disallowed_format_is_refused():
    buffer = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (10, 10)).save(buffer, format="BMP")
    with pytest.raises(ValidationError) as error:
        validate_image_file(SimpleUploadedFile("x.bmp", buffer.getvalue()))
    assert error.value.code == "image_format"


def test_truncated_image_is_refused():
    data = image_bytes("JPEG", (300, 300))[:200]
    with pytest.raises(ValidationError):
        validate_image_file(SimpleUploadedFile("cut.jpg", data))


@pytest.mark.django_db
def test_admin_upload_of_non_image_keeps_the_form_and_saves_nothing(admin_client):
    article = make_article(title="خبر قائم")
    url = reverse("admin:articles_article_change", args=[article.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields if name not in {"lead_image", "cited_sources", "tags"}}
    data.update({"title": "عنوان معدّل", "lead_image": SimpleUploadedFile("x.png", b"not an image")})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["lead_image"]
    article.refresh_from_db()
    assert article.safe_translation_getter("title", language_code="ar") == "خبر قائم"
    assert not article.lead_image


def _jpeg_with_gps_and_orientation(size=(60, 20), orientation=6) -> bytes:
    """A JPEG as a phone writes it: camera, GPS position and "rotate 90° clockwise to view"."""
    from PIL import Image

    image = Image.new("RGB", size, (250, 250, 250))
    image.paste((200, 0, 0), (0, 0, 10, 10))  # a red mark in the top-left corner of the sensor
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (15.0, 21.0, 0.0), 3: "E", 4: (44.0, 12.0, 0.0)})  # Sana'a
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif, quality=95)
    return buffer.getvalue()


def test_strip_image_metadata_removes_gps_and_applies_orientation():
    from PIL import Image

    from sources.images import strip_image_metadata

    original = _jpeg_with_gps_and_orientation()
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif().get_ifd(0x8825)  # the GPS block is there to begin with
    cleaned = strip_image_metadata(SimpleUploadedFile("phone.jpg", original)).read()
    with Image.open(io.BytesIO(cleaned)) as after:
        assert after.format == "JPEG"
        assert "exif" not in after.info and not after.getexif()
        assert after.size == (20, 60)  # turned upright: width and height swapped
        red, green, _blue = after.convert("RGB").getpixel((17, 2))
        assert red > 150 and green < 80  # the top-left mark is now in the top-right corner


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_strip_image_metadata_removes_exif_from_png_and_webp(fmt):
    from PIL import Image

    from sources.images import strip_image_metadata

    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825).update({1: "N", 2: (15.0, 21.0, 0.0)})
    buffer = io.BytesIO()
    Image.new("RGB", (12, 8), (10, 20, 30)).save(buffer, format=fmt, exif=exif)
    with Image.open(io.BytesIO(buffer.getvalue())) as before:
        assert "exif" in before.info
    cleaned = strip_image_metadata(SimpleUploadedFile(f"x.{fmt.lower()}", buffer.getvalue())).read()
    with Image.open(io.BytesIO(cleaned)) as after:
        assert after.format == fmt and after.size == (12, 8)
        assert "exif" not in after.info


@pytest.mark.django_db
def test_article_lead_image_is_stored_without_gps_and_upright():
    from PIL import Image

    article = make_article(lead_image=SimpleUploadedFile("phone.jpg", _jpeg_with_gps_and_orientation()))
    article.refresh_from_db()
    assert (article.lead_image_width, article.lead_image_height) == (20, 60)
    with article.lead_image.open("rb") as stored, Image.open(stored) as image:
        assert image.size == (20, 60)
        assert not image.getexif() and b"PhoneMaker" not in stored.read()
    # Saving again leaves the stored file alone.
    name = article.lead_image.name
    article.save()
    assert article.lead_image.name == name


@pytest.mark.django_db
def test_source_logo_uploaded_in_admin_is_stored_without_gps(admin_client):
    from PIL import Image

    from sources.models import Source

    response = admin_client.post(
        reverse("admin:sources_source_add"),
        {
            "kind": "agency", "name": "وكالة الاختبار", "slug": "", "homepage_url": "", "country": "",
            "logo": SimpleUploadedFile("logo.jpg", _jpeg_with_gps_and_orientation(), content_type="image/jpeg"),
            "is_active": "on", "terms_basis": "none", "terms_edits": "as_is", "search_policy": "canonical_original",
            "terms_notes": "", "terms_expire_at_0": "", "terms_expire_at_1": "", "disclaimer_template": "",
            "aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0", "aliases-MIN_NUM_FORMS": "0",
            "aliases-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    source = Source.objects.get()
    with source.logo.open("rb") as stored, Image.open(stored) as image:
        assert image.size == (20, 60)
        assert not image.getexif().get_ifd(0x8825)
        assert not image.getexif()


@pytest.mark.django_db
def test_a_stored_image_is_not_read_again_by_the_validator():
    """Validation is for new uploads: a story whose stored picture is missing from storage still validates."""
    from tests.factories import image_upload, make_article

    article = make_article()
    article.lead_image = image_upload()
    article.save()
    article.lead_image.storage.delete(article.lead_image.name)
    validate_image_file(article.lead_image)


@pytest.mark.django_db
def test_migration_fills_missing_lead_image_dimensions():
    import importlib

    from django.apps import apps

    from articles.models import Article
    from tests.factories import image_upload, make_article

    with_size, gone = make_article(), make_article()
    for article in (with_size, gone):
        article.lead_image = image_upload(size=(48, 32))
        article.save()
    gone.lead_image.storage.delete(gone.lead_image.name)
    Article.objects.update(lead_image_width=None, lead_image_height=None)

    migration = importlib.import_module("articles.migrations.0006_fill_lead_image_dimensions")
    migration.fill_lead_image_dimensions(apps, None)

    sizes = dict(Article.objects.values_list("pk", "lead_image_width"))
    assert sizes == {with_size.pk: 48, gone.pk: None}
    assert Article.objects.get(pk=with_size.pk).lead_image_height == 32
