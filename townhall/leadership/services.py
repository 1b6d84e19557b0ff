"""Every write about leadership: onboarding records, following one's line, nudges and drafts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from townhall.conversations.models import Follow, Post
from townhall.conversations.services import follow_person, publish_post
from townhall.governance.services import record_audit
from townhall.groups.models import Group
from townhall.leadership import permissions as leadership_permissions
from townhall.leadership.models import (
    NUDGE_MAX_LENGTH,
    DraftKind,
    DraftPost,
    DraftStatus,
    LeaderOnboarding,
    Nudge,
)
from townhall.leadership.selectors import Onboarding, leaders_above
from townhall.notifications.models import Kind
from townhall.notifications.services import notify
from townhall.people import permissions
from townhall.people.models import Person

NUDGE_TARGET = "leadership.nudge"
DRAFT_TARGET = "leadership.draft"
# One nudge per leader a day (from anyone) keeps coaching from becoming nagging.
NUDGE_LEADER_WINDOW = timedelta(hours=24)
NUDGES_PER_SENDER_PER_HOUR = 20
TITLE_MAX_LENGTH = 200
BODY_MAX_LENGTH = 50_000


# --- Onboarding -----------------------------------------------------------------------------


def start_onboarding(*, person: Person) -> LeaderOnboarding | None:
    """Record when a leader was first seen as one (idempotent); None for non-leaders."""
    if not leadership_permissions.is_active_leader(person):
        return None
    try:
        with transaction.atomic():
            record, _created = LeaderOnboarding.objects.get_or_create(person=person)
    except IntegrityError:  # a concurrent request created it
        record = LeaderOnboarding.objects.get(person=person)
    return record


def start_onboarding_for(*, people: list[Person]) -> int:
    """Create the missing onboarding records of many leaders at once; returns how many."""
    leaders = [p for p in people if leadership_permissions.is_active_leader(p)]
    created = LeaderOnboarding.objects.bulk_create(
        [LeaderOnboarding(person=p) for p in leaders], ignore_conflicts=True
    )
    return len(created)


def record_progress(*, onboarding: Onboarding) -> LeaderOnboarding | None:
    """Note the moment a checklist became complete (once); the steps stay computed."""
    record = onboarding.record
    if record is None or record.completed_at is not None or not onboarding.is_complete:
        return record
    record.completed_at = timezone.now()
    record.save(update_fields=["completed_at"])
    return record


@transaction.atomic
def dismiss_onboarding(*, person: Person) -> LeaderOnboarding:
    """Hide the onboarding card from the leader's home page; the checklist page stays."""
    record = start_onboarding(person=person)
    if record is None:
        raise PermissionDenied
    if record.dismissed_at is None:
        record.dismissed_at = timezone.now()
        record.save(update_fields=["dismissed_at"])
    return record


# --- Following one's line -------------------------------------------------------------------


@dataclass
class FollowLineResult:
    followed: list[Person] = field(default_factory=list)
    already: list[Person] = field(default_factory=list)

    @property
    def newly_followed(self) -> int:
        return len(self.followed)


@transaction.atomic
def follow_my_line(*, person: Person) -> FollowLineResult:
    """Follow every leader above the person (reports-to chain and their unit line's managers)."""
    if not permissions.is_signed_in(person):
        raise PermissionDenied
    leaders = leaders_above(person)
    known = set(
        Follow.objects.filter(follower=person, person_id__in=[p.pk for p in leaders]).values_list(
            "person_id", flat=True
        )
    )
    result = FollowLineResult()
    for leader in leaders:
        if leader.pk in known:
            result.already.append(leader)
        elif permissions.can_view_person(person, leader):
            follow_person(follower=person, person=leader)
            result.followed.append(leader)
    return result


# --- Nudges ---------------------------------------------------------------------------------


def _check_nudge_limits(actor: Person, leader: Person) -> None:
    now = timezone.now()
    if Nudge.objects.filter(leader=leader, created_at__gt=now - NUDGE_LEADER_WINDOW).exists():
        raise ValidationError(
            _("%(name)s was nudged less than 24 hours ago. Give them a day.")
            % {"name": leader.display_name},
            code="rate_limited",
        )
    sent = Nudge.objects.filter(sent_by=actor, created_at__gt=now - timedelta(hours=1)).count()
    if sent >= NUDGES_PER_SENDER_PER_HOUR:
        raise ValidationError(
            _("You have sent %(count)s nudges in the last hour. Please wait a while.")
            % {"count": sent},
            code="rate_limited",
        )


@transaction.atomic
def send_nudge(*, actor: Person, leader: Person, message: str) -> Nudge:
    """A community manager's personal nudge: in-app and by email; one per leader a day."""
    if not leadership_permissions.can_nudge(actor, leader):
        raise PermissionDenied
    message = message.strip()
    if not message:
        raise ValidationError({"message": _("Write a personal message.")})
    if len(message) > NUDGE_MAX_LENGTH:
        raise ValidationError(
            {"message": _("Keep the message under %(max)s characters.") % {"max": NUDGE_MAX_LENGTH}}
        )
    # Lock the leader's row so two simultaneous nudges cannot both pass the daily limit.
    Person.objects.select_for_update().filter(pk=leader.pk).first()
    _check_nudge_limits(actor, leader)
    nudge = Nudge.objects.create(leader=leader, sent_by=actor, message=message)
    transaction.on_commit(
        partial(
            notify,
            recipient=leader,
            kind=Kind.NUDGE,
            actor=actor,
            target_type=NUDGE_TARGET,
            target_id=nudge.pk,
            message=message,
        )
    )
    return nudge


