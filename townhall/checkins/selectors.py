"""Reads for check-ins: where mine goes, my past ones, a unit's team round and its settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from townhall.checkins import permissions as checkin_permissions
from townhall.checkins.models import CheckIn, UnitCheckinSettings
from townhall.checkins.weeks import current_week, week_from_key, week_number
from townhall.conversations.models import Post
from townhall.groups.models import Group
from townhall.notifications.models import Notification
from townhall.notifications.targets import TargetView
from townhall.people import permissions
from townhall.people.models import OrgUnit, Person

# A round lists at most this many people; the company root's round with sub-units would be
# everyone, which is what the directory is for.
ROUND_LIMIT = 500
PAST_CHECKINS = 12


def checkin_group(person: Person) -> Group | None:
    """Where a person's check-in is posted.

    A leader posts in the group of the highest unit they manage (it holds everyone below them,
    so their whole org sees it); everyone else in their primary unit's group.
    """
    managed = [
        *Group.objects.filter(unit__manager=person).order_by("unit__depth", "unit__path"),
        *Group.objects.filter(unit_id=person.primary_unit_id or 0),
    ]
    for group in managed:
        if permissions.can_post_in_group(person, group):
            return group
    return None


def share_choices(person: Person, *, home: Group | None) -> QuerySet[Group]:
    """Groups a check-in can also be shared into: every other group the person may post in."""
    ids = permissions.member_group_ids(person)
    qs = Group.objects.filter(Q(is_company=True) | Q(pk__in=sorted(ids)))
    if home is not None:
        qs = qs.exclude(pk=home.pk)
    return qs.order_by("-is_company", "name")


def _with_post(qs: QuerySet[CheckIn]) -> QuerySet[CheckIn]:
    return qs.select_related("post__group", "shared_with", "person__primary_unit")


def my_checkin(person: Person, week: date) -> CheckIn | None:
    """The person's own check-in for a week (their own, so no further check)."""
    if not checkin_permissions.can_check_in(person):
        return None
    return _with_post(CheckIn.objects.filter(person=person, week=week)).first()


def my_past_checkins(person: Person, *, before: date, limit: int = PAST_CHECKINS) -> list[CheckIn]:
    if not checkin_permissions.can_check_in(person):
        return []
    return list(_with_post(CheckIn.objects.filter(person=person, week__lt=before))[:limit])


def access_unit_for_round(viewer: Person | AnonymousUser, slug: str) -> OrgUnit:
    """The unit whose round the viewer asks for: 404 when unknown, 403 when not theirs to see."""
    if not permissions.is_signed_in(viewer):
        raise Http404
    unit = OrgUnit.objects.select_related("manager").filter(slug=slug).first()
    if unit is None:
        raise Http404
    if not checkin_permissions.can_view_round(viewer, unit):
        raise PermissionDenied
    return unit


def unit_settings(unit: OrgUnit) -> UnitCheckinSettings:
    """The unit's reminder settings; an unsaved default (Monday, on) when never set."""
    found = UnitCheckinSettings.objects.filter(unit=unit).first()
    return found or UnitCheckinSettings(unit=unit)


@dataclass
class Round:
    """A unit's check-ins for one week, side by side, and who has not posted yet."""

    unit: OrgUnit
    week: date
    include_subunits: bool
    checkins: list[CheckIn]
    missing: list[Person]
    can_manage: bool
    member_count: int
    truncated: bool
    settings: UnitCheckinSettings | None = None
    hidden: int = 0

    @property
    def previous_week(self) -> date:
        return self.week - timedelta(days=7)

    @property
    def week_end(self) -> date:
        return self.week + timedelta(days=6)

    @property
    def next_week(self) -> date | None:
        following = self.week + timedelta(days=7)
        return following if following <= current_week() else None


def team_round(
    viewer: Person | AnonymousUser, unit: OrgUnit, *, week: date, include_subunits: bool = False
) -> Round:
    """The round for a unit the viewer may see (see access_unit_for_round); four queries."""
    if not checkin_permissions.can_view_round(viewer, unit):
        raise PermissionDenied
    people = Person.objects.filter(is_active=True).select_related("primary_unit")
    if include_subunits:
        people = people.filter(primary_unit__path__startswith=unit.path)
    else:
        people = people.filter(primary_unit=unit)
    members = list(people.order_by("sort_name", "id")[: ROUND_LIMIT + 1])
    truncated = len(members) > ROUND_LIMIT
    members = members[:ROUND_LIMIT]
    readable = Post.objects.filter(permissions.readable_posts_q(viewer), pk=OuterRef("post_id"))
    by_person = {
        c.person_id: c
        for c in CheckIn.objects.filter(week=week, person_id__in=[p.pk for p in members])
        .annotate(readable=Exists(readable))
        .select_related("post__group", "shared_with")
    }
    checkins: list[CheckIn] = []
    missing: list[Person] = []
    hidden = 0
    for person in members:
        checkin = by_person.get(person.pk)
        if checkin is None:
            missing.append(person)
        elif not checkin.readable:  # type: ignore[attr-defined]
            hidden += 1  # posted where this viewer cannot read: neither shown nor "missing"
        else:
            checkin.person = person  # already loaded, with its unit
            checkins.append(checkin)
    can_manage = checkin_permissions.can_manage_round(viewer, unit)
    return Round(
        unit=unit,
        week=week,
        include_subunits=include_subunits,
        checkins=checkins,
        missing=missing if can_manage else [],
        can_manage=can_manage,
        member_count=len(members),
        truncated=truncated,
        settings=unit_settings(unit) if can_manage else None,
        hidden=hidden,
    )


def describe_reminder(notification: Notification, viewer: Person) -> TargetView:
    """How a check-in reminder reads in the bell, the list and emails."""
    if not checkin_permissions.can_see_reminder(viewer, notification):
        return TargetView(text="", url="", accessible=False)
    week = week_from_key(notification.target_id or 0) or current_week()
    return TargetView(
        text=_("Time for your Working Out Loud check-in for week %(number)s")
        % {"number": week_number(week)},
        url=reverse("checkins"),
        snippet=_("What did you do last week, what are you taking on, and where do you need help?"),
    )
