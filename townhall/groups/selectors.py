"""Reads for groups, always through the permission layer."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from townhall.groups.models import Group, JoinRequest, Membership
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
