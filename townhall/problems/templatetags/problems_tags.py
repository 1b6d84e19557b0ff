"""Template helpers for problems: the post page's problem panel, and durations in words."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import template
from django.utils.translation import gettext, ngettext

from townhall.conversations.models import Post
from townhall.problems import selectors

register = template.Library()


@register.inclusion_tag("problems/_panel.html", takes_context=True)
def post_problem(context: template.Context, post: Post) -> dict[str, Any]:
    """The problem panel for `post`, as the signed-in viewer may see it (see selectors)."""
    request = context.get("request")
    viewer = getattr(request, "user", None)
    return {
        "panel": selectors.problem_panel(viewer, post),  # type: ignore[arg-type]
        "request": request,
        "user": viewer,
        "csrf_token": context.get("csrf_token"),
        "status_form": None,
    }


@register.filter
def duration(value: timedelta | None) -> str:
    """A time to resolution in the largest unit that reads well: minutes, hours or days."""
    if value is None:
        return ""
    minutes = max(0, int(value.total_seconds() // 60))
    if minutes < 1:
        return gettext("under a minute")
    if minutes < 60:
        return ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes}
    hours = minutes // 60
    if hours < 48:
        return ngettext("%(n)s hour", "%(n)s hours", hours) % {"n": hours}
    days = round(hours / 24)
    return ngettext("%(n)s day", "%(n)s days", days) % {"n": days}
