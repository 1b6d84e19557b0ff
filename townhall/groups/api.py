"""The groups part of the REST API: the same services, selectors and permissions as the pages."""

from __future__ import annotations

from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.params.functions import Path, Query

from townhall.conversations.api import (
    MAX_ID,
    PAGE_LIMIT,
    READ,
    WRITE,
    group_ref,
    id_cursor,
    me,
    next_id_cursor,
)
from townhall.groups import selectors, services
from townhall.groups.models import Group, GroupInvitation, JoinRequest, Membership
from townhall.groups.schemas import (
    DecisionIn,
    GroupDetailOut,
    GroupIn,
    GroupInvitationIn,
    GroupInvitationOut,
    GroupOut,
    GroupPage,
    InvitationAnswerIn,
    JoinRequestIn,
    JoinRequestOut,
    JoinRequestPage,
    MemberOut,
    MemberPage,
)
from townhall.people import permissions
from townhall.people.models import Person
from townhall.people.schemas import SLUG, PersonSummary, error_responses
from townhall.people.selectors import access_person, decode_cursor, encode_cursor

router = Router(tags=["groups"])

PAGE_SIZE = 50
Cursor = Query("", max_length=500, description="`next_cursor` of the previous page")
Limit = Query(PAGE_SIZE, ge=1, le=PAGE_LIMIT)
Slug = Path(..., max_length=140, pattern=SLUG, example="acme")


def _name_cursor(cursor: str) -> tuple[str, int] | None:
    """A (name, id) keyset cursor; a forged or damaged one is a field error, not page 1."""
    if not cursor:
        return None
    values = decode_cursor(cursor, 2)
    if (
        values is None
        or not isinstance(values[0], str)
        or "\x00" in values[0]
        or not isinstance(values[1], int)
        or isinstance(values[1], bool)
        or not 0 <= values[1] <= MAX_ID
    ):
        raise ValidationError({"cursor": _("This cursor is not valid; start from the first page.")})
    return values[0], values[1]


def _group_out(viewer: Person, group: Group) -> GroupOut:
    return GroupOut(
        id=group.pk,
        slug=group.slug,
        name=group.name,
        description=group.description,
        visibility=group.visibility,
        is_company=group.is_company,
        is_auto_managed=group.is_auto_managed,
        member_count=group.member_count,
        is_member=permissions.is_group_member(viewer, group),
        created_at=group.created_at,
    )


def _detail(viewer: Person, group: Group) -> GroupDetailOut:
    return GroupDetailOut(
        **_group_out(viewer, group).model_dump(),
        can_post=permissions.can_post_in_group(viewer, group),
        can_join=permissions.can_join_group(viewer, group),
        can_request_to_join=permissions.can_request_to_join(viewer, group),
        can_manage=permissions.can_manage_group(viewer, group),
    )


def _join_request_out(request: JoinRequest) -> JoinRequestOut:
    return JoinRequestOut(
        id=request.pk,
        group=group_ref(request.group),
        person=cast(PersonSummary, PersonSummary.of(request.person)),
        message=request.message,
        created_at=request.created_at,
        decided_at=request.decided_at,
        approved=request.approved,
    )


@router.get(
    "/groups",
    response={200: GroupPage, **error_responses(*READ, 422)},
    summary="Groups you can see, by name (`mine=true`: only yours)",
)
def list_groups(
    request: HttpRequest,
    mine: bool = Query(False, description="Only groups you belong to"),
    cursor: str = Cursor,
    limit: int = Limit,
) -> GroupPage:
    viewer = me(request)
    after = _name_cursor(cursor)
    qs = selectors.my_groups(viewer) if mine else selectors.groups_visible_to(viewer)
    if after is not None:
        qs = qs.filter(Q(name__gt=after[0]) | Q(name=after[0], id__gt=after[1]))
    rows = list(qs.order_by("name", "id")[: limit + 1])
    page = rows[:limit]
    return GroupPage(
        items=[_group_out(viewer, g) for g in page],
        next_cursor=encode_cursor([page[-1].name, page[-1].pk]) if len(rows) > limit else None,
    )


@router.post(
    "/groups",
    response={201: GroupDetailOut, **error_responses(*WRITE, 422)},
    summary="Create a group; you become its first admin",
)
def create_group(request: HttpRequest, payload: GroupIn) -> Status[GroupDetailOut]:
    viewer = me(request)
    group = services.create_group(
        actor=viewer,
        name=payload.name,
        description=payload.description,
        visibility=payload.visibility,
    )
    return Status(201, _detail(viewer, group))


@router.get(
    "/groups/{slug}",
    response={200: GroupDetailOut, **error_responses(*READ, 404, 422)},
    summary="A group and what you may do there",
)
def get_group(request: HttpRequest, slug: str = Slug) -> GroupDetailOut:
    viewer = me(request)
    return _detail(viewer, selectors.access_group(viewer, slug))


@router.post(
    "/groups/{slug}/join",
    response={200: GroupDetailOut, **error_responses(*WRITE, 404, 422)},
    summary="Join an open group (idempotent)",
)
def join(request: HttpRequest, slug: str = Slug) -> GroupDetailOut:
    viewer = me(request)
    group = services.join_group(person=viewer, group=selectors.access_group(viewer, slug))
    return _detail(viewer, group)