# --- Drafts for leaders ---------------------------------------------------------------------


def _clean_draft(
    *, leader: Person, group: Group, kind: str, title: str, body: str
) -> tuple[str, str]:
    errors: dict[str, str] = {}
    title, body = title.strip(), body.strip()
    if kind not in DraftKind.values:
        errors["kind"] = _("Choose an update or an article.")
    if kind == DraftKind.ARTICLE and not title:
        errors["title"] = _("An article needs a title.")
    if len(title) > TITLE_MAX_LENGTH:
        errors["title"] = _("Keep the title under %(max)s characters.") % {"max": TITLE_MAX_LENGTH}
    if not body:
        errors["body"] = _("Write something first.")
    elif len(body) > BODY_MAX_LENGTH:
        errors["body"] = _("Keep the text under %(max)s characters.") % {"max": BODY_MAX_LENGTH}
    if not permissions.can_post_in_group(leader, group):
        errors["group"] = _("%(name)s cannot post in this group.") % {"name": leader.display_name}
    if errors:
        raise ValidationError(errors)
    return title, body


@transaction.atomic
def prepare_draft(
    *,
    actor: Person,
    leader: Person,
    group: Group,
    body: str,
    kind: str = DraftKind.UPDATE,
    title: str = "",
) -> DraftPost:
    """A community manager prepares a post for a leader, who is told and decides on it."""
    if not leadership_permissions.can_prepare_draft(actor, leader):
        raise PermissionDenied
    if not permissions.can_see_group_exists(actor, group):
        raise ValidationError({"group": _("Choose a group you can see.")})
    title, body = _clean_draft(leader=leader, group=group, kind=kind, title=title, body=body)
    draft = DraftPost.objects.create(
        leader=leader, prepared_by=actor, group=group, kind=kind, title=title, body=body
    )
    record_audit(
        actor=actor,
        action="draft.prepared",
        target=draft,
        details={"leader": leader.pk, "prepared_by": actor.pk, "group": group.pk},
    )
    transaction.on_commit(
        partial(
            notify,
            recipient=leader,
            kind=Kind.DRAFT_FOR_YOU,
            actor=actor,
            target_type=DRAFT_TARGET,
            target_id=draft.pk,
        )
    )
    return draft


@transaction.atomic
def update_draft(
    *,
    actor: Person,
    draft: DraftPost,
    body: str | None = None,
    title: str | None = None,
    group: Group | None = None,
    kind: str | None = None,
) -> DraftPost:
    """The leader edits a pending draft freely before deciding; unchanged fields stay."""
    if not leadership_permissions.can_edit_draft(actor, draft):
        raise PermissionDenied
    group = group if group is not None else draft.group
    kind = kind if kind is not None else draft.kind
    draft.title, draft.body = _clean_draft(
        leader=actor,
        group=group,
        kind=kind,
        title=title if title is not None else draft.title,
        body=body if body is not None else draft.body,
    )
    draft.group, draft.kind, draft.updated_at = group, kind, timezone.now()
    draft.save(update_fields=["title", "body", "group", "kind", "updated_at"])
    return draft


@transaction.atomic
def publish_draft(
    *,
    actor: Person,
    draft: DraftPost,
    body: str | None = None,
    title: str | None = None,
    group: Group | None = None,
    kind: str | None = None,
) -> Post:
    """The leader publishes the draft, as edited, as their own post; audited with the preparer."""
    draft = update_draft(actor=actor, draft=draft, body=body, title=title, group=group, kind=kind)
    post = publish_post(
        author=actor, body=draft.body, kind=draft.kind, group=draft.group, title=draft.title
    )
    draft.status, draft.published_post, draft.decided_at = (
        DraftStatus.PUBLISHED,
        post,
        timezone.now(),
    )
    draft.save(update_fields=["status", "published_post", "decided_at"])
    record_audit(
        actor=actor,
        action="draft.published",
        target=draft,
        details={"post": post.pk, "prepared_by": draft.prepared_by_id, "leader": actor.pk},
    )
    return post


@transaction.atomic
def decline_draft(*, actor: Person, draft: DraftPost) -> DraftPost:
    """The leader says no; nothing is published."""
    if not leadership_permissions.can_edit_draft(actor, draft):
        raise PermissionDenied
    draft.status, draft.decided_at = DraftStatus.DECLINED, timezone.now()
    draft.save(update_fields=["status", "decided_at"])
    record_audit(
        actor=actor,
        action="draft.declined",
        target=draft,
        details={"prepared_by": draft.prepared_by_id, "leader": actor.pk},
    )
    return draft
