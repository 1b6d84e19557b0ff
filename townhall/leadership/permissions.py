"""Who may see and do what in leadership: built on townhall.people.permissions only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser

from townhall.people import permissions

if TYPE_CHECKING:
    from townhall.leadership.models import DraftPost
    from townhall.people.models import Person


def is_active_leader(person: Person | AnonymousUser) -> bool:
    return permissions.is_signed_in(person) and bool(getattr(person, "is_leader", False))


def can_view_leaders_corner(viewer: Person | AnonymousUser) -> bool:
    return permissions.can_view_directory(viewer)


def can_view_onboarding(viewer: Person | AnonymousUser) -> bool:
    """The checklist is a leader's own."""
    return is_active_leader(viewer)


def can_coach(viewer: Person | AnonymousUser) -> bool:
    """The coaching board, nudges and drafts are for community managers (and admins)."""
    return permissions.is_community_manager(viewer) or permissions.is_admin(viewer)


def can_nudge(viewer: Person | AnonymousUser, leader: Person) -> bool:
    return can_coach(viewer) and leader.is_active and leader.is_leader and viewer.pk != leader.pk


def can_prepare_draft(viewer: Person | AnonymousUser, leader: Person) -> bool:
    return can_coach(viewer) and leader.is_active and leader.is_leader and viewer.pk != leader.pk


def can_view_draft(viewer: Person | AnonymousUser, draft: DraftPost) -> bool:
    """The leader, the preparer and community managers; nobody else, on any path."""
    if not permissions.is_signed_in(viewer):
        return False
    return viewer.pk == draft.leader_id or viewer.pk == draft.prepared_by_id or can_coach(viewer)


def can_edit_draft(viewer: Person | AnonymousUser, draft: DraftPost) -> bool:
    """Only the leader edits, publishes or declines, and only while it is pending; what is
    published is the leader's decision, so the preparer reads it but cannot change it."""
    return permissions.is_signed_in(viewer) and viewer.pk == draft.leader_id and draft.is_pending
