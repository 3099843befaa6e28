"""Uploaded image checks, shared by source logos and article lead images.

The file's content decides, never its name: it must open in Pillow as one of the
allowed formats, stay under the byte and pixel limits, and not be a decompression bomb.
"""

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError


def validate_image_file(file) -> None:
    """Raise ValidationError with a clear message unless ``file`` is an acceptable image."""
    size = getattr(file, "size", None)
    if size is not None and size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            _("The image is too large (%(size)s). The largest allowed is %(limit)s."),
            code="image_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(settings.IMAGE_MAX_BYTES)},
        )
    position = file.tell() if hasattr(file, "tell") else None
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice that; treat both as a bomb.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format = image.format
                width, height = image.size
                if width * height > settings.IMAGE_MAX_PIXELS:
                    raise _too_many_pixels(width, height)
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("The image declares an enormous size (a decompression bomb) and was refused."),
            code="image_bomb",
        ) from None
    except UnidentifiedImageError:
        raise ValidationError(
            _("The file is not an image, or is damaged. Upload a JPEG, PNG, WebP or GIF picture."),
            code="not_an_image",
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("The image file is damaged and cannot be read. Upload a JPEG, PNG, WebP or GIF picture."),
            code="damaged_image",
        ) from None
    finally:
        if position is not None:
            file.seek(position)
    if image_format not in settings.IMAGE_ALLOWED_FORMATS:
        raise ValidationError(
            _("Images in %(format)s format are not accepted. Upload a JPEG, PNG, WebP or GIF picture."),
            code="image_format",
            params={"format": image_format or "?"},
        )


def _too_many_pixels(width: int, height: int) -> ValidationError:
    return ValidationError(
        _("The image is %(width)s×%(height)s pixels; the largest allowed is %(limit)s million pixels."),
        code="image_pixels",
        params={"width": width, "height": height, "limit": settings.IMAGE_MAX_PIXELS // 1_000_000},
    )
