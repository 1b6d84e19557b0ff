"""The REST API at /api/v1/: one NinjaAPI, routers from each app, token or session auth."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyCookie, HttpBearer

from townhall.people.models import Person
from townhall.people.services import person_for_token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer th_…` — a personal access token."""

    def authenticate(self, request: HttpRequest, token: str) -> Person | None:
        person = person_for_token(token)
        if person is not None:
            request.user = person
        return person


class SessionAuth(APIKeyCookie):
    """The browser's session cookie; ninja enforces CSRF for cookie auth."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Person | None:
        user = request.user
        if user.is_authenticated and user.is_active:
            return user  # type: ignore[return-value]
        return None


api = NinjaAPI(
    title="Townhall API",
    version="1",
    description="Townhall's REST API. Authenticate with a personal access token "
    "(`Authorization: Bearer th_…`, created under Settings → API tokens) or the browser session.",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    docs_url="/docs",
)


def _field_errors(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}


@api.exception_handler(ValidationError)
def django_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": _("Please correct the errors."), "errors": _field_errors(exc)},
        status=422,
    )


@api.exception_handler(NinjaValidationError)
def ninja_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [
            str(part)
            for part in error.get("loc", [])
            if part not in ("body", "query", "path", "payload", "form", "file")
        ]
        errors.setdefault(".".join(loc) or "__all__", []).append(str(error.get("msg", "")))
    return api.create_response(
        request, {"detail": _("Please correct the errors."), "errors": errors}, status=422
    )


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(
        request, {"detail": _("You are not allowed to do this.")}, status=403
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": _("Authentication required.")}, status=401)


def _register_routers() -> None:
    from townhall.people.api import router as people_router

    api.add_router("/", people_router)


_register_routers()

__all__: list[Any] = ["api", "HttpError"]
