"""Image uploads: validated by content, size-capped, EXIF stripped, re-encoded to fixed sizes."""

from __future__ import annotations

import io
import secrets
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
# Square crops for avatars: small for lists, medium for cards, large for the profile page.
AVATAR_SIZES = {"small": 64, "medium": 160, "large": 400}
MAX_PIXELS = 40_000_000
# How Pillow fails on damaged or hostile input (found by fuzzing: a truncated PNG header is a
# ValueError, odd chunk tables raise struct.error or IndexError).
DAMAGED = (
    UnidentifiedImageError,
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    IndexError,
    struct.error,
    Image.DecompressionBombError,
)


@dataclass(frozen=True)
class StoredImage:
    key: str  # folder under MEDIA_ROOT holding one .webp per size


def open_validated(data: bytes) -> Image.Image:
    """Open image bytes, refusing anything that is not a real raster image we accept."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        if image.format not in ALLOWED_FORMATS:
            raise ValidationError(_("Upload a JPEG, PNG, WebP or GIF image."), code="format")
        if image.width * image.height > MAX_PIXELS:
            raise ValidationError(_("This image has too many pixels."), code="pixels")
        image.load()
    except DAMAGED as exc:
        raise ValidationError(
            _("This file is not an image we can read. Upload a JPEG, PNG, WebP or GIF image."),
            code="invalid",
        ) from exc
    return image


def looks_like_image(file: IO[bytes]) -> bool:
    """Whether a file's header is one of our image formats (without decoding the pixels)."""
    file.seek(0)
    try:
        with Image.open(file) as probe:
            return probe.format in ALLOWED_FORMATS
    except DAMAGED:
        return False
    finally:
        file.seek(0)


def read_upload(upload: UploadedFile[bytes]) -> bytes:
    """Read an uploaded file, refusing it when it is larger than the configured cap."""
    limit = settings.UPLOAD_MAX_IMAGE_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The image is too large (maximum %(size)s MB).") % {"size": limit // (1024 * 1024)},
            code="size",
        )
    data: bytes = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            _("The image is too large (maximum %(size)s MB).") % {"size": limit // (1024 * 1024)},
            code="size",
        )
    return data


def store_avatar(data: bytes) -> StoredImage:
    """Validate image bytes and write square WebP renditions; metadata never survives."""
    image = open_validated(data)
    image = ImageOps.exif_transpose(image)  # honour camera rotation before dropping EXIF
    image = image.convert("RGB")
    key = f"photos/{secrets.token_hex(16)}"
    folder = Path(settings.MEDIA_ROOT) / key
    folder.mkdir(parents=True, exist_ok=True)
    for name, side in AVATAR_SIZES.items():
        rendition = ImageOps.fit(image, (side, side), Image.Resampling.LANCZOS)
        # A fresh image from pixel data carries no EXIF, ICC or XMP of the original.
        clean = Image.new("RGB", rendition.size)
        clean.paste(rendition)
        clean.save(folder / f"{name}.webp", "WEBP", quality=85)
    return StoredImage(key=key)


# Post pictures (attachments, covers, posters): the whole picture, and a thumbnail for cards.
PICTURE_SIDE = 2048
THUMBNAIL_SIDE = 640


def _clean_copy(image: Image.Image) -> Image.Image:
    """A fresh image from pixel data only: no EXIF, GPS, ICC or XMP of the original."""
    mode = "RGBA" if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info else "RGB"
    pixels = image.convert(mode)
    clean = Image.new(mode, pixels.size)
    clean.paste(pixels)
    return clean


def store_picture(data: bytes, folder: Path) -> tuple[int, int]:
    """Validate image bytes; write `file` and `thumb` as WebP into folder. Returns (w, h)."""
    image = open_validated(data)
    image = ImageOps.exif_transpose(image)  # honour camera rotation before dropping EXIF
    picture = _clean_copy(image)
    picture.thumbnail((PICTURE_SIDE, PICTURE_SIDE), Image.Resampling.LANCZOS)
    picture.save(folder / "file", "WEBP", quality=85)
    thumb = picture.copy()
    thumb.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    thumb.save(folder / "thumb", "WEBP", quality=80)
    return picture.size
