"""Template questions for check-ins and short videos, answered by townhall.checkins.permissions."""

from __future__ import annotations

from django import template
from django.contrib.auth.models import AnonymousUser

from townhall.checkins import permissions
from townhall.people.models import OrgUnit, Person

register = template.Library()


@register.filter
def can_record_video(user: Person | AnonymousUser) -> bool:
    """Whether the composer offers "Record a video" (leaders)."""
    return permissions.can_record_video(user)


@register.simple_tag
def can_view_round(user: Person | AnonymousUser, unit: OrgUnit) -> bool:
    """Whether the unit page links to the unit's team round."""
    return permissions.can_view_round(user, unit)
