"""The uploads part of the REST API: store a file now, attach it to a post afterwards."""

from __future__ import annotations

from typing import cast

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status, UploadedFile
from ninja.params.functions import File as FileParam

from townhall.people.models import Person
from townhall.people.schemas import error_responses
from townhall.uploads import services
from townhall.uploads.schemas import UploadOut

router = Router(tags=["uploads"])


@router.post(
    "/uploads",
    response={201: UploadOut, **error_responses(401, 403, 429, 422)},
    summary="Upload an image, PDF, office file or video to attach to a post",
    description="Multipart with one `file`. The type is decided from the content (JPEG, PNG, "
    "WebP, GIF, PDF, docx/xlsx/pptx, odt/ods/odp, MP4, WebM); anything else is refused. "
    "Attach it with `attachment_ids`, `cover_id`, `video_id` or `poster_id` when creating or "
    "editing a post; uploads not attached within 24 hours are deleted.",
)
def upload(
    request: HttpRequest,
    # Optional in the signature so that a missing file is reported on `file`, like a bad one.
    file: UploadedFile | None = FileParam(None, description="The file; required"),  # noqa: B008
) -> Status[UploadOut]:
    uploader = cast(Person, request.auth)  # type: ignore[attr-defined]
    if file is None:
        raise ValidationError({"file": _("This field is required.")})
    try:
        stored = services.store_upload(uploader=uploader, file=file)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    return Status(201, UploadOut.of(stored))
