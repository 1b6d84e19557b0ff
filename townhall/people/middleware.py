"""Request middleware for people: the language a person chose, and sign-in for every page."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils import translation

# Paths that must work before sign-in: accounts, invitations, the API (own auth), probes.
PUBLIC_PREFIXES = (
    "/accounts/",
    "/notifications/unsubscribe/",
    "/inbox/opt-out/",
    "/invite/",
    "/api/",
    "/healthz",
    "/readyz",
    "/static/",
    "/i18n/",
    "/favicon.ico",
    "/rss/",  # feed readers have no session; the feed views check session or secret token
)


class PersonLanguageMiddleware:
    """A signed-in person's chosen language wins over the browser's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        chosen = getattr(user, "preferred_language", "") if user.is_authenticated else ""
        if chosen:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return self.get_response(request)


class LoginRequiredMiddleware:
    """Townhall is internal: every page outside PUBLIC_PREFIXES needs a signed-in person."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            if getattr(request, "htmx", False):
                response = HttpResponse(status=401)
                response["HX-Redirect"] = settings.LOGIN_URL_PATH
                return response
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL_PATH)
        return self.get_response(request)
