"""HTTP for groups (pages)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from townhall.groups import selectors


def group_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "groups/list.html", {"groups": selectors.groups_visible_to(request.user)}
    )


def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = selectors.access_group(request.user, slug)
    return render(request, "groups/detail.html", {"group": group})
