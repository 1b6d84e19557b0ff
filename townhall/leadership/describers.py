"""How nudges and drafts read in notifications and their emails (asked of our permissions)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from townhall.leadership import permissions as leadership_permissions
from townhall.leadership.models import DraftPost, Nudge
from townhall.notifications.models import Notification
from townhall.notifications.targets import TargetView, register_target
from townhall.people.models import Person

SNIPPET_CHARS = 160


def _actor(notification: Notification) -> str:
    actor = notification.actor
    return actor.display_name if actor is not None else _("Someone")


def describe_nudge(notification: Notification, viewer: Person) -> TargetView:
    """A nudge is for its leader only; the personal message is the snippet."""
    nudge = Nudge.objects.filter(pk=notification.target_id or 0).first()
    if nudge is None or nudge.leader_id != viewer.pk:
        return TargetView(text="", url="", accessible=False)
    return TargetView(
        text=_("%(actor)s sent you a nudge") % {"actor": _actor(notification)},
        url=reverse("leadership_onboarding"),
        # In full (at most 500 characters): it is the personal message the email carries.
        snippet=notification.message or nudge.message,
    )


def describe_draft(notification: Notification, viewer: Person) -> TargetView:
    draft = DraftPost.objects.filter(pk=notification.target_id or 0).first()
    if draft is None or not leadership_permissions.can_view_draft(viewer, draft):
        return TargetView(text="", url="", accessible=False)
    return TargetView(
        text=_("%(actor)s prepared a draft post for you") % {"actor": _actor(notification)},
        url=draft.get_absolute_url(),
        snippet=Truncator(draft.title or draft.body).chars(SNIPPET_CHARS),
    )


def register() -> None:
    register_target("leadership.nudge", describe_nudge)
    register_target("leadership.draft", describe_draft)
