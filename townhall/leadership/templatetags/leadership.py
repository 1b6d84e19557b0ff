"""Template helpers for leadership pages: readable reply times and the home-page card."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from townhall.leadership.selectors import onboarding_for

register = template.Library()


@register.filter
def reply_time(seconds: float | None) -> str:
    """A median reply time in the largest unit that reads naturally ("3 h", "2 days")."""
    if seconds is None:
        return _("no replies yet")
    minutes = round(seconds / 60)
    if minutes < 60:
        return ngettext("%(n)s minute", "%(n)s minutes", max(minutes, 1)) % {"n": max(minutes, 1)}
    hours = round(seconds / 3600)
    if hours < 48:
        return ngettext("%(n)s hour", "%(n)s hours", hours) % {"n": hours}
    days = round(seconds / 86400)
    return ngettext("%(n)s day", "%(n)s days", days) % {"n": days}


@register.inclusion_tag("leadership/_onboarding_card.html", takes_context=True)
def onboarding_card(context: dict[str, Any]) -> dict[str, Any]:
    """The onboarding card for the signed-in leader who has neither finished nor hidden it."""
    request = context.get("request")
    user = getattr(request, "user", None)
    checklist = onboarding_for(user) if user is not None else None
    return {"onboarding": checklist, "request": request, "csrf_token": context.get("csrf_token")}
