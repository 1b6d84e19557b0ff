"""Serving uploaded media: never as executable content in the site's origin."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from django.conf import settings
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_safe

from townhall.uploads import selectors, services
from townhall.uploads.models import UploadKind

SERVABLE_TYPES = {".webp": "image/webp", ".png": "image/png", ".jpg": "image/jpeg"}
# Profile photos only: post files live beside them but are served by serve_upload alone.
PUBLIC_FOLDERS = ("photos",)
SANDBOX = "default-src 'none'; sandbox"
RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


@require_GET
def serve_media(request: HttpRequest, path: str) -> FileResponse:
    """Serve a stored rendition to signed-in people with nosniff and an inline disposition."""
    root = Path(settings.MEDIA_ROOT).resolve()
    target = (root / path).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        raise Http404
    if target.relative_to(root).parts[0] not in PUBLIC_FOLDERS:
        raise Http404
    content_type = SERVABLE_TYPES.get(target.suffix.lower())
    if content_type is None:
        raise Http404
    response = FileResponse(target.open("rb"), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{target.name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    response["Cache-Control"] = "private, max-age=86400"
    return response


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The (first, last) byte of a single `Range: bytes=` request; None means send it all.

    Raises ValueError when the range cannot be satisfied (answered with 416).
    """
    match = RANGE_RE.match(header.strip())
    if match is None or size == 0:
        return None  # absent, malformed or multiple ranges: the whole file is a valid answer
    first, last = match.groups()
    if not first:
        if not last or int(last) == 0:
            raise ValueError(header)
        return max(0, size - int(last)), size - 1
    start = int(first)
    end = size - 1 if not last else min(int(last), size - 1)
    if last and int(last) < start:
        return None
    if start >= size:
        raise ValueError(header)
    return start, end


def _read(handle: IO[bytes], start: int, length: int) -> Iterator[bytes]:
    try:
        handle.seek(start)
        while length > 0:
            chunk = handle.read(min(CHUNK, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk
    finally:
        handle.close()


def _protect(response: HttpResponseBase, *, attachment: bool, filename: str) -> HttpResponseBase:
    response["Content-Disposition"] = content_disposition_header(attachment, filename) or ""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    response["Cache-Control"] = "private, max-age=3600"
    response["Accept-Ranges"] = "bytes"
    return response


@require_safe
def serve_upload(request: HttpRequest, pk: int, variant: str = "file") -> HttpResponseBase:
    """A post's file for someone who may see the post (or its uploader, before it is attached).

    Images and video inline, documents as downloads; single byte ranges for seeking in video.
    """
    upload = selectors.access_upload(request.user, pk)  # type: ignore[arg-type]
    if variant == "thumb" and upload.kind != UploadKind.IMAGE:
        raise Http404
    path = services.folder_of(upload) / variant
    if not path.is_file():
        raise Http404
    content_type = "image/webp" if variant == "thumb" else upload.content_type
    attachment = upload.kind == UploadKind.FILE
    size = path.stat().st_size
    try:
        wanted = byte_range(request.headers.get("Range", ""), size)
    except ValueError:
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        return _protect(refused, attachment=attachment, filename=upload.name)
    handle = path.open("rb")
    response: HttpResponseBase
    if wanted is None:
        response = FileResponse(handle, content_type=content_type)
    else:
        start, end = wanted
        response = StreamingHttpResponse(
            _read(handle, start, end - start + 1), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    return _protect(response, attachment=attachment, filename=upload.name)


__all__ = ["serve_media", "serve_upload"]
