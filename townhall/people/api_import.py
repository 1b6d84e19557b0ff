"""The org-chart import in the REST API: upload (dry run or apply), read, apply."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status, UploadedFile
from ninja.params.functions import Path
from pydantic import Field

from townhall.people import org_import as imports
from townhall.people import permissions
from townhall.people.models import OrgImport, Person
from townhall.people.schemas import error_responses

router = Router(tags=["org import"])

MAX_ID = 2**63 - 1
# 401/429 from authentication on every call; 403 also for sessions without a CSRF token.
READ = (401, 403, 404, 429)
WRITE = (401, 403, 429)


class ImportErrorOut(Schema):
    row: int | None = Field(None, description="Line in the file (the header is 1)")
    column: str = Field(description="The CSV column, or empty for the whole row")
    message: str


class FieldChangeOut(Schema):
    field: str
    before: str
    after: str


class ChangeOut(Schema):
    row: int
    action: str = Field(description="create_person, update_person, create_unit or set_manager")
    target: str = Field(description="The person's email address or the unit's path")
    fields: list[FieldChangeOut]


class SummaryOut(Schema):
    rows: int = 0
    people_created: int = 0
    people_updated: int = 0
    people_unchanged: int = 0
    units_created: int = 0
    managers_set: int = 0


class ReportOut(Schema):
    errors: list[ImportErrorOut] = Field(default_factory=list)
    summary: SummaryOut = Field(default_factory=SummaryOut)
    changes: list[ChangeOut] = Field(
        default_factory=list, description="The first 500 planned changes"
    )
    changes_total: int = 0


class ImportOut(Schema):
    id: int
    status: str = Field(description="previewed, failed or applied")
    filename: str
    created_at: datetime
    applied_at: datetime | None
    report: ReportOut


class ImportRejectedOut(Schema):
    """Nothing was changed. Bad rows are listed in `report.errors` (with the stored import's
    `id` and `status`); a file that cannot be read at all, or a malformed request, puts its
    messages in `errors` instead."""

    detail: str
    errors: dict[str, list[str]] = Field(default_factory=dict)
    id: int | None = None
    status: str | None = None
    report: ReportOut | None = None


def _forbidden() -> Status[dict[str, Any]]:
    return Status(403, {"detail": _("You are not allowed to do this."), "errors": {}})


def _rejected(org_import: OrgImport) -> Status[dict[str, Any]]:
    return Status(
        422,
        {
            "detail": _("The file has problems; nothing was changed."),
            "id": org_import.pk,
            "status": org_import.status,
            "report": org_import.report,
        },
    )


@router.post(
    "/org-imports",
    response={201: ImportOut, **error_responses(*WRITE), 422: ImportRejectedOut},
    summary="Upload an org-chart CSV: a dry-run preview, or applied at once",
)
def create_import(
    request: HttpRequest, file: File[UploadedFile], dry_run: Form[bool] = True
) -> Status[Any]:
    """Validate the whole file and keep it as an import; with `dry_run=false` also apply it,
    all-or-nothing. Admins only."""
    if not permissions.can_import_org(request.user):
        return _forbidden()
    actor: Person = request.user  # type: ignore[assignment]
    try:
        created = imports.preview_import(
            actor=actor, filename=file.name or "", data=imports.read_upload(file)
        )
    except ValidationError as exc:
        return Status(
            422,
            {
                "detail": _("The file could not be read; nothing was changed."),
                "errors": {"file": exc.messages},
            },
        )
    if created.status == OrgImport.Status.FAILED:
        return _rejected(created)
    if not dry_run:
        created = imports.apply_import(actor=actor, org_import=created)
        if created.status != OrgImport.Status.APPLIED:
            return _rejected(created)
    return Status(201, created)


@router.get(
    "/org-imports/{import_id}",
    response={200: ImportOut, **error_responses(*READ)},
    summary="One org-chart import and its report",
)
def get_import(request: HttpRequest, import_id: int = Path(..., ge=1, le=MAX_ID)) -> Status[Any]:
    try:
        return Status(200, imports.access_import(request.user, import_id))
    except PermissionDenied:
        return _forbidden()


@router.post(
    "/org-imports/{import_id}/apply",
    response={
        200: ImportOut,
        **error_responses(*WRITE, 404, 409),
        422: ImportRejectedOut,
    },
    summary="Apply a previewed org-chart import (re-validated first)",
)
def apply_import(request: HttpRequest, import_id: int = Path(..., ge=1, le=MAX_ID)) -> Status[Any]:
    """409 when the import was already applied or had errors; 422 when the organisation changed
    since the preview so that the file no longer fits (nothing is written then)."""
    try:
        org_import = imports.access_import(request.user, import_id)
    except PermissionDenied:
        return _forbidden()
    try:
        applied = imports.apply_import(
            actor=request.user,  # type: ignore[arg-type]
            org_import=org_import,
        )
    except ValidationError as exc:
        return Status(409, {"detail": " ".join(exc.messages), "errors": {}})
    if applied.status != OrgImport.Status.APPLIED:
        return _rejected(applied)
    return Status(200, applied)
