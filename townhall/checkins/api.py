"""The checkins part of the REST API: the same services, selectors and permissions as the pages."""

from __future__ import annotations

from datetime import date
from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.params.functions import Path, Query

from townhall.checkins import permissions as checkin_permissions
from townhall.checkins import selectors, services
from townhall.checkins.schemas import (
    CheckInIn,
    CheckInOut,
    CheckinSettingsIn,
    CheckinSettingsOut,
    RoundOut,
)
from townhall.checkins.weeks import current_week, parse_week, week_label
from townhall.groups.models import Group
from townhall.people.models import Person
from townhall.people.schemas import SLUG, PersonSummary, UnitRef, error_responses

router = Router(tags=["check-ins"])

READ = (401, 429)
WRITE = (401, 403, 429)
WEEK_QUERY = Query(
    "",
    max_length=8,
    pattern=r"^(\d{4}-W\d{2})?$",
    description="ISO week like 2026-W10; this week when empty",
)


def _me(request: HttpRequest) -> Person:
    return cast(Person, request.auth)  # type: ignore[attr-defined]


def _week(raw: str, *, future: bool = False) -> date:
    if not raw:
        return current_week()
    week = parse_week(raw)
    if week is None or (not future and week > current_week()):
        raise ValidationError({"week": _("Enter this week or an earlier one, like 2026-W10.")})
    return week


def _share_group(me: Person, slug: str | None) -> Group | None:
    if not slug:
        return None
    group = Group.objects.filter(slug=slug).first()
    if group is None:
        # The same answer as for a group one may not post in: a slug confirms nothing.
        raise ValidationError({"share_with": _("Choose a group you can post in.")})
    return group


@router.get(
    "/checkins/me",
    response={200: CheckInOut, **error_responses(*READ, 404, 422)},
    summary="Your check-in for a week",
)
def get_my_checkin(request: HttpRequest, week: str = WEEK_QUERY) -> CheckInOut:
    me = _me(request)
    found = selectors.my_checkin(me, _week(week))
    if found is None:
        raise Http404
    return CheckInOut.of(found)


@router.put(
    "/checkins/me",
    response={200: CheckInOut, 201: CheckInOut, **error_responses(*WRITE, 422)},
    summary="Post or update your check-in for a week",
    description="Posts the check-in in your unit's group (a leader's: the highest unit they "
    "manage) or edits that post; `share_with` also shares it into one more group.",
)
def put_my_checkin(
    request: HttpRequest, payload: CheckInIn, week: str = WEEK_QUERY
) -> Status[CheckInOut]:
    me = _me(request)
    chosen = _week(week)
    existed = selectors.my_checkin(me, chosen) is not None
    checkin = services.submit_checkin(
        person=me,
        week=chosen,
        did=payload.did,
        doing=payload.doing,
        need_help=payload.need_help,
        share_with=_share_group(me, payload.share_with),
    )
    found = selectors.my_checkin(me, checkin.week)
    return Status(200 if existed else 201, CheckInOut.of(found or checkin))


@router.get(
    "/checkins",
    response={200: RoundOut, **error_responses(*READ, 403, 404, 422)},
    summary="A unit's team round for a week",
    description="Every check-in of the unit's people for the week. Who has not posted yet "
    "(`missing`) is listed only for the unit's leaders, community managers and admins.",
)
def get_round(
    request: HttpRequest,
    unit: str = Query(..., max_length=220, pattern=SLUG, description="Unit slug"),
    week: str = WEEK_QUERY,
    subunits: bool = Query(False, description="Include the people of sub-units"),
) -> RoundOut:
    me = _me(request)
    found_unit = selectors.access_unit_for_round(me, unit)
    found = selectors.team_round(me, found_unit, week=_week(week), include_subunits=subunits)
    return RoundOut(
        unit=UnitRef.of(found.unit),  # type: ignore[arg-type]
        week=week_label(found.week),
        previous_week=week_label(found.previous_week),
        next_week=week_label(found.next_week) if found.next_week else None,
        include_subunits=found.include_subunits,
        member_count=found.member_count,
        truncated=found.truncated,
        checkins=[CheckInOut.of(c) for c in found.checkins],
        missing_visible=found.can_manage,
        missing=[s for s in map(PersonSummary.of, found.missing) if s is not None],
    )


@router.get(
    "/units/{slug}/checkin-settings",
    response={200: CheckinSettingsOut, **error_responses(*READ, 403, 404, 422)},
    summary="A unit's check-in reminder day",
)
def get_settings(
    request: HttpRequest, slug: str = Path(..., max_length=220, pattern=SLUG)
) -> CheckinSettingsOut:
    unit = selectors.access_unit_for_round(_me(request), slug)
    return CheckinSettingsOut.of(selectors.unit_settings(unit))


@router.patch(
    "/units/{slug}/checkin-settings",
    response={200: CheckinSettingsOut, **error_responses(*WRITE, 404, 422)},
    summary="Change a unit's check-in reminder day (its leaders)",
)
def patch_settings(
    request: HttpRequest,
    payload: CheckinSettingsIn,
    slug: str = Path(..., max_length=220, pattern=SLUG),
) -> CheckinSettingsOut:
    me = _me(request)
    unit = selectors.access_unit_for_round(me, slug)
    if not checkin_permissions.can_manage_round(me, unit):
        raise PermissionDenied
    current = selectors.unit_settings(unit)
    found = services.set_reminder_day(
        actor=me,
        unit=unit,
        weekday=current.reminder_weekday
        if payload.reminder_weekday is None
        else payload.reminder_weekday,
        enabled=current.reminders_enabled
        if payload.reminders_enabled is None
        else payload.reminders_enabled,
    )
    return CheckinSettingsOut.of(found)
