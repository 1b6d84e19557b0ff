"""Who has a leader inbox and what may be done with its items; built on people.permissions.

Every item comes from an object the permission layer already guards (a post, a problem's
post, an open-hour question, a draft); these predicates only add the inbox's own rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser

from townhall.people import permissions

if TYPE_CHECKING:
    from townhall.conversations.models import Post
    from townhall.people.models import Person


def has_inbox(viewer: Person | AnonymousUser) -> bool:
    """The inbox is for leaders (anyone with the leader role, unit managers among them)."""
    return permissions.is_signed_in(viewer) and bool(getattr(viewer, "is_leader", False))


def can_act_on_post_item(viewer: Person | AnonymousUser, post: Post) -> bool:
    """Answer, delegate or snooze an item about a post: a leader who may read the post."""
    return has_inbox(viewer) and permissions.can_view_post(viewer, post)


def can_take_delegation(delegate: Person, post: Post) -> bool:
    """Only someone who can read the post may be handed it (the mention would be a dead end)."""
    return delegate.is_active and permissions.can_view_post(delegate, post)
