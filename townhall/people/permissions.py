"""The one permission layer: every page, API call, export and notification asks these.

Later apps (groups, conversations, ...) add their questions here or in a module this one
re-exports, so that "may this person see / do this?" has exactly one answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser

if TYPE_CHECKING:
    from townhall.people.models import Person


def is_signed_in(viewer: Person | AnonymousUser) -> bool:
    """Active, authenticated people; everything in Townhall is behind sign-in."""
    return bool(viewer.is_authenticated and viewer.is_active)


def is_admin(viewer: Person | AnonymousUser) -> bool:
    return is_signed_in(viewer) and bool(getattr(viewer, "is_admin", False))


def is_community_manager(viewer: Person | AnonymousUser) -> bool:
    return is_signed_in(viewer) and bool(getattr(viewer, "is_community_manager", False))


def can_view_directory(viewer: Person | AnonymousUser) -> bool:
    return is_signed_in(viewer)


def can_view_person(viewer: Person | AnonymousUser, person: Person) -> bool:
    """Every signed-in colleague may see an active person's profile; admins also see inactive."""
    if not is_signed_in(viewer):
        return False
    return person.is_active or is_admin(viewer)


def can_edit_profile(viewer: Person | AnonymousUser, person: Person) -> bool:
    return is_signed_in(viewer) and (viewer.pk == person.pk or is_admin(viewer))


def can_invite(viewer: Person | AnonymousUser) -> bool:
    return is_admin(viewer) or is_community_manager(viewer)


def can_change_roles(viewer: Person | AnonymousUser) -> bool:
    return is_admin(viewer)


def can_import_org(viewer: Person | AnonymousUser) -> bool:
    return is_admin(viewer)


def can_manage_units(viewer: Person | AnonymousUser) -> bool:
    return is_admin(viewer)


def can_view_audit_log(viewer: Person | AnonymousUser) -> bool:
    return is_admin(viewer)


def can_manage_tokens(viewer: Person | AnonymousUser, person: Person) -> bool:
    """Tokens act as their owner, so only the owner may create, list or revoke them."""
    return is_signed_in(viewer) and viewer.pk == person.pk


def can_access_manage_area(viewer: Person | AnonymousUser) -> bool:
    return can_invite(viewer) or can_import_org(viewer) or can_view_audit_log(viewer)
