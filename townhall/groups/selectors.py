"""Reads for groups, always through the permission layer."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from townhall.groups.models import Group, GroupInvitation, JoinRequest, Membership
from townhall.people import permissions
from townhall.people.models import Person


def groups_visible_to(viewer: Person | AnonymousUser) -> QuerySet[Group]:
    """Groups whose existence the viewer may see: not secret, or secret and a member."""
    if not permissions.is_signed_in(viewer):
        return Group.objects.none()
    mine = sorted(permissions.member_group_ids(viewer))
    return Group.objects.filter(~Q(visibility="secret") | Q(id__in=mine) | Q(is_company=True))


def my_groups(viewer: Person | AnonymousUser) -> QuerySet[Group]:
    if not permissions.is_signed_in(viewer):
        return Group.objects.none()
    return Group.objects.filter(
        Q(id__in=sorted(permissions.member_group_ids(viewer))) | Q(is_company=True)
    ).order_by("-is_company", "name")


def access_group(viewer: Person | AnonymousUser, slug: str) -> Group:
    """A group by slug, or 404 when it doesn't exist or is secret to the viewer."""
    group = Group.objects.select_related("unit").filter(slug=slug).first()
    if group is None or not permissions.can_see_group_exists(viewer, group):
        raise Http404
    return group


def group_members(group: Group, *, limit: int = 60) -> list[Person]:
    return [
        m.person
        for m in Membership.objects.filter(group=group)
        .select_related("person", "person__primary_unit")
        .order_by("-role", "person__sort_name")[:limit]
    ]


def pending_join_requests(viewer: Person | AnonymousUser, group: Group) -> QuerySet[JoinRequest]:
    if not permissions.can_manage_group(viewer, group):
        return JoinRequest.objects.none()
    return JoinRequest.objects.filter(group=group, decided_at__isnull=True).select_related("person")


# --- Web UI reads (group pages) -------------------------------------------------------------


def discover_groups(viewer: Person | AnonymousUser, *, limit: int = 60) -> QuerySet[Group]:
    """Open and private groups the viewer is not in; secret groups are never listed."""
    if not permissions.is_signed_in(viewer):
        return Group.objects.none()
    return (
        Group.objects.filter(visibility__in=["open", "private"], is_company=False)
        .exclude(id__in=sorted(permissions.member_group_ids(viewer)))
        .order_by("-member_count", "name")[:limit]
    )


def has_pending_request(viewer: Person | AnonymousUser, group: Group) -> bool:
    if not permissions.is_signed_in(viewer):
        return False
    return JoinRequest.objects.filter(
        group=group, person_id=viewer.pk or 0, decided_at__isnull=True
    ).exists()


def open_invitation(viewer: Person | AnonymousUser, group: Group) -> GroupInvitation | None:
    """The viewer's unanswered invitation into `group`, with who sent it."""
    if not permissions.is_signed_in(viewer):
        return None
    return (
        GroupInvitation.objects.select_related("invited_by")
        .filter(group=group, person_id=viewer.pk or 0, answered_at__isnull=True)
        .first()
    )


def access_join_request(viewer: Person | AnonymousUser, group: Group, pk: int) -> JoinRequest:
    """An open join request of `group` the viewer may decide on, or 404."""
    request = pending_join_requests(viewer, group).filter(pk=pk).first()
    if request is None:
        raise Http404
    return request


def find_invitee(viewer: Person | AnonymousUser, who: str) -> Person | None:
    """The colleague an email address or @handle points at, among people the viewer can see."""
    from townhall.people.selectors import people_visible_to

    who = who.strip()
    if not who:
        return None
    if "@" in who[1:]:
        return people_visible_to(viewer).filter(email__iexact=who).first()
    return people_visible_to(viewer).filter(handle=who.lstrip("@")).first()
