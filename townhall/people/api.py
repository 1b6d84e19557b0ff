"""The people part of the REST API: the same services and selectors as the pages."""

from __future__ import annotations

from typing import Literal, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited
from ninja import File, Router, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.params.functions import Path, Query

from townhall.governance.selectors import audit_entries
from townhall.people import permissions, selectors, services
from townhall.people.models import OrgUnit, Person
from townhall.people.schemas import (
    NO_NUL,
    SLUG,
    AuditOut,
    AuditPage,
    CompletenessOut,
    InvitationIn,
    InvitationOut,
    MentionOut,
    MeOut,
    NewTokenOut,
    OrgChartOut,
    PeoplePage,
    PersonDetailOut,
    PersonOut,
    PersonSummary,
    ProfileIn,
    RolesIn,
    SubunitOut,
    TokenIn,
    TokenOut,
    UnitOut,
    UnitRef,
    error_responses,
)

router = Router(tags=["people"])

AUDIT_PAGE_SIZE = 50
INVITATION_LIST_LIMIT = 200
MAX_ID = 2**63 - 1

# Every operation may answer 401 (no or bad credentials) and 429 (too many bad tokens);
# unsafe methods also 403 (session without CSRF token).
READ = (401, 429)
WRITE = (401, 403, 429)


def _me(request: HttpRequest) -> Person:
    return cast(Person, request.auth)  # type: ignore[attr-defined]


def _unit_or_field_error(viewer: Person, slug: str | None, field: str) -> OrgUnit | None:
    if not slug:
        return None
    try:
        return selectors.access_unit(viewer, slug)
    except Http404 as exc:
        raise ValidationError({field: _("There is no unit with this slug.")}) from exc


def _me_out(me: Person) -> MeOut:
    return MeOut.of_me(me, selectors.person_unit_line(me))


def _checked_cursor(cursor: str) -> str:
    """A cursor the directory can use; a forged or damaged one is a field error, not page 1."""
    if not cursor:
        return ""
    values = selectors.decode_cursor(cursor, 2)
    if (
        values is None
        or not isinstance(values[0], str)
        or "\x00" in values[0]
        or not isinstance(values[1], int)
        or isinstance(values[1], bool)
        or not 0 <= values[1] <= MAX_ID
    ):
        raise ValidationError({"cursor": _("This cursor is not valid; start from the first page.")})
    return cursor


@router.get(
    "/people",
    response={200: PeoplePage, **error_responses(*READ, 422)},
    summary="Search the directory",
)
def list_people(
    request: HttpRequest,
    q: str = Query("", max_length=200, pattern=NO_NUL, description="Name, title, topic or unit"),
    unit: str = Query("", max_length=220, pattern=r"^[-a-zA-Z0-9_]*$", description="Unit slug"),
    role: Literal["", "member", "leader", "community_manager", "admin"] = Query(""),
    cursor: str = Query("", max_length=500, description="`next_cursor` of the previous page"),
    limit: int = Query(selectors.DIRECTORY_PAGE_SIZE, ge=1, le=100),
) -> PeoplePage:
    me = _me(request)
    page = selectors.directory(
        me,
        query=q,
        unit=_unit_or_field_error(me, unit, "unit"),
        role=role,
        after=_checked_cursor(cursor),
        limit=limit,
    )
    return PeoplePage(items=[PersonOut.of(p) for p in page.people], next_cursor=page.next_cursor)


@router.get(
    "/mentions",
    response={200: list[MentionOut], **error_responses(*READ, 422)},
    summary="People and groups to @mention",
    description="What the editor suggests after an @: at most `limit` active people whose "
    "handle, first name or surname starts with `q` (in that order), then groups you can see "
    "whose slug or name starts with it. Secret groups you are not in never appear.",
)
def list_mentions(
    request: HttpRequest,
    q: str = Query("", max_length=64, pattern=NO_NUL, description="What follows the @"),
    limit: int = Query(selectors.MENTION_LIMIT, ge=1, le=selectors.MENTION_LIMIT),
) -> list[MentionOut]:
    return [MentionOut.of(s) for s in selectors.mention_suggestions(_me(request), q, limit)]


