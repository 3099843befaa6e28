"""Resized copies of lead images, made once with Pillow and kept beside the originals.

Each image gets a few widths (``IMAGE_RENDITION_WIDTHS``, never wider than the original) in
WebP and in JPEG for browsers without WebP. Files are named after the original and the
width, written on first use through the default storage and served from its URL.
"""

import io
import posixpath
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

FORMATS = {"webp": ("WEBP", "image/webp"), "jpg": ("JPEG", "image/jpeg")}


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


@dataclass(frozen=True)
class RenditionSet:
    """The widths of one image in each format, ready for ``srcset``."""

    webp: list[Rendition]
    jpeg: list[Rendition]
    width: int
    height: int

    @property
    def fallback(self) -> Rendition:
        return self.jpeg[-1]

    @staticmethod
    def srcset(renditions: list[Rendition]) -> str:
        return ", ".join(f"{r.url} {r.width}w" for r in renditions)


def _widths(original_width: int) -> list[int]:
    """The configured widths narrower than the original, plus the original's own when it is not wider."""
    widths = sorted(w for w in settings.IMAGE_RENDITION_WIDTHS if w < original_width)
    largest = max(settings.IMAGE_RENDITION_WIDTHS)
    return widths if original_width > largest else [*widths, original_width]


def _rendition_name(name: str, width: int, ext: str) -> str:
    stem, _ext = posixpath.splitext(name)
    return f"renditions/{stem}-{width}w.{ext}"


def _make(image: Image.Image, width: int, pil_format: str) -> bytes:
    height = max(1, round(image.height * width / image.width))
    resized = image.resize((width, height), Image.Resampling.LANCZOS) if width != image.width else image
    buffer = io.BytesIO()
    if pil_format == "JPEG":
        resized.convert("RGB").save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    else:
        resized.save(buffer, "WEBP", quality=80, method=4)
    return buffer.getvalue()


def renditions_for(field_file, width: int | None, height: int | None) -> RenditionSet | None:
    """The renditions of an uploaded image, making any that are missing; None if it cannot be read."""
    if not field_file or not width or not height:
        return None
    plan = [(w, ext) for w in _widths(width) for ext in FORMATS]
    missing = [(w, ext) for w, ext in plan if not default_storage.exists(_rendition_name(field_file.name, w, ext))]
    if missing:
        try:
            with field_file.storage.open(field_file.name, "rb") as handle, Image.open(handle) as opened:
                image = ImageOps.exif_transpose(opened)
                image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
                for w, ext in missing:
                    name = _rendition_name(field_file.name, w, ext)
                    default_storage.save(name, ContentFile(_make(image, w, FORMATS[ext][0])))
        except (OSError, ValueError):
            return None

    def build(ext: str) -> list[Rendition]:
        return [
            Rendition(
                url=default_storage.url(_rendition_name(field_file.name, w, ext)),
                width=w,
                height=max(1, round(height * w / width)),
            )
            for w in _widths(width)
        ]

    return RenditionSet(webp=build("webp"), jpeg=build("jpg"), width=width, height=height)
