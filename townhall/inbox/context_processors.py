"""Template context for the navigation: whether the person has an inbox, and its count."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.http import HttpRequest

from townhall.inbox import permissions as inbox_permissions
from townhall.inbox.selectors import inbox_count


def inbox(request: HttpRequest) -> dict[str, Any]:
    """`has_inbox` (no query) and `inbox_count`, computed only where the template asks."""
    user = getattr(request, "user", None)
    if user is None or not inbox_permissions.has_inbox(user):
        return {"has_inbox": False}
    # Called by the template only where the link renders; remembered for the request.
    return {"has_inbox": True, "inbox_count": partial(inbox_count, user)}
