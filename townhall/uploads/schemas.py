"""Output shape of an uploaded file in the API."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field

from townhall.uploads.models import Upload


class UploadOut(Schema):
    id: int
    kind: str = Field(description="image, file (PDF and office documents) or video")
    name: str = Field(description="Sanitised display name; the extension is the real type's")
    size: int = Field(description="Bytes as stored (images are re-encoded as WebP)")
    content_type: str
    url: str = Field(description="Served only to people who may see the post")
    thumbnail_url: str | None = Field(description="Images only")
    width: int | None
    height: int | None

    @staticmethod
    def of(upload: Upload) -> UploadOut:
        return UploadOut(
            id=upload.pk,
            kind=upload.kind,
            name=upload.name,
            size=upload.size,
            content_type=upload.content_type,
            url=upload.url,
            thumbnail_url=upload.thumbnail_url,
            width=upload.width,
            height=upload.height,
        )
