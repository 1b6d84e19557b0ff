"""What an uploaded file really is, decided from its bytes, never from its name or client type.

Accepted: raster images (by Pillow), PDF (`%PDF-`), OOXML (docx/xlsx/pptx: a zip with
`[Content_Types].xml` and `word/`, `xl/` or `ppt/`), ODF (odt/ods/odp: the zip's `mimetype`
entry), MP4 (an `ftyp` box with a known brand) and WebM (EBML with the `webm` doctype).
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from townhall.uploads import images
from townhall.uploads.models import UploadKind, UploadRole

HEAD_BYTES = 4096
ZIP_MAX_ENTRIES = 5000
# A real office file decompresses to a few times its size; a bomb to thousands of times.
ZIP_MAX_RATIO = 200
ZIP_RATIO_FLOOR = 10 * 1024 * 1024  # small files may compress well without being bombs
ODF_TYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
OOXML_TYPES = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
}
# ISO base media brands browsers play as MP4 (QuickTime's "qt  " is not one of them).
MP4_BRANDS = {
    b"isom",
    b"iso2",
    b"iso3",
    b"iso4",
    b"iso5",
    b"iso6",
    b"mp41",
    b"mp42",
    b"avc1",
    b"dash",
    b"M4V ",
    b"mmp4",
    b"MSNV",
}
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
EBML_DOCTYPE_ID = b"\x42\x82"
MAX_NAME = 120


@dataclass(frozen=True)
class Sniffed:
    kind: str  # an UploadKind
    content_type: str
    extension: str  # for the display name: always the real type's, never the client's


def _refused() -> ValidationError:
    return ValidationError(
        _(
            "This kind of file is not accepted. Upload a JPEG, PNG, WebP or GIF image, a PDF, "
            "a Word, Excel or PowerPoint file, an OpenDocument file, or an MP4 or WebM video."
        ),
        code="type",
    )


def _too_large(limit: int) -> ValidationError:
    return ValidationError(
        _("This file is too large (maximum %(size)s MB).") % {"size": limit // (1024 * 1024)},
        code="size",
    )


def limit_for(kind: str) -> int:
    """The size cap for a kind of content (settings: UPLOAD_MAX_*_BYTES)."""
    if kind == UploadKind.IMAGE:
        return int(settings.UPLOAD_MAX_IMAGE_BYTES)
    if kind == UploadKind.VIDEO:
        return int(settings.UPLOAD_MAX_VIDEO_BYTES)
    return int(settings.UPLOAD_MAX_FILE_BYTES)


def _largest_limit() -> int:
    return max(limit_for(kind) for kind in UploadKind.values)


def _size_of(file: IO[bytes]) -> int:
    size = getattr(file, "size", None)
    if isinstance(size, int):
        return size
    file.seek(0, io.SEEK_END)
    end = file.tell()
    file.seek(0)
    return end


def _zip(file: IO[bytes], size: int) -> Sniffed:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            if len(entries) > ZIP_MAX_ENTRIES:
                raise _refused()
            unpacked = sum(entry.file_size for entry in entries)
            if unpacked > ZIP_RATIO_FLOOR and unpacked > size * ZIP_MAX_RATIO:
                raise _refused()
            names = {entry.filename for entry in entries}
            if "mimetype" in names:
                with archive.open("mimetype") as handle:
                    declared = handle.read(100).decode("ascii", "replace").strip()
                if declared in ODF_TYPES:
                    return Sniffed(UploadKind.FILE, declared, ODF_TYPES[declared])
                raise _refused()
            if "[Content_Types].xml" in names:
                if any(name.lower().endswith("vbaproject.bin") for name in names):
                    raise ValidationError(
                        _("Office files with macros are not accepted."), code="macros"
                    )
                for prefix, (content_type, extension) in OOXML_TYPES.items():
                    if any(name.startswith(prefix) for name in names):
                        return Sniffed(UploadKind.FILE, content_type, extension)
    except ValidationError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged zip can fail in many ways; all are "refused"
        raise _refused() from exc
    raise _refused()


def _mp4(head: bytes) -> Sniffed:
    box_size = int.from_bytes(head[:4], "big")
    if box_size < 16 or box_size > len(head):
        raise _refused()
    brands = {head[8:12]} | {head[i : i + 4] for i in range(16, box_size - 3, 4)}
    if not brands & MP4_BRANDS:
        raise _refused()
    return Sniffed(UploadKind.VIDEO, "video/mp4", "mp4")


def _vint(data: bytes, at: int, *, keep_marker: bool) -> tuple[int, int]:
    """An EBML variable-length integer at `at`: (value, length in bytes)."""
    if at >= len(data) or data[at] == 0:
        raise _refused()
    first = data[at]
    length = 8 - first.bit_length() + 1
    if at + length > len(data):
        raise _refused()
    value = first if keep_marker else first & ((1 << (8 - length)) - 1)
    for byte in data[at + 1 : at + length]:
        value = (value << 8) | byte
    return value, length


def _webm(head: bytes) -> Sniffed:
    header_size, length = _vint(head, 4, keep_marker=False)
    at, end = 4 + length, 4 + length + header_size
    if end > len(head):
        raise _refused()
    while at < end:
        element, id_length = _vint(head, at, keep_marker=True)
        size, size_length = _vint(head, at + id_length, keep_marker=False)
        start = at + id_length + size_length
        if element == int.from_bytes(EBML_DOCTYPE_ID, "big"):
            if head[start : start + size].rstrip(b"\x00") == b"webm":
                return Sniffed(UploadKind.VIDEO, "video/webm", "webm")
            raise _refused()
        at = start + size
    raise _refused()


def sniff(file: IO[bytes]) -> Sniffed:
    """Decide the type from the content, or refuse with a translated ValidationError."""
    size = _size_of(file)
    if size > _largest_limit():
        raise _too_large(_largest_limit())
    if size == 0:
        raise ValidationError(_("The submitted file is empty."), code="empty")
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        sniffed = Sniffed(UploadKind.FILE, "application/pdf", "pdf")
    elif head.startswith(b"PK\x03\x04"):
        sniffed = _zip(file, size)
    elif head[4:8] == b"ftyp":
        sniffed = _mp4(head)
    elif head.startswith(EBML_MAGIC):
        sniffed = _webm(head)
    else:
        if size > limit_for(UploadKind.IMAGE):
            # Too big to decode: say "too large" only when the header really is an image's.
            raise (
                _too_large(limit_for(UploadKind.IMAGE))
                if images.looks_like_image(file)
                else _refused()
            )
        try:
            images.open_validated(file.read()).close()
        except ValidationError as exc:
            raise _refused() from exc
        finally:
            file.seek(0)
        sniffed = Sniffed(UploadKind.IMAGE, "image/webp", "webp")
    if size > limit_for(sniffed.kind):
        raise _too_large(limit_for(sniffed.kind))
    return sniffed


ROLE_KINDS = {
    UploadRole.ATTACHMENT: {UploadKind.IMAGE, UploadKind.FILE},
    UploadRole.COVER: {UploadKind.IMAGE},
    UploadRole.POSTER: {UploadKind.IMAGE},
    UploadRole.VIDEO: {UploadKind.VIDEO},
}


def check_fits(kind: str, role: str) -> None:
    """Refuse content that cannot play this part in a post (a video as a cover, ...)."""
    if kind in ROLE_KINDS.get(UploadRole(role), set()):
        return
    messages: dict[str, Any] = {
        UploadRole.ATTACHMENT: _("Videos go in a video post, not in the attachments."),
        UploadRole.COVER: _("The cover must be a JPEG, PNG, WebP or GIF image."),
        UploadRole.POSTER: _("The poster must be a JPEG, PNG, WebP or GIF image."),
        UploadRole.VIDEO: _("Upload the video as an MP4 or WebM file."),
    }
    raise ValidationError(messages[role], code="role")


def safe_name(raw: str) -> str:
    """A file name fit to show: no path, no control, bidi or zero-width characters."""
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    # Categories C* are control, format (RTL overrides, zero-width), private and unassigned.
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    return " ".join(name.split()).strip(" .")[: MAX_NAME + 20]


def display_name(raw: str, extension: str) -> str:
    """The name to show and offer for download, with the extension of the real type."""
    name = safe_name(raw)
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem.strip(" .")[:MAX_NAME] or _("file")
    return f"{stem}.{extension}"


def too_many_files(limit: int) -> str:
    return _("Attach at most %(count)s files.") % {"count": limit}
