"""The problems part of the REST API: the same services, selectors and permissions as the pages."""

from __future__ import annotations

from typing import cast

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.params.functions import Path, Query

from townhall.conversations.api import (
    MAX_ID,
    PAGE_LIMIT,
    READ,
    WRITE,
    group_or_field_error,
    group_ref,
    me,
    rate_limited_as_429,
)
from townhall.feeds import selectors as feeds
from townhall.people.models import OrgUnit, Person
from townhall.people.schemas import PersonSummary, error_responses
from townhall.problems import permissions, selectors, services
from townhall.problems.models import Problem, ProblemEvent
from townhall.problems.schemas import (
    OwnerIn,
    ProblemDetailOut,
    ProblemEventOut,
    ProblemIn,
    ProblemOut,
    ProblemPage,
    ProblemPostRef,
    RaiseIn,
    StatusIn,
    StatusName,
    UnitRef,
)

router = Router(tags=["problems"])

ProblemId = Path(..., ge=1, le=MAX_ID)
PostId = Path(..., ge=1, le=MAX_ID)
UnitFilter = Query("", max_length=220, pattern=r"^[-a-zA-Z0-9_]*$", description="Unit slug")
StatusFilter = Query(None, description="Only problems with this status")
SubunitsFilter = Query(True, description="With `unit`: also its sub-units")
After = Query("", max_length=500, description="`next_cursor` of the previous page")
Limit = Query(selectors.PAGE_SIZE, ge=1, le=PAGE_LIMIT)


def _unit_ref(unit: OrgUnit) -> UnitRef:
    return UnitRef(id=unit.pk, slug=unit.slug, name=unit.name)


def _person(person: Person | None) -> PersonSummary | None:
    return PersonSummary.of(person)


def _unit_or_field_error(slug: str | None, field: str) -> OrgUnit | None:
    if not slug:
        return None
    unit = OrgUnit.objects.filter(slug=slug).first()
    if unit is None:
        raise ValidationError({field: _("There is no unit with this slug.")})
    return unit


def _problem_out(problem: Problem) -> ProblemOut:
    post = problem.post
    ttr = problem.time_to_resolution
    return ProblemOut(
        id=problem.pk,
        post=ProblemPostRef(
            id=post.pk,
            title=post.title,
            body=post.body,
            author=cast(PersonSummary, _person(post.author)),  # type: ignore[arg-type]
            group=group_ref(post.group),
            comment_count=post.comment_count,
            created_at=post.created_at,
        ),
        owner_unit=_unit_ref(problem.owner_unit),
        status=cast(StatusName, problem.status),
        status_label=str(problem.get_status_display()),
        raised_by=cast(PersonSummary, _person(problem.raised_by)),  # type: ignore[arg-type]
        raised_at=problem.raised_at,
        resolved_at=problem.resolved_at,
        resolved_by=_person(problem.resolved_by),  # type: ignore[arg-type]
        resolution_note=problem.resolution_note,
        time_to_resolution_seconds=int(ttr.total_seconds()) if ttr is not None else None,
    )


def _event_out(event: ProblemEvent) -> ProblemEventOut:
    return ProblemEventOut(
        kind=event.kind,  # type: ignore[arg-type]
        actor=_person(event.actor),  # type: ignore[arg-type]
        from_status=event.from_status,  # type: ignore[arg-type]
        to_status=event.to_status,  # type: ignore[arg-type]
        owner_unit=_unit_ref(event.owner_unit) if event.owner_unit else None,
        note=event.note,
        created_at=event.created_at,
    )


def _detail(viewer: Person, problem_id: int) -> ProblemDetailOut:
    problem = selectors.access_problem(viewer, problem_id)
    return ProblemDetailOut(
        **_problem_out(problem).model_dump(),
        helpers=[cast(PersonSummary, _person(p)) for p in selectors.helpers(problem)],
        events=[_event_out(e) for e in selectors.timeline(problem)],
        can_change=permissions.can_change_problem(viewer, problem),
    )


@router.get(
    "/problems",
    response={200: ProblemPage, **error_responses(*READ, 422)},
    summary="Problems you can see, newest first (a unit and its sub-units with `unit=`)",
)
def list_problems(
    request: HttpRequest,
    unit: str = UnitFilter,
    status: StatusName | None = StatusFilter,
    include_subunits: bool = SubunitsFilter,
    after: str = After,
    limit: int = Limit,
) -> ProblemPage:
    viewer = me(request)
    owner = _unit_or_field_error(unit, "unit")
    page = selectors.problems_board(
        viewer,
        unit=owner,
        status=status,
        include_subunits=include_subunits,
        after=after,
        limit=limit,
    )
    return ProblemPage(items=[_problem_out(p) for p in page.problems], next_cursor=page.next_cursor)


@router.get(
    "/problems/{problem_id}",
    response={200: ProblemDetailOut, **error_responses(*READ, 404, 422)},
    summary="A problem with its helpers and timeline",
)
def get_problem(request: HttpRequest, problem_id: int = ProblemId) -> ProblemDetailOut:
    return _detail(me(request), problem_id)


@router.post(
    "/problems",
    response={201: ProblemDetailOut, **error_responses(*WRITE, 422)},
    summary="Publish a post and raise it as a problem in one step",
)
def create_problem(request: HttpRequest, payload: ProblemIn) -> Status[ProblemDetailOut]:
    viewer = me(request)
    group = group_or_field_error(viewer, payload.group, "group")
    owner = _unit_or_field_error(payload.owner_unit, "owner_unit")
    with rate_limited_as_429():
        problem = services.create_problem(
            author=viewer,
            title=payload.title,
            body=payload.body,
            group=group,
            owner_unit=owner,
            language=payload.language,
        )
    return Status(201, _detail(viewer, problem.pk))


@router.post(
    "/posts/{post_id}/problem",
    response={201: ProblemDetailOut, **error_responses(*WRITE, 404, 422)},
    summary="Raise a post as a problem (its author, leaders and moderators)",
)
def raise_problem(
    request: HttpRequest, payload: RaiseIn, post_id: int = PostId
) -> Status[ProblemDetailOut]:
    viewer = me(request)
    post = feeds.access_post(viewer, post_id)
    owner = _unit_or_field_error(payload.owner_unit, "owner_unit")
    problem = services.raise_problem(actor=viewer, post=post, owner_unit=owner)
    return Status(201, _detail(viewer, problem.pk))


@router.post(
    "/problems/{problem_id}/status",
    response={200: ProblemDetailOut, **error_responses(*WRITE, 404, 422)},
    summary="Change a problem's status (resolving needs a note; resolved ones can reopen)",
)
def change_status(
    request: HttpRequest, payload: StatusIn, problem_id: int = ProblemId
) -> ProblemDetailOut:
    viewer = me(request)
    problem = selectors.access_problem(viewer, problem_id)
    services.change_status(actor=viewer, problem=problem, status=payload.status, note=payload.note)
    return _detail(viewer, problem.pk)


@router.post(
    "/problems/{problem_id}/owner",
    response={200: ProblemDetailOut, **error_responses(*WRITE, 404, 422)},
    summary="Hand a problem to another unit; its manager is told",
)
def change_owner(
    request: HttpRequest, payload: OwnerIn, problem_id: int = ProblemId
) -> ProblemDetailOut:
    viewer = me(request)
    problem = selectors.access_problem(viewer, problem_id)
    owner = cast(OrgUnit, _unit_or_field_error(payload.owner_unit, "owner_unit"))
    services.change_owner_unit(actor=viewer, problem=problem, owner_unit=owner, note=payload.note)
    return _detail(viewer, problem.pk)
