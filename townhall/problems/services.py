"""Every write about problems: raising a post, creating one as a problem, status and owner.

Notifications leave after the transaction commits, to recipients chosen through the
permission layer (see selectors.status_followers and selectors.unit_manager_for_raise).
"""

from __future__ import annotations

from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from townhall.conversations.models import Post, PostKind
from townhall.conversations.services import publish_post
from townhall.groups.models import Group
from townhall.notifications.models import Kind
from townhall.notifications.services import notify
from townhall.people.models import OrgUnit, Person
from townhall.problems import permissions, selectors
from townhall.problems.models import EventKind, Problem, ProblemEvent, ProblemStatus

TARGET_TYPE = "problems.problem"
NOTE_MAX = 5000


def _default_owner_unit(post: Post, actor: Person) -> OrgUnit:
    """The author's unit; else the raiser's; else the top of the organisation."""
    author: Person = post.author  # type: ignore[assignment]
    unit = author.primary_unit or actor.primary_unit
    if unit is None:
        unit = OrgUnit.objects.filter(parent__isnull=True).order_by("pk").first()
    if unit is None:
        raise ValidationError(
            {"owner_unit": _("Choose the unit that owns this problem; there is no default.")}
        )
    return unit


def _clean_note(note: str) -> str:
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {"note": _("Keep the note under %(max)s characters.") % {"max": NOTE_MAX}}
        )
    return note


def _problem_for_notices(problem_id: int) -> Problem | None:
    return (
        Problem.objects.select_related("post__group", "post__author", "owner_unit__manager")
        .filter(pk=problem_id)
        .first()
    )


def _announce_raised(problem_id: int, actor_id: int) -> None:
    """The owner unit's manager hears of a new problem; an author hears their post was raised."""
    problem = _problem_for_notices(problem_id)
    actor = Person.objects.filter(pk=actor_id).first()
    if problem is None or actor is None:
        return
    manager = selectors.unit_manager_for_raise(problem)
    if manager is not None:
        notify(
            recipient=manager,
            kind=Kind.PROBLEM_RAISED,
            actor=actor,
            post=problem.post,
            target_type=TARGET_TYPE,
            target_id=problem.pk,
        )
    author: Person = problem.post.author  # type: ignore[assignment]
    if author.pk != actor.pk and (manager is None or manager.pk != author.pk):
        notify(
            recipient=author,
            kind=Kind.PROBLEM_STATUS,
            actor=actor,
            post=problem.post,
            target_type=TARGET_TYPE,
            target_id=problem.pk,
        )


def _announce_status(problem_id: int, actor_id: int) -> None:
    """The post's author and the people following it hear of a status change."""
    problem = _problem_for_notices(problem_id)
    actor = Person.objects.filter(pk=actor_id).first()
    if problem is None or actor is None:
        return
    for person in selectors.status_followers(problem):
        notify(
            recipient=person,
            kind=Kind.PROBLEM_STATUS,
            actor=actor,
            post=problem.post,
            target_type=TARGET_TYPE,
            target_id=problem.pk,
        )


def _announce_new_owner(problem_id: int, actor_id: int) -> None:
    """A problem handed to another unit lands with that unit's manager."""
    problem = _problem_for_notices(problem_id)
    actor = Person.objects.filter(pk=actor_id).first()
    if problem is None or actor is None:
        return
    manager = selectors.unit_manager_for_raise(problem)
    if manager is not None:
        notify(
            recipient=manager,
            kind=Kind.PROBLEM_RAISED,
            actor=actor,
            post=problem.post,
            target_type=TARGET_TYPE,
            target_id=problem.pk,
        )


