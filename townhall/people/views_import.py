"""HTTP for the org-chart CSV import (admins): upload, dry-run preview, apply."""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from townhall.people import org_import as imports
from townhall.people import permissions
from townhall.people.forms import ImportForm
from townhall.people.models import OrgImport, Person

FIELD_LABELS = {
    "email": gettext_lazy("Email address"),
    "employee_id": gettext_lazy("Employee id"),
    "first_name": gettext_lazy("First name"),
    "last_name": gettext_lazy("Last name"),
    "job_title": gettext_lazy("Job title"),
    "location": gettext_lazy("Location"),
    "country": gettext_lazy("Country"),
    "languages": gettext_lazy("Languages"),
    "unit": gettext_lazy("Unit"),
    "manager": gettext_lazy("Reports to"),
    "is_leader": gettext_lazy("Leader"),
    "is_community_manager": gettext_lazy("Community manager"),
    "is_admin": gettext_lazy("Admin"),
    "kind": gettext_lazy("Kind"),
}
ACTION_LABELS = {
    "create_person": gettext_lazy("New person"),
    "update_person": gettext_lazy("Updated person"),
    "create_unit": gettext_lazy("New unit"),
    "set_manager": gettext_lazy("Unit manager"),
}


def _labelled(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The stored change list with translated labels for the preview table."""
    return [
        {
            **change,
            "action_label": ACTION_LABELS.get(change["action"], change["action"]),
            "fields": [
                {**f, "label": FIELD_LABELS.get(f["field"], f["field"])} for f in change["fields"]
            ],
        }
        for change in changes
    ]


def _admin(request: HttpRequest) -> Person:
    if not permissions.can_import_org(request.user):
        raise PermissionDenied
    return cast(Person, request.user)


def _page(request: HttpRequest, context: dict[str, Any], *, status: int = 200) -> HttpResponse:
    context.setdefault("form", ImportForm())
    context["imports"] = imports.recent_imports(request.user)
    context["max_size"] = filesizeformat(settings.ORG_IMPORT_MAX_BYTES)
    return render(request, "people/manage/import.html", context, status=status)


def org_import(request: HttpRequest) -> HttpResponse:
    """The upload form, the format help and recent imports; posting makes a dry-run preview."""
    me = _admin(request)
    if request.method != "POST":
        return _page(request, {})
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created = imports.preview_import(
                actor=me, filename=upload.name or "", data=imports.read_upload(upload)
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("org_import_detail", pk=created.pk)
    return _page(request, {"form": form}, status=422)


def org_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One import: its errors (nothing was changed) or the planned changes and Apply."""
    _admin(request)
    org_import = imports.access_import(request.user, pk)
    report = org_import.report
    return _page(
        request,
        {
            "org_import": org_import,
            "errors": report.get("errors", []),
            "summary": report.get("summary", {}),
            "changes": _labelled(report.get("changes", [])),
            "changes_total": report.get("changes_total", 0),
        },
    )


@require_POST
def org_import_apply(request: HttpRequest, pk: int) -> HttpResponse:
    me = _admin(request)
    org_import = imports.access_import(me, pk)
    try:
        result = imports.apply_import(actor=me, org_import=org_import)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("org_import_detail", pk=org_import.pk)
    if result.status == OrgImport.Status.APPLIED:
        summary = result.report["summary"]
        messages.success(
            request,
            _(
                "The import is applied: %(created)d people created, %(updated)d updated, "
                "%(units)d units created."
            )
            % {
                "created": summary["people_created"],
                "updated": summary["people_updated"],
                "units": summary["units_created"],
            },
        )
    else:
        messages.error(
            request,
            _(
                "The organisation changed since the preview and the file no longer fits; "
                "nothing was changed."
            ),
        )
    return redirect("org_import_detail", pk=org_import.pk)
