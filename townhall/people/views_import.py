"""HTTP for the org-chart CSV import (admins): upload, dry-run preview, apply."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from townhall.people import permissions


def org_import(request: HttpRequest) -> HttpResponse:
    if not permissions.can_import_org(request.user):
        raise PermissionDenied
    return render(request, "people/manage/import.html", {})
