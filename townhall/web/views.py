"""Site-wide pages: home and the health probes."""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from townhall.people import selectors
from townhall.people.models import Person


def home(request: HttpRequest) -> HttpResponse:
    me = cast(Person, request.user)
    context = {
        "completeness": selectors.profile_completeness(me),
        "leaders": selectors.leaders_of_line(me),
        "unit_line": selectors.person_unit_line(me),
        "newcomers": list(selectors.people_visible_to(me).order_by("-date_joined", "-id")[:6]),
    }
    return render(request, "home.html", context)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: the database (and Redis, when configured) answer."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means not ready
        checks["database"] = f"error: {exc.__class__.__name__}"
    if settings.REDIS_URL:
        try:
            import redis

            redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping()
            checks["redis"] = "ok"
        except Exception as exc:  # noqa: BLE001
            checks["redis"] = f"error: {exc.__class__.__name__}"
    ready = all(v == "ok" for v in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )
