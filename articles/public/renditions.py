"""Resized copies of pictures, made with Pillow and kept beside the originals.

Each image gets a few widths (``IMAGE_RENDITION_WIDTHS``, never wider than the original) in
AVIF, WebP and JPEG. WebP and JPEG are made on first use if they are missing (a page never
waits for the queue and never breaks); AVIF, slow to encode, only by the background task
(``articles.public.tasks``), and pages offer it once it exists. Cards show pictures cropped to
their shape (``CARD_RATIO``) around the picture's focal point. Files are named after the
original, the crop and its focal point, and the width, so a new picture or a moved focal point
gets new files. The credit, creator and copyright are written into each rendition as XMP.
"""

import io
import posixpath
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

FORMATS = {"avif": ("AVIF", "image/avif"), "webp": ("WEBP", "image/webp"), "jpg": ("JPEG", "image/jpeg")}
ON_DEMAND = ("webp", "jpg")
# The shape story cards show their picture in (site.css: .card__image img { aspect-ratio: 16 / 10 }).
CARD_RATIO = (16, 10)
# Every crop the templates use: the whole picture, and the cards' shape.
CROPS: tuple[tuple[int, int] | None, ...] = (None, CARD_RATIO)


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
    avif: list[Rendition] = field(default_factory=list)

    @property
    def fallback(self) -> Rendition:
        return self.jpeg[-1]

    @staticmethod
    def srcset(renditions: list[Rendition]) -> str:
        return ", ".join(f"{r.url} {r.width}w" for r in renditions)


@dataclass(frozen=True)
class Shape:
    """What a rendition is cut to: the whole picture, or ``ratio`` around the focal point."""

    ratio: tuple[int, int] | None = None
    focal: tuple[float, float] = (0.5, 0.5)

    def box(self, width: int, height: int) -> tuple[int, int, int, int]:
        """The part of a ``width``×``height`` picture this shape keeps, as (left, top, right, bottom)."""
        if self.ratio is None:
            return 0, 0, width, height
        rw, rh = self.ratio
        if width * rh > height * rw:  # wider than the shape: keep the height, cut the sides
            cut_w, cut_h = max(1, round(height * rw / rh)), height
        else:
            cut_w, cut_h = width, max(1, round(width * rh / rw))
        left = min(max(round(self.focal[0] * width - cut_w / 2), 0), width - cut_w)
        top = min(max(round(self.focal[1] * height - cut_h / 2), 0), height - cut_h)
        return left, top, left + cut_w, top + cut_h

    def tag(self) -> str:
        if self.ratio is None:
            return ""
        return f"-{self.ratio[0]}x{self.ratio[1]}-f{round(self.focal[0] * 100):02d}{round(self.focal[1] * 100):02d}"


def _widths(original_width: int) -> list[int]:
    """The configured widths narrower than the original, plus the original's own when it is not wider."""
    widths = sorted(w for w in settings.IMAGE_RENDITION_WIDTHS if w < original_width)
    largest = max(settings.IMAGE_RENDITION_WIDTHS)
    return widths if original_width > largest else [*widths, original_width]


def _rendition_name(name: str, width: int, ext: str, shape: Shape = Shape()) -> str:  # noqa: B008 - frozen
    stem, _ext = posixpath.splitext(name)
    return f"renditions/{stem}{shape.tag()}-{width}w.{ext}"


def _make(image: Image.Image, width: int, pil_format: str, xmp: bytes = b"") -> bytes:
    height = max(1, round(image.height * width / image.width))
    resized = image.resize((width, height), Image.Resampling.LANCZOS) if width != image.width else image
    buffer = io.BytesIO()
    extra = {"xmp": xmp} if xmp else {}
    if pil_format == "JPEG":
        resized.convert("RGB").save(buffer, "JPEG", quality=82, optimize=True, progressive=True, **extra)
    elif pil_format == "AVIF":
        resized.save(buffer, "AVIF", quality=60, speed=6, **extra)
    else:
        resized.save(buffer, "WEBP", quality=80, method=4, **extra)
    return buffer.getvalue()


def make_renditions(name: str, width: int, height: int, shape: Shape, formats, xmp: bytes = b"") -> bool:
    """Write the missing renditions of stored image ``name`` in ``formats``; False if it cannot be read."""
    missing = [(w, ext) for w in _widths(_cut_size(width, height, shape)[0]) for ext in formats
               if not default_storage.exists(_rendition_name(name, w, ext, shape))]
    if not missing:
        return True
    try:
        with default_storage.open(name, "rb") as handle, Image.open(handle) as opened:
            image = ImageOps.exif_transpose(opened)
            image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
            image = image.crop(shape.box(image.width, image.height))
            for w, ext in missing:
                default_storage.save(_rendition_name(name, w, ext, shape), ContentFile(_make(image, w, FORMATS[ext][0], xmp)))
    except (OSError, ValueError):
        return False
    return True


def _cut_size(width: int, height: int, shape: Shape) -> tuple[int, int]:
    left, top, right, bottom = shape.box(width, height)
    return right - left, bottom - top


def renditions_for(field_file, width: int | None, height: int | None, *, shape: Shape = Shape(), xmp: bytes = b"") -> RenditionSet | None:  # noqa: B008
    """The renditions of a stored image, making missing WebP and JPEG ones; None if it cannot be read.

    AVIF is listed only once the background task has made every width of it.
    """
    if not field_file or not width or not height:
        return None
    if not make_renditions(field_file.name, width, height, shape, ON_DEMAND, xmp):
        return None
    cut_w, cut_h = _cut_size(width, height, shape)

    def build(ext: str) -> list[Rendition]:
        return [
            Rendition(
                url=default_storage.url(_rendition_name(field_file.name, w, ext, shape)),
                width=w,
                height=max(1, round(cut_h * w / cut_w)),
            )
            for w in _widths(cut_w)
        ]

    avif_ready = all(default_storage.exists(_rendition_name(field_file.name, w, "avif", shape)) for w in _widths(cut_w))
    return RenditionSet(webp=build("webp"), jpeg=build("jpg"), width=cut_w, height=cut_h, avif=build("avif") if avif_ready else [])