@router.get(
    "/people/{person_id}",
    response={200: PersonDetailOut, **error_responses(*READ, 404, 422)},
    summary="A person's profile",
)
def get_person(
    request: HttpRequest, person_id: int = Path(..., ge=1, le=MAX_ID)
) -> PersonDetailOut:
    person = selectors.access_person(_me(request), person_id)
    return PersonDetailOut(**PersonDetailOut.detail(person, selectors.person_unit_line(person)))


@router.put(
    "/people/{person_id}/roles",
    response={200: PersonOut, **error_responses(*WRITE, 404, 422)},
    summary="Set a person's roles (admins)",
)
def set_roles(
    request: HttpRequest, payload: RolesIn, person_id: int = Path(..., ge=1, le=MAX_ID)
) -> PersonOut:
    me = _me(request)
    if not permissions.can_change_roles(me):
        raise PermissionDenied
    person = selectors.access_person(me, person_id)
    return PersonOut.of(services.set_roles(actor=me, person=person, roles=payload.roles))


@router.get("/me", response={200: MeOut, **error_responses(*READ)}, summary="Your profile")
def get_me(request: HttpRequest) -> MeOut:
    return _me_out(_me(request))


@router.patch(
    "/me",
    response={200: MeOut, **error_responses(*WRITE, 422)},
    summary="Change your profile (only the fields sent)",
)
def update_me(request: HttpRequest, payload: ProfileIn) -> MeOut:
    me = _me(request)
    changes = payload.model_dump(exclude_unset=True)
    services.update_profile(actor=me, person=me, changes=changes)
    return _me_out(me)


@router.post(
    "/me/photo",
    response={200: MeOut, **error_responses(*WRITE, 422)},
    summary="Upload your photo (JPEG, PNG, WebP or GIF)",
)
def upload_photo(request: HttpRequest, photo: File[UploadedFile]) -> MeOut:
    me = _me(request)
    try:
        services.set_profile_photo(actor=me, person=me, upload=photo)
    except ValidationError as exc:
        raise ValidationError({"photo": exc.messages}) from exc
    return _me_out(me)


@router.delete(
    "/me/photo",
    response={204: None, **error_responses(*WRITE)},
    summary="Remove your photo",
)
def remove_photo(request: HttpRequest) -> Status[None]:
    me = _me(request)
    services.remove_profile_photo(actor=me, person=me)
    return Status(204, None)


@router.get(
    "/me/completeness",
    response={200: CompletenessOut, **error_responses(*READ)},
    summary="How complete your profile is",
)
def completeness(request: HttpRequest) -> CompletenessOut:
    result = selectors.profile_completeness(_me(request))
    return CompletenessOut(percent=result.percent, missing=result.missing)


@router.get(
    "/me/tokens",
    response={200: list[TokenOut], **error_responses(*READ)},
    summary="Your personal access tokens",
)
def list_tokens(request: HttpRequest) -> list[TokenOut]:
    return [TokenOut.of(t) for t in selectors.access_tokens_of(_me(request))]


@router.post(
    "/me/tokens",
    response={201: NewTokenOut, **error_responses(*WRITE, 422)},
    summary="Create a personal access token; the token is shown only in this answer",
)
def create_token(request: HttpRequest, payload: TokenIn) -> Status[NewTokenOut]:
    me = _me(request)
    if is_ratelimited(
        request,
        group="api.token-create",
        key="user",
        rate=settings.TOKEN_RATE_LIMIT,
        method="POST",
        increment=True,
    ):
        raise HttpError(429, _("Too many tokens created in a short time. Try again in a minute."))
    token, raw = services.create_access_token(actor=me, name=payload.name)
    return Status(
        201,
        NewTokenOut(
            id=token.pk,
            name=token.name,
            prefix=token.prefix,
            created_at=token.created_at,
            token=raw,
        ),
    )


