"""Uploaded image checks, shared by source logos and article lead images.

The file's content decides, never its name: it must open in Pillow as one of the
allowed formats, stay under the byte and pixel limits, and not be a decompression bomb.
Stored images lose their metadata (EXIF with GPS location, XMP, text chunks) on save, after
their EXIF orientation has been applied.
"""

import html
import io
import re
import warnings
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, IptcImagePlugin, UnidentifiedImageError


def validate_image_file(file) -> None:
    """Raise ValidationError with a clear message unless ``file`` is an acceptable image.

    A file already in storage was checked when it was uploaded and is not read again: saving
    a story with a picture must not reopen (and, through Django's dimension fields, close
    under the validator's feet) a stored image.
    """
    if getattr(file, "_committed", False):
        return
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


# How each allowed format is written back once its metadata is gone.
_SAVE_OPTIONS = {
    "JPEG": {"quality": 90, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 90},
    "GIF": {},
}


def strip_image_metadata(file) -> ContentFile:
    """Return ``file`` re-encoded without its metadata, turned upright as its EXIF orientation says.

    EXIF (camera, time, GPS location), XMP, IPTC and PNG text chunks are dropped: photographs
    must not reveal where a photographer or a source stood. Only the colour profile is kept.
    The content is validated first, so a bomb or a non-image never reaches the encoder.
    """
    validate_image_file(file)
    file.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(file) as image:
            image_format = image.format
            options = dict(_SAVE_OPTIONS[image_format])
            if image.info.get("icc_profile"):
                options["icc_profile"] = image.info["icc_profile"]
            buffer = io.BytesIO()
            if getattr(image, "is_animated", False):
                # Animations keep every frame; GIF and WebP frames carry no orientation tag.
                for key in ("duration", "loop", "transparency", "background"):
                    if key in image.info:
                        options[key] = image.info[key]
                image.save(buffer, format=image_format, save_all=True, **options)
            else:
                upright = ImageOps.exif_transpose(image)
                if image_format == "JPEG" and upright.mode not in {"RGB", "L", "CMYK"}:
                    upright = upright.convert("RGB")
                if image_format == "GIF" and "transparency" in image.info:
                    options["transparency"] = image.info["transparency"]
                upright.save(buffer, format=image_format, **options)
    return ContentFile(buffer.getvalue())


def clean_uploaded_image(instance, field_name: str) -> None:
    """Before ``instance`` is saved, strip the metadata of a newly uploaded image in ``field_name``.

    Files already stored are left alone, so saving a model again never re-encodes (and never
    degrades) its image. Width and height fields are refreshed, since turning swaps them.
    """
    field_file = getattr(instance, field_name)
    if not field_file or getattr(field_file, "_committed", True):
        return
    field_file.file = strip_image_metadata(field_file.file)
    field_file.__dict__.pop("_dimensions_cache", None)
    instance._meta.get_field(field_name).update_dimension_fields(instance, force=True)


# ---- Rights metadata (IPTC IIM and XMP) read from an upload before it is stripped ----

_IPTC = {"creator": (2, 80), "credit": (2, 110), "copyright_notice": (2, 116), "caption": (2, 120)}
_XMP = {
    "creator": r"<dc:creator>.*?<rdf:li[^>]*>(.*?)</rdf:li>",
    "credit": r"photoshop:Credit(?:=\"([^\"]*)\"|>(.*?)</photoshop:Credit>)",
    "copyright_notice": r"<dc:rights>.*?<rdf:li[^>]*>(.*?)</rdf:li>",
    "caption": r"<dc:description>.*?<rdf:li[^>]*>(.*?)</rdf:li>",
    "licence_url": r"xmpRights:WebStatement(?:=\"([^\"]*)\"|>(.*?)</xmpRights:WebStatement>)",
}


def _iptc_text(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else b""
    return value.decode("utf-8", "replace").strip() if isinstance(value, bytes) else ""


def read_rights_metadata(file) -> dict[str, str]:
    """The creator, credit, copyright notice, caption and licence address an upload declares.

    IPTC IIM first, XMP where IPTC says nothing. XMP is matched as text, never parsed as XML
    (no entity is ever expanded). A file that cannot be read declares nothing.
    """
    found: dict[str, str] = {}
    position = file.tell() if hasattr(file, "tell") else None
    try:
        with Image.open(file) as image:
            iptc = IptcImagePlugin.getiptcinfo(image) or {}
            xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""
    except (OSError, SyntaxError, ValueError):
        return found
    finally:
        if position is not None:
            file.seek(position)
    for name, key in _IPTC.items():
        if text := _iptc_text(iptc.get(key)):
            found[name] = text
    xmp_text = xmp.decode("utf-8", "replace") if isinstance(xmp, bytes) else str(xmp)
    for name, pattern in _XMP.items():
        match = re.search(pattern, xmp_text, re.DOTALL)
        if match and name not in found:
            value = html.unescape(next(g for g in match.groups() if g is not None)).strip()
            if value:
                found[name] = value[:300]
    return found


def rights_xmp(*, creator: str = "", credit: str = "", copyright_notice: str = "", licence_url: str = "") -> bytes:
    """A small XMP packet carrying a picture's rights, written into its renditions."""
    items = []
    if creator:
        items.append(f"<dc:creator><rdf:Seq><rdf:li>{escape(creator)}</rdf:li></rdf:Seq></dc:creator>")
    if copyright_notice:
        items.append(f'<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">{escape(copyright_notice)}</rdf:li></rdf:Alt></dc:rights>')
    attributes = ""
    if credit:
        attributes += f" photoshop:Credit={quoteattr(credit)}"
    if licence_url:
        attributes += f" xmpRights:WebStatement={quoteattr(licence_url)}"
    packet = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/"'
        f"{attributes}>{''.join(items)}</rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    return packet.encode("utf-8")
