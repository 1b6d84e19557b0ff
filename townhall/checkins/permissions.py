"""Who may check in, see a check-in, see a unit's team round and set its reminders.

Built on townhall.people.permissions. Decisions:
- A check-in is seen by whoever may see its post (a unit group is open by default, so a
  leader's check-in reaches everyone in the org below them, and usually everyone).
- A unit's round (the check-ins side by side) is for the unit's manager, the leaders of the
  units above it, community managers and admins, and also for the people in the unit itself:
  Working Out Loud is about making work visible to the team, and they can read the same posts
  in their unit's group anyway.
- Who has *not* posted yet, and the reminder day, are only for the unit's leaders, community
  managers and admins: a list of colleagues who missed a week is a leader's tool, not a
  public board.
- Everyone else (another department, people in no unit) never sees a unit's round.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser

from townhall.people import permissions

if TYPE_CHECKING:
    from townhall.checkins.models import CheckIn
    from townhall.notifications.models import Notification
    from townhall.people.models import OrgUnit, Person


def can_check_in(viewer: Person | AnonymousUser) -> bool:
    """Every signed-in person may post a check-in (where it goes is the service's question)."""
    return permissions.is_signed_in(viewer)


def can_view_checkin(viewer: Person | AnonymousUser, checkin: CheckIn) -> bool:
    return permissions.can_view_post(viewer, checkin.post)


def leads_unit(viewer: Person | AnonymousUser, unit: OrgUnit) -> bool:
    """The unit's manager or the manager of any unit above it."""
    if not permissions.is_signed_in(viewer):
        return False
    if unit.manager_id is not None and unit.manager_id == viewer.pk:
        return True
    ancestors = unit.ancestor_ids()
    if not ancestors:
        return False
    from townhall.people.models import OrgUnit

    return OrgUnit.objects.filter(pk__in=ancestors, manager_id=viewer.pk).exists()


def is_in_unit(viewer: Person | AnonymousUser, unit: OrgUnit) -> bool:
    """The viewer's primary unit is this unit or one below it."""
    if not permissions.is_signed_in(viewer):
        return False
    primary = getattr(viewer, "primary_unit", None)
    return primary is not None and primary.path.startswith(unit.path)


def can_manage_round(viewer: Person | AnonymousUser, unit: OrgUnit) -> bool:
    """Who sees the "not posted yet" list and sets the reminder day."""
    return (
        permissions.is_admin(viewer)
        or permissions.is_community_manager(viewer)
        or leads_unit(viewer, unit)
    )


def can_view_round(viewer: Person | AnonymousUser, unit: OrgUnit) -> bool:
    return can_manage_round(viewer, unit) or is_in_unit(viewer, unit)


def can_see_reminder(viewer: Person | AnonymousUser, notification: Notification) -> bool:
    """A reminder is its recipient's own, while they may still check in."""
    return can_check_in(viewer) and notification.recipient_id == viewer.pk


def can_record_video(viewer: Person | AnonymousUser) -> bool:
    """Leaders get "Record a video" in the composer: short, personal videos are their tool.

    Anyone may still upload a video file; recording only produces such a file in the browser.
    """
    return permissions.is_signed_in(viewer) and bool(getattr(viewer, "is_leader", False))
