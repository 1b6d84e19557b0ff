"""Template context every page needs: navigation permissions and the language list."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from townhall.people import permissions


def townhall(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    context: dict[str, Any] = {
        "can_manage": permissions.can_access_manage_area(user),
        "townhall_languages": settings.LANGUAGES,
    }
    if permissions.is_signed_in(user):
        from functools import partial

        from townhall.notifications.selectors import unread_count

        # Called by the template only where the bell renders: one bounded COUNT, no more.
        context["unread_notifications"] = partial(unread_count, user)
    if request.path == settings.LOGIN_URL_PATH and not user.is_authenticated:
        from townhall.people.demo import demo_accounts_present

        context["demo_accounts"] = demo_accounts_present()
        context["demo_password"] = settings.TOWNHALL_DEMO_PASSWORD
    return context
