"""The REST API at /api/v1/: one NinjaAPI, routers from each app, token or session auth."""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from townhall.people.models import Person
from townhall.people.schemas import ErrorOut
from townhall.people.services import person_for_token

# Failed bearer tokens per client IP before the API answers 429 without even looking.
AUTH_FAILURE_RATE: str = getattr(settings, "TOWNHALL_API_AUTH_FAILURE_RATE", "20/m")
AUTH_FAILURE_GROUP = "api.auth-failure"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


class RateLimited(HttpError):
    def __init__(self, message: str) -> None:
        super().__init__(429, message)


def _client_ip(group: str, request: HttpRequest) -> str:
    # Not django-ratelimit's "ip" key: that one raises when a server leaves REMOTE_ADDR unset.
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _auth_failures(request: HttpRequest, *, increment: bool) -> dict[str, Any] | None:
    usage: dict[str, Any] | None = get_usage(
        request,
        group=AUTH_FAILURE_GROUP,
        key=_client_ip,
        rate=AUTH_FAILURE_RATE,
        increment=increment,
    )
    return usage


class TokenAuth(HttpBearer):
    """`Authorization: Bearer th_…` — a personal access token."""

    def authenticate(self, request: HttpRequest, token: str) -> Person | None:
        usage = _auth_failures(request, increment=False)
        if usage is not None and usage["count"] >= usage["limit"]:
            # Refused before the lookup, so guessing tokens costs the guesser, not the database.
            raise RateLimited(_("Too many failed sign-in attempts. Try again in a minute."))
        person = person_for_token(token)
        if person is None:
            _auth_failures(request, increment=True)
            return None
        request.user = person
        if person.preferred_language:
            # The middleware chose a language before the token said who is asking.
            translation.activate(person.preferred_language)
            request.LANGUAGE_CODE = person.preferred_language
        return person


class SessionAuth(APIKeyCookie):
    """The browser's session cookie; unsafe methods also need the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        user = request.user
        if not (user.is_authenticated and user.is_active):
            # Nobody signed in: a plain 401, not a CSRF complaint.
            return None
        if request.method not in SAFE_METHODS and check_csrf(request):
            raise HttpError(403, _("CSRF check failed. Reload the page and try again."))
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Person | None:
        user = request.user
        if key and user.is_authenticated and user.is_active:
            return user  # type: ignore[return-value]
        return None


ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}
COMMON_ERRORS = {
    "400": "The request body is not valid JSON",
    "401": "No valid token or session",
    "403": "Not allowed, or a session request without its CSRF token",
    "422": "Invalid input; `errors` holds the messages per field",
    "429": "Too many requests",
}


def _declare_common_errors(schema: dict[str, Any]) -> None:
    """Answers every operation can give, declared once here instead of in each router."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault(
        "ErrorOut", ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    )
    for item in schema.get("paths", {}).values():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = []
            if operation.get("security"):
                codes += ["401", "429"]
                if method.upper() not in SAFE_METHODS:
                    codes.append("403")
            if operation.get("parameters") or operation.get("requestBody"):
                codes.append("422")
            if operation.get("requestBody"):
                codes.append("400")
            responses = operation["responses"]
            for code in codes:
                if int(code) in responses:  # ninja keys its own declarations by int
                    continue
                responses.setdefault(
                    code,
                    {
                        "description": COMMON_ERRORS[code],
                        "content": {"application/json": {"schema": ERROR_REF}},
                    },
                )


class TownhallAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        _declare_common_errors(schema)
        return schema


api = TownhallAPI(
    title="Townhall API",
    version="1",
    description="Townhall's REST API. Authenticate with a personal access token "
    "(`Authorization: Bearer th_…`, created under Settings → API tokens) or the browser session. "
    "Errors are always JSON: `{detail, errors: {field: [messages]}}`.",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    docs_url="/docs",
)


def _error(
    request: HttpRequest, status: int, detail: str, errors: dict[str, list[str]] | None = None
) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "errors": errors or {}}, status=status)


def _field_errors(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}


def _schema_message(error: dict[str, Any]) -> str:
    """A translated sentence for a pydantic error; Django's own catalog covers most of them."""
    kind = str(error.get("type", ""))
    ctx: dict[str, Any] = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "extra_forbidden":
        return _("This field cannot be changed here.")
    if kind == "string_pattern_mismatch":
        return _("Enter a valid value.")
    if kind in ("string_too_long", "too_long"):
        return _("Ensure this value has at most %(max)s characters (it has %(length)s).") % {
            "max": ctx.get("max_length", "?"),
            "length": ctx.get("actual_length", "?"),
        }
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Enter a whole number.")
    if kind == "greater_than_equal":
        return _("Ensure this value is greater than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("ge")
        }
    if kind == "less_than_equal":
        return _("Ensure this value is less than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("le")
        }
    if kind in ("literal_error", "enum"):
        return _("Select a valid choice. %(value)s is not one of the available choices.") % {
            "value": str(error.get("input", ""))[:50]
        }
    if kind in ("json_invalid", "model_attributes_type", "dict_type", "model_type"):
        return _("Send a JSON object.")
    if kind in ("string_type", "list_type", "bool_type", "bool_parsing"):
        return _("Enter a valid value.")
    return _("Enter a valid value.")


@api.exception_handler(ValidationError)
def django_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _error(request, 422, _("Please correct the errors."), _field_errors(exc))


@api.exception_handler(NinjaValidationError)
def ninja_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [
            str(part)
            for part in error.get("loc", [])
            if part not in ("body", "query", "path", "payload", "form", "file", "cookie")
        ]
        errors.setdefault(".".join(loc) or "__all__", []).append(_schema_message(error))
    return _error(request, 422, _("Please correct the errors."), errors)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, _("You are not allowed to do this."))


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, _("Not found."))


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, _("Authentication required."))


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:
        # django-ninja's only 400: a body that does not parse.
        return _error(request, 400, _("The request body is not valid JSON."))
    # Our own HttpErrors carry translated messages already.
    return _error(request, exc.status_code, str(exc))


def _register_routers() -> None:
    from townhall.people.api import router as people_router

    api.add_router("/", people_router)
    api.add_router("/", importlib.import_module("townhall.conversations.api").router)
    api.add_router("/", importlib.import_module("townhall.feeds.api").router)
    api.add_router("/", importlib.import_module("townhall.groups.api").router)
    api.add_router("/", importlib.import_module("townhall.notifications.api").router)
    api.add_router("/", importlib.import_module("townhall.search.api").router)
    api.add_router("/", importlib.import_module("townhall.uploads.api").router)
    for app in ("leadership", "inbox", "openhours", "checkins", "problems"):
        api.add_router("/", importlib.import_module(f"townhall.{app}.api").router)
    # The org-chart import endpoints live in their own module, written alongside this one.
    if importlib.util.find_spec("townhall.people.api_import") is not None:
        api.add_router("/", importlib.import_module("townhall.people.api_import").router)


_register_routers()

__all__: list[Any] = ["api", "HttpError"]
