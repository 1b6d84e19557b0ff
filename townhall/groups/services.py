"""Writes for groups: creating, joining, leaving, requests, invitations, org-chart sync."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from townhall.governance.services import record_audit
from townhall.groups.models import (
    Group,
    GroupInvitation,
    JoinRequest,
    MemberRole,
    Membership,
    Visibility,
)
from townhall.people import permissions
from townhall.people.models import OrgUnit, Person

# Listeners other apps register (notifications); each runs after the transaction commits.
join_requested_listeners: list[Callable[[JoinRequest], None]] = []
group_invited_listeners: list[Callable[[GroupInvitation], None]] = []


def _notify_after_commit(listeners: list[Callable[..., None]], *args: object) -> None:
    for listener in listeners:
        transaction.on_commit(lambda listener=listener: listener(*args))  # type: ignore[misc]


def _unique_slug(name: str) -> str:
    base = slugify(name)[:120] or "group"
    slug, n = base, 2
    while Group.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _refresh_member_count(group: Group) -> None:
    group.member_count = Membership.objects.filter(group=group).count()
    group.save(update_fields=["member_count"])


def company_group() -> Group:
    """The group everyone belongs to; created on first use."""
    group = Group.objects.filter(is_company=True).first()
    if group is None:
        root = OrgUnit.objects.filter(parent__isnull=True).order_by("id").first()
        name = root.name if root else "Everyone"
        try:
            with transaction.atomic():
                group = Group.objects.create(
                    name=name, slug=_unique_slug(name), is_company=True, visibility=Visibility.OPEN
                )
        except IntegrityError:
            group = Group.objects.get(is_company=True)
    return group


@transaction.atomic
def create_group(
    *, actor: Person, name: str, description: str = "", visibility: str = Visibility.OPEN
) -> Group:
    """A new community; its creator is its first admin."""
    if not permissions.can_create_group(actor):
        raise PermissionDenied
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("A group needs a name.")})
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": _("Choose open, private or secret.")})
    group = Group(
        name=name,
        slug=_unique_slug(name),
        description=description.strip(),
        visibility=visibility,
        created_by=actor,
    )
    group.full_clean()
    group.save()
    Membership.objects.create(group=group, person=actor, role=MemberRole.ADMIN)
    _refresh_member_count(group)
    permissions.forget_memberships(actor)
    return group


def _add_member(group: Group, person: Person, role: str = MemberRole.MEMBER) -> bool:
    _membership, created = Membership.objects.get_or_create(
        group=group, person=person, defaults={"role": role}
    )
    if created:
        _refresh_member_count(group)
        permissions.forget_memberships(person)
    return created


@transaction.atomic
def join_group(*, person: Person, group: Group) -> Group:
    """Join an open group; idempotent."""
    if permissions.is_group_member(person, group):
        return group
    if not permissions.can_join_group(person, group):
        raise PermissionDenied
    _add_member(group, person)
    return group


@transaction.atomic
def leave_group(*, person: Person, group: Group) -> Group:
    if group.is_auto_managed:
        raise ValidationError(_("Membership of this group follows the organisation chart."))
    membership = Membership.objects.filter(group=group, person=person).first()
    if membership is None:
        return group
    if (
        membership.role == MemberRole.ADMIN
        and not Membership.objects.filter(group=group, role=MemberRole.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
        and Membership.objects.filter(group=group).count() > 1
    ):
        raise ValidationError(_("Make someone else a group admin before you leave."))
    membership.delete()
    _refresh_member_count(group)
    permissions.forget_memberships(person)
    return group


@transaction.atomic
def request_to_join(*, person: Person, group: Group, message: str = "") -> JoinRequest:
    if not permissions.can_request_to_join(person, group):
        raise PermissionDenied
    existing = JoinRequest.objects.filter(group=group, person=person, decided_at__isnull=True)
    request = existing.first()
    if request is None:
        request = JoinRequest.objects.create(group=group, person=person, message=message[:500])
        _notify_after_commit(join_requested_listeners, request)
    return request


@transaction.atomic
def decide_join_request(*, actor: Person, request: JoinRequest, approve: bool) -> JoinRequest:
    if not permissions.can_manage_group(actor, request.group):
        raise PermissionDenied
    if request.decided_at is not None:
        return request
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.approved = approve
    request.save(update_fields=["decided_at", "decided_by", "approved"])
    if approve:
        _add_member(request.group, request.person)  # type: ignore[arg-type]
    return request


@transaction.atomic
def invite_to_group(*, actor: Person, group: Group, person: Person) -> GroupInvitation:
    if not (
        permissions.can_manage_group(actor, group) or permissions.is_group_member(actor, group)
    ):
        raise PermissionDenied
    if group.is_auto_managed:
        raise ValidationError(_("Membership of this group follows the organisation chart."))
    if permissions.is_group_member(person, group):
        raise ValidationError(_("%(name)s is already a member.") % {"name": person.display_name})
    invitation, created = GroupInvitation.objects.get_or_create(
        group=group, person=person, answered_at=None, defaults={"invited_by": actor}
    )
    if created:
        _notify_after_commit(group_invited_listeners, invitation)
    return invitation


@transaction.atomic
def answer_group_invitation(*, person: Person, invitation: GroupInvitation, accept: bool) -> None:
    if invitation.person_id != person.pk:
        raise PermissionDenied
    if invitation.answered_at is not None:
        return
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["answered_at"])
    if accept:
        _add_member(invitation.group, person)


@transaction.atomic
def set_member_role(*, actor: Person, group: Group, person: Person, role: str) -> None:
    if not permissions.can_manage_group(actor, group):
        raise PermissionDenied
    if role not in MemberRole.values:
        raise ValidationError({"role": _("Unknown role.")})
    updated = Membership.objects.filter(group=group, person=person).update(role=role)
    if not updated:
        raise ValidationError(_("%(name)s is not a member.") % {"name": person.display_name})
    record_audit(
        actor=actor, action="group.role", target=group, details={"person": person.pk, "role": role}
    )


@transaction.atomic
def sync_unit_groups() -> dict[str, int]:
    """Make every org unit's group exist and hold exactly the people in that unit's subtree.

    Runs after org imports and the demo build; idempotent, a few queries per unit.
    """
    company_group()
    created_groups = added = removed = 0
    units = list(OrgUnit.objects.select_related("group").order_by("path"))
    people = list(Person.objects.filter(is_active=True).values_list("id", "primary_unit__path"))
    for unit in units:
        group = getattr(unit, "group", None)
        if group is None:
            group = _unit_group(unit)
            created_groups += 1
        wanted = {pid for pid, path in people if path and path.startswith(unit.path)}
        current = set(Membership.objects.filter(group=group).values_list("person_id", flat=True))
        Membership.objects.bulk_create(
            [Membership(group=group, person_id=pid) for pid in wanted - current],
            ignore_conflicts=True,
        )
        gone = current - wanted
        if gone:
            Membership.objects.filter(group=group, person_id__in=gone).delete()
        added += len(wanted - current)
        removed += len(gone)
        if group.member_count != len(wanted):
            group.member_count = len(wanted)
            group.save(update_fields=["member_count"])
    return {"groups_created": created_groups, "members_added": added, "members_removed": removed}


def member_counts() -> dict[int, int]:
    return dict(Membership.objects.values_list("group").annotate(n=Count("id")))  # type: ignore[arg-type]


def _unit_group(unit: OrgUnit) -> Group:
    """The group that mirrors a unit; the root unit's group is the company group itself."""
    group = Group.objects.filter(unit=unit).first()
    if group is None and unit.parent_id is None:
        company = company_group()
        if company.unit_id is None:
            company.unit = unit
            company.save(update_fields=["unit"])
            return company
    if group is None:
        group = Group.objects.create(
            name=unit.name,
            slug=_unique_slug(unit.name),
            unit=unit,
            visibility=Visibility.OPEN,
            description=unit.description,
        )
    return group


@transaction.atomic
def sync_person_unit_groups(person: Person) -> None:
    """After a person's unit changes: member of their unit's group and every group above it."""
    wanted: set[int] = set()
    unit = person.primary_unit
    if unit is not None and person.is_active:
        ids = [*unit.ancestor_ids(), unit.pk]
        units = {u.pk: u for u in OrgUnit.objects.filter(pk__in=ids)}
        wanted = {_unit_group(units[i]).pk for i in ids if i in units}
    current = set(
        Membership.objects.filter(person=person, group__unit__isnull=False).values_list(
            "group_id", flat=True
        )
    )
    for group_id in wanted - current:
        Membership.objects.get_or_create(group_id=group_id, person=person)
    Membership.objects.filter(person=person, group_id__in=current - wanted).delete()
    for group in Group.objects.filter(pk__in=wanted ^ current):
        _refresh_member_count(group)
    permissions.forget_memberships(person)
