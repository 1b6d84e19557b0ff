"""The leadership part of the REST API (same services, selectors, permissions as pages)."""

from __future__ import annotations

from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import HttpError
from ninja.params.functions import Path, Query

from townhall.conversations.api import READ, WRITE, group_ref, me
from townhall.groups import selectors as groups
from townhall.groups.models import Group
from townhall.leadership import permissions as leadership_permissions
from townhall.leadership import selectors, services
from townhall.leadership.models import DraftPost, Nudge
from townhall.leadership.schemas import (
    CoachingList,
    CoachingRowOut,
    DraftIn,
    DraftList,
    DraftOut,
    DraftPatchIn,
    FollowLineOut,
    LeaderList,
    LeaderOut,
    NudgeIn,
    NudgeOut,
    OnboardingOut,
    OpenHourRefOut,
    PostRefOut,
    ResponsivenessOut,
    StepOut,
)
from townhall.openhours.models import OpenHour
from townhall.people.models import OrgUnit, Person
from townhall.people.schemas import PersonSummary, UnitRef, error_responses

router = Router(tags=["leadership"])

Id = Path(..., ge=1, le=2**63 - 1)
UnitSlug = Query("", max_length=220, pattern=r"^[-a-zA-Z0-9_]*$", description="A unit's slug")
DRAFT_LIMIT = 100


def _summary(person: Person) -> PersonSummary:
    return cast(PersonSummary, PersonSummary.of(person))


def _unit_or_error(slug: str) -> OrgUnit | None:
    if not slug:
        return None
    unit = OrgUnit.objects.filter(slug=slug).first()
    if unit is None:
        raise ValidationError({"unit": _("There is no unit with this slug.")})
    return unit


def _responsiveness(r: selectors.Responsiveness) -> ResponsivenessOut:
    return ResponsivenessOut(
        median_first_reply_seconds=r.median_first_reply_seconds,
        answered_share=r.answered_share,
        asked=r.asked,
        answered=r.answered,
    )


def _open_hour(value: OpenHour | None) -> OpenHourRefOut | None:
    if value is None:
        return None
    return OpenHourRefOut(
        id=value.pk, title=value.title, starts_at=value.starts_at, url=value.get_absolute_url()
    )


def _leader_out(card: selectors.LeaderCard) -> LeaderOut:
    post = card.latest_post
    return LeaderOut(
        leader=_summary(card.leader),
        unit=UnitRef.of(card.unit),
        level=card.level,
        latest_post=PostRefOut(
            id=post.pk,
            kind=post.kind,
            title=post.title,
            excerpt=Truncator(" ".join(strip_tags(post.body_html).split())).chars(160),
            created_at=post.created_at,
        )
        if post is not None
        else None,
        next_open_hour=_open_hour(card.next_open_hour),
        responsiveness=_responsiveness(card.responsiveness),
        following=card.following,
    )


def _nudge_out(nudge: Nudge) -> NudgeOut:
    sent_by = nudge.sent_by
    return NudgeOut(
        id=nudge.pk,
        leader_id=nudge.leader_id,
        sent_by=PersonSummary.of(sent_by),
        message=nudge.message,
        created_at=nudge.created_at,
    )


def _draft_out(draft: DraftPost) -> DraftOut:
    return DraftOut(
        id=draft.pk,
        leader=_summary(draft.leader),
        prepared_by=PersonSummary.of(draft.prepared_by),
        group=group_ref(draft.group),
        kind=draft.kind,
        title=draft.title,
        body=draft.body,
        status=draft.status,
        published_post_id=draft.published_post_id,
        created_at=draft.created_at,
        updated_at=draft.updated_at,
        decided_at=draft.decided_at,
        url=draft.get_absolute_url(),
    )


def _group(viewer: Person, slug: str | None) -> Group | None:
    if slug is None:
        return None
    try:
        return groups.access_group(viewer, slug)
    except Http404 as exc:
        raise ValidationError({"group": _("There is no group with this slug.")}) from exc


@router.get(
    "/leaders",
    response={200: LeaderList, **error_responses(*READ, 422)},
    summary="Every leader by org level: latest post, next open hour, responsiveness",
)
def list_leaders(request: HttpRequest, unit: str = UnitSlug) -> LeaderList:
    viewer = me(request)
    if not leadership_permissions.can_view_leaders_corner(viewer):
        raise PermissionDenied
    sections = selectors.leaders_corner(viewer, unit=_unit_or_error(unit))
    return LeaderList(items=[_leader_out(card) for s in sections for card in s.cards])


@router.post(
    "/leaders/follow-my-line",
    response={200: FollowLineOut, **error_responses(*WRITE)},
    summary="Follow every leader above you (reports-to chain and your unit line's managers)",
)
def follow_my_line(request: HttpRequest) -> FollowLineOut:
    result = services.follow_my_line(person=me(request))
    return FollowLineOut(
        newly_followed=result.newly_followed,
        followed=[_summary(p) for p in result.followed],
        already_following=[_summary(p) for p in result.already],
    )