@router.post(
    "/groups/{slug}/invitation",
    response={200: GroupDetailOut, **error_responses(*WRITE, 404, 422)},
    summary="Accept or decline my open invitation into a group",
)
def answer_invitation(
    request: HttpRequest, payload: InvitationAnswerIn, slug: str = Slug
) -> GroupDetailOut:
    viewer = me(request)
    group = selectors.access_group(viewer, slug)
    invitation = selectors.open_invitation(viewer, group)
    if invitation is None:
        raise Http404
    services.answer_group_invitation(person=viewer, invitation=invitation, accept=payload.accept)
    return _detail(viewer, group)


@router.post(
    "/groups/{slug}/leave",
    response={200: GroupDetailOut, **error_responses(*WRITE, 404, 422)},
    summary="Leave a group (idempotent; not for groups that follow the org chart)",
)
def leave(request: HttpRequest, slug: str = Slug) -> GroupDetailOut:
    viewer = me(request)
    group = services.leave_group(person=viewer, group=selectors.access_group(viewer, slug))
    try:
        return _detail(viewer, selectors.access_group(viewer, group.slug))
    except Http404:
        # Leaving a secret group makes it disappear; say so without its details.
        return _detail(viewer, group)


@router.post(
    "/groups/{slug}/join-requests",
    response={201: JoinRequestOut, **error_responses(*WRITE, 404, 422)},
    summary="Ask to join a private group",
)
def request_to_join(
    request: HttpRequest, payload: JoinRequestIn, slug: str = Slug
) -> Status[JoinRequestOut]:
    viewer = me(request)
    group = selectors.access_group(viewer, slug)
    join_request = services.request_to_join(person=viewer, group=group, message=payload.message)
    return Status(201, _join_request_out(join_request))


@router.get(
    "/groups/{slug}/join-requests",
    response={200: JoinRequestPage, **error_responses(*READ, 403, 404, 422)},
    summary="Pending join requests, newest first (group admins and moderators)",
)
def list_join_requests(
    request: HttpRequest, slug: str = Slug, cursor: str = Cursor, limit: int = Limit
) -> JoinRequestPage:
    viewer = me(request)
    before = id_cursor(cursor)
    group = selectors.access_group(viewer, slug)
    if not permissions.can_manage_group(viewer, group):
        raise PermissionDenied
    qs = selectors.pending_join_requests(viewer, group).select_related("group")
    if before is not None:
        qs = qs.filter(id__lt=before)
    rows = list(qs.order_by("-id")[: limit + 1])
    return JoinRequestPage(
        items=[_join_request_out(r) for r in rows[:limit]], next_cursor=next_id_cursor(rows, limit)
    )


@router.post(
    "/join-requests/{request_id}/decision",
    response={200: JoinRequestOut, **error_responses(*WRITE, 404, 422)},
    summary="Approve or decline a join request (group admins and moderators)",
)
def decide(
    request: HttpRequest, payload: DecisionIn, request_id: int = Path(..., ge=1, le=MAX_ID)
) -> JoinRequestOut:
    viewer = me(request)
    join_request = (
        JoinRequest.objects.select_related("group", "person").filter(pk=request_id).first()
    )
    if join_request is None or not permissions.can_see_group_exists(viewer, join_request.group):
        raise Http404
    decided = services.decide_join_request(
        actor=viewer, request=join_request, approve=payload.approve
    )
    return _join_request_out(decided)


@router.post(
    "/groups/{slug}/invitations",
    response={201: GroupInvitationOut, **error_responses(*WRITE, 404, 422)},
    summary="Invite a colleague into a group (its members and admins)",
)
def invite(
    request: HttpRequest, payload: GroupInvitationIn, slug: str = Slug
) -> Status[GroupInvitationOut]:
    viewer = me(request)
    group = selectors.access_group(viewer, slug)
    try:
        person = access_person(viewer, payload.person_id)
    except Http404 as exc:
        raise ValidationError({"person_id": _("There is no such person.")}) from exc
    invitation: GroupInvitation = services.invite_to_group(actor=viewer, group=group, person=person)
    return Status(
        201,
        GroupInvitationOut(
            id=invitation.pk,
            group=group_ref(group),
            person=cast(PersonSummary, PersonSummary.of(person)),
            invited_by=cast(PersonSummary, PersonSummary.of(invitation.invited_by)),
            created_at=invitation.created_at,
        ),
    )


@router.get(
    "/groups/{slug}/members",
    response={200: MemberPage, **error_responses(*READ, 403, 404, 422)},
    summary="A group's members by surname (private groups: members only)",
)
def members(
    request: HttpRequest, slug: str = Slug, cursor: str = Cursor, limit: int = Limit
) -> MemberPage:
    viewer = me(request)
    after = _name_cursor(cursor)
    group = selectors.access_group(viewer, slug)
    if not permissions.can_read_group(viewer, group):
        raise PermissionDenied
    qs = Membership.objects.filter(group=group).select_related("person")
    if after is not None:
        qs = qs.filter(
            Q(person__sort_name__gt=after[0])
            | Q(person__sort_name=after[0], person_id__gt=after[1])
        )
    rows = list(qs.order_by("person__sort_name", "person_id")[: limit + 1])
    page = rows[:limit]
    last = page[-1] if page else None
    return MemberPage(
        items=[
            MemberOut(
                person=cast(PersonSummary, PersonSummary.of(m.person)),
                role=m.role,
                joined_at=m.created_at,
            )
            for m in page
        ],
        next_cursor=encode_cursor([last.person.sort_name, last.person_id])
        if last is not None and len(rows) > limit
        else None,
    )