@transaction.atomic
def raise_problem(*, actor: Person, post: Post, owner_unit: OrgUnit | None = None) -> Problem:
    """Raise a post as a problem owned by `owner_unit` (default: the author's unit)."""
    if not permissions.can_raise_problem(actor, post):
        raise PermissionDenied
    if Problem.objects.filter(post_id=post.pk).exists():
        raise ValidationError({"post": _("This post is already a problem.")})
    unit = owner_unit or _default_owner_unit(post, actor)
    now = timezone.now()
    try:
        with transaction.atomic():
            problem = Problem.objects.create(
                post=post, owner_unit=unit, raised_by=actor, raised_at=now
            )
    except IntegrityError as exc:
        # Two people raised the same post at once; the first one won.
        raise ValidationError({"post": _("This post is already a problem.")}) from exc
    ProblemEvent.objects.create(
        problem=problem,
        kind=EventKind.RAISED,
        actor=actor,
        to_status=ProblemStatus.OPEN,
        owner_unit=unit,
        created_at=now,
    )
    transaction.on_commit(partial(_announce_raised, problem.pk, actor.pk))
    return problem


@transaction.atomic
def create_problem(
    *,
    author: Person,
    title: str,
    body: str,
    group: Group | None = None,
    owner_unit: OrgUnit | None = None,
    language: str = "",
) -> Problem:
    """Publish a post describing a problem and raise it, all or nothing."""
    if not permissions.can_create_problem(author):
        raise PermissionDenied
    if not title.strip():
        raise ValidationError({"title": _("Give the problem a short title.")})
    post = publish_post(
        author=author,
        title=title,
        body=body,
        group=group,
        kind=PostKind.UPDATE,
        language=language,
    )
    return raise_problem(actor=author, post=post, owner_unit=owner_unit)


@transaction.atomic
def change_status(*, actor: Person, problem: Problem, status: str, note: str = "") -> Problem:
    """Move a problem to `status`; resolving needs a resolution note; resolved ones can reopen."""
    if not permissions.can_change_problem(actor, problem):
        raise PermissionDenied
    if status not in ProblemStatus.values:
        raise ValidationError({"status": _("Choose open, in progress or resolved.")})
    note = _clean_note(note)
    if status == ProblemStatus.RESOLVED and not note:
        raise ValidationError({"note": _("Say how the problem was resolved.")})
    # Locked, so two leaders clicking at once leave one consistent history.
    locked = Problem.objects.select_for_update().get(pk=problem.pk)
    if locked.status == status:
        raise ValidationError({"status": _("The problem already has this status.")})
    now = timezone.now()
    before = locked.status
    locked.status = status
    if status == ProblemStatus.RESOLVED:
        locked.resolved_at = now
        locked.resolved_by = actor
        locked.resolution_note = note
        locked.time_to_resolution = now - locked.raised_at
    else:
        # Reopened: the clock runs from the original raise; the old note stays in the timeline.
        locked.resolved_at = None
        locked.resolved_by = None
        locked.resolution_note = ""
        locked.time_to_resolution = None
    locked.save(
        update_fields=[
            "status",
            "resolved_at",
            "resolved_by",
            "resolution_note",
            "time_to_resolution",
        ]
    )
    ProblemEvent.objects.create(
        problem=locked,
        kind=EventKind.STATUS,
        actor=actor,
        from_status=before,
        to_status=status,
        note=note,
        created_at=now,
    )
    transaction.on_commit(partial(_announce_status, locked.pk, actor.pk))
    for name in (
        "status",
        "resolved_at",
        "resolved_by",
        "resolution_note",
        "time_to_resolution",
    ):
        setattr(problem, name, getattr(locked, name))
    return problem


@transaction.atomic
def change_owner_unit(
    *, actor: Person, problem: Problem, owner_unit: OrgUnit, note: str = ""
) -> Problem:
    """Hand the problem to another unit; its manager is told."""
    if not permissions.can_change_problem(actor, problem):
        raise PermissionDenied
    note = _clean_note(note)
    if owner_unit.pk == problem.owner_unit_id:
        raise ValidationError({"owner_unit": _("This unit already owns the problem.")})
    problem.owner_unit = owner_unit
    problem.save(update_fields=["owner_unit"])
    ProblemEvent.objects.create(
        problem=problem, kind=EventKind.OWNER, actor=actor, owner_unit=owner_unit, note=note
    )
    transaction.on_commit(partial(_announce_new_owner, problem.pk, actor.pk))
    return problem
