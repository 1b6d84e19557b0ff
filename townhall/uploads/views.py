"""Serving uploaded media: never as executable content in the site's origin."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

SERVABLE_TYPES = {".webp": "image/webp", ".png": "image/png", ".jpg": "image/jpeg"}


@require_GET
def serve_media(request: HttpRequest, path: str) -> FileResponse:
    """Serve a stored rendition to signed-in people with nosniff and an inline disposition."""
    root = Path(settings.MEDIA_ROOT).resolve()
    target = (root / path).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        raise Http404
    content_type = SERVABLE_TYPES.get(target.suffix.lower())
    if content_type is None:
        raise Http404
    response = FileResponse(target.open("rb"), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{target.name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=86400"
    return response


__all__ = ["serve_media"]