@router.get(
    "/leadership/onboarding",
    response={200: OnboardingOut, **error_responses(*READ, 403)},
    summary="Your onboarding checklist as a leader",
)
def my_onboarding(request: HttpRequest) -> OnboardingOut:
    viewer = me(request)
    if not leadership_permissions.can_view_onboarding(viewer):
        raise PermissionDenied
    services.start_onboarding(person=viewer)
    checklist = selectors.onboarding_for(viewer)
    if checklist is None:
        raise PermissionDenied
    record = services.record_progress(onboarding=checklist)
    return OnboardingOut(
        started_at=record.started_at if record else None,
        completed_at=record.completed_at if record else None,
        dismissed_at=record.dismissed_at if record else None,
        done_count=checklist.done_count,
        total=checklist.total,
        percent=checklist.percent,
        steps=[StepOut(**step.__dict__) for step in checklist.steps],
    )


@router.get(
    "/leadership/coaching",
    response={200: CoachingList, **error_responses(*READ, 403, 422)},
    summary="The coaching board (community managers and admins)",
)
def coaching(
    request: HttpRequest,
    unit: str = UnitSlug,
    sort: str = Query("progress", pattern=r"^-?(progress|activity)$|^name$"),
) -> CoachingList:
    viewer = me(request)
    if not leadership_permissions.can_coach(viewer):
        raise PermissionDenied
    rows = selectors.coaching_board(viewer, unit=_unit_or_error(unit), sort=sort)
    return CoachingList(
        items=[
            CoachingRowOut(
                leader=_summary(row.leader),
                unit=UnitRef.of(row.unit),
                onboarding_done=row.onboarding.done_count,
                onboarding_total=row.onboarding.total,
                next_step=row.onboarding.next_step.id if row.onboarding.next_step else None,
                last_activity=row.last_activity,
                responsiveness=_responsiveness(row.responsiveness),
                latest_nudge=_nudge_out(row.latest_nudge) if row.latest_nudge else None,
            )
            for row in rows
        ]
    )


@router.post(
    "/leaders/{leader_id}/nudges",
    response={201: NudgeOut, **error_responses(*WRITE, 404, 422)},
    summary="Nudge a leader with a personal message (one per leader a day; 20 an hour each)",
)
def nudge(request: HttpRequest, payload: NudgeIn, leader_id: int = Id) -> Status[NudgeOut]:
    viewer = me(request)
    if not leadership_permissions.can_coach(viewer):
        raise PermissionDenied
    leader = selectors.access_leader(viewer, leader_id)
    try:
        sent = services.send_nudge(actor=viewer, leader=leader, message=payload.message)
    except ValidationError as exc:
        if getattr(exc, "code", None) == "rate_limited":
            raise HttpError(429, " ".join(exc.messages)) from exc
        raise
    return Status(201, _nudge_out(sent))


@router.get(
    "/leadership/drafts",
    response={200: DraftList, **error_responses(*READ)},
    summary="Drafts you may see: prepared for you, or by you (community managers: all)",
)
def list_drafts(request: HttpRequest) -> DraftList:
    rows = selectors.drafts_visible_to(me(request))[:DRAFT_LIMIT]
    return DraftList(items=[_draft_out(d) for d in rows])


@router.post(
    "/leadership/drafts",
    response={201: DraftOut, **error_responses(*WRITE, 404, 422)},
    summary="Prepare a draft post for a leader (community managers)",
)
def create_draft(request: HttpRequest, payload: DraftIn) -> Status[DraftOut]:
    viewer = me(request)
    if not leadership_permissions.can_coach(viewer):
        raise PermissionDenied
    leader = selectors.access_leader(viewer, payload.leader_id)
    group = _group(viewer, payload.group)
    assert group is not None  # noqa: S101 - the slug is required
    draft = services.prepare_draft(
        actor=viewer,
        leader=leader,
        group=group,
        kind=payload.kind,
        title=payload.title,
        body=payload.body,
    )
    return Status(201, _draft_out(draft))


@router.get(
    "/leadership/drafts/{draft_id}",
    response={200: DraftOut, **error_responses(*READ, 404, 422)},
    summary="One draft (its leader, its preparer and community managers only)",
)
def get_draft(request: HttpRequest, draft_id: int = Id) -> DraftOut:
    return _draft_out(selectors.access_draft(me(request), draft_id))


@router.patch(
    "/leadership/drafts/{draft_id}",
    response={200: DraftOut, **error_responses(*WRITE, 404, 422)},
    summary="The leader edits a pending draft",
)
def patch_draft(request: HttpRequest, payload: DraftPatchIn, draft_id: int = Id) -> DraftOut:
    viewer = me(request)
    draft = selectors.access_draft(viewer, draft_id)
    draft = services.update_draft(
        actor=viewer,
        draft=draft,
        group=_group(viewer, payload.group),
        kind=payload.kind,
        title=payload.title,
        body=payload.body,
    )
    return _draft_out(draft)


@router.post(
    "/leadership/drafts/{draft_id}/publish",
    response={200: DraftOut, **error_responses(*WRITE, 404, 422)},
    summary="The leader publishes the draft as their own post",
)
def publish_draft(request: HttpRequest, draft_id: int = Id) -> DraftOut:
    viewer = me(request)
    draft = selectors.access_draft(viewer, draft_id)
    services.publish_draft(actor=viewer, draft=draft)
    return _draft_out(selectors.access_draft(viewer, draft_id))


@router.post(
    "/leadership/drafts/{draft_id}/decline",
    response={200: DraftOut, **error_responses(*WRITE, 404, 422)},
    summary="The leader declines the draft; nothing is published",
)
def decline_draft(request: HttpRequest, draft_id: int = Id) -> DraftOut:
    viewer = me(request)
    draft = services.decline_draft(actor=viewer, draft=selectors.access_draft(viewer, draft_id))
    return _draft_out(draft)
