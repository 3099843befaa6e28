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