@router.delete(
    "/me/tokens/{token_id}",
    response={204: None, **error_responses(*WRITE, 404, 422)},
    summary="Revoke one of your tokens",
)
def revoke_token(request: HttpRequest, token_id: int = Path(..., ge=1, le=MAX_ID)) -> Status[None]:
    me = _me(request)
    services.revoke_access_token(actor=me, token=selectors.access_token(me, token_id))
    return Status(204, None)


@router.get(
    "/units",
    response={200: list[UnitOut], **error_responses(*READ)},
    summary="Every unit, parents before children",
)
def list_units(request: HttpRequest) -> list[UnitOut]:
    return [UnitOut.of(u) for u in selectors.units_in_tree_order(_me(request))]


@router.get(
    "/units/{slug}",
    response={200: OrgChartOut, **error_responses(*READ, 404, 422)},
    summary="A unit's org chart: manager, members and sub-units",
)
def get_unit(
    request: HttpRequest, slug: str = Path(..., max_length=220, pattern=SLUG, example="acme")
) -> OrgChartOut:
    me = _me(request)
    chart = selectors.org_chart(me, selectors.access_unit(me, slug))
    return OrgChartOut(
        unit=UnitOut.of(chart.unit),
        ancestors=[r for r in map(UnitRef.of, chart.ancestors) if r is not None],
        manager=PersonSummary.of(chart.unit.manager),
        members=[PersonOut.of(p) for p in chart.members],
        member_count=chart.member_count,
        subtree_count=chart.subtree_count,
        subunits=[
            SubunitOut(
                **UnitOut.of(u).model_dump(),
                member_count=u.member_count,  # type: ignore[attr-defined]
                headcount=u.headcount,  # type: ignore[attr-defined]
            )
            for u in chart.subunits
        ],
    )


@router.get(
    "/invitations",
    response={200: list[InvitationOut], **error_responses(*READ, 403)},
    summary="Pending invitations (admins and community managers)",
)
def list_invitations(request: HttpRequest) -> list[InvitationOut]:
    if not permissions.can_invite(_me(request)):
        raise PermissionDenied
    pending = selectors.pending_invitations()[:INVITATION_LIST_LIMIT]
    return [InvitationOut.of(i) for i in pending]


@router.post(
    "/invitations",
    response={201: InvitationOut, **error_responses(*WRITE, 422)},
    summary="Invite someone by email (admins and community managers)",
)
def create_invitation(request: HttpRequest, payload: InvitationIn) -> Status[InvitationOut]:
    me = _me(request)
    if not permissions.can_invite(me):
        raise PermissionDenied
    invitation = services.invite_person(
        actor=me,
        email=payload.email,
        roles=payload.roles,
        unit=_unit_or_field_error(me, payload.unit, "unit"),
    )
    return Status(201, InvitationOut.of(invitation))


@router.delete(
    "/invitations/{invitation_id}",
    response={204: None, **error_responses(*WRITE, 404, 422)},
    summary="Withdraw a pending invitation",
)
def revoke_invitation(
    request: HttpRequest, invitation_id: int = Path(..., ge=1, le=MAX_ID)
) -> Status[None]:
    me = _me(request)
    services.revoke_invitation(actor=me, invitation=selectors.access_invitation(me, invitation_id))
    return Status(204, None)


@router.get(
    "/audit",
    response={200: AuditPage, **error_responses(*READ, 403, 422)},
    summary="The audit log, newest first (admins)",
)
def audit_log(
    request: HttpRequest,
    action: str = Query("", max_length=64, pattern=NO_NUL),
    before: int | None = Query(None, ge=1, le=MAX_ID, description="`next_before` of the last page"),
) -> AuditPage:
    if not permissions.can_view_audit_log(_me(request)):
        raise PermissionDenied
    entries = list(audit_entries(action=action, before_id=before)[:AUDIT_PAGE_SIZE])
    return AuditPage(
        items=[AuditOut.of(e) for e in entries],
        next_before=entries[-1].pk if len(entries) == AUDIT_PAGE_SIZE else None,
    )
