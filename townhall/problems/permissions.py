"""Who may see, raise and move problems; built on the one permission layer (people.permissions).

A problem is exactly as visible as its post. Raising and changing status is for the people
who are expected to drive a fix:

- the post's author (it is their problem) and whoever raised it;
- the manager of the owner unit and the managers of every unit above it (OrgUnit.path);
- community managers and admins.

Raising *someone else's* post as a problem is for leaders (anyone with the leader role) and
moderators, never for every reader: turning a colleague's post into a public problem with a
status is a step the author or a leader takes, not any bystander. Helpers (people @mentioned
on the post or its comments) work on the problem in the comments; they do not change status.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser

from townhall.people import permissions

if TYPE_CHECKING:
    from townhall.conversations.models import Post
    from townhall.people.models import OrgUnit, Person
    from townhall.problems.models import Problem


def managed_unit_ids(viewer: Person | AnonymousUser) -> frozenset[int]:
    """Ids of the units the viewer manages, loaded once per viewer object."""
    if not permissions.is_signed_in(viewer):
        return frozenset()
    cached: frozenset[int] | None = getattr(viewer, "_problems_managed_unit_ids", None)
    if cached is None:
        from townhall.people.models import OrgUnit

        cached = frozenset(
            OrgUnit.objects.filter(manager_id=viewer.pk or 0).values_list("pk", flat=True)
        )
        viewer._problems_managed_unit_ids = cached  # type: ignore[union-attr]
    return cached


def leads_unit(viewer: Person | AnonymousUser, unit: OrgUnit) -> bool:
    """The viewer manages `unit` or a unit above it."""
    mine = managed_unit_ids(viewer)
    return bool(mine) and any(pk in mine for pk in (*unit.ancestor_ids(), unit.pk))


def can_view_problem(viewer: Person | AnonymousUser, problem: Problem) -> bool:
    """Whoever may read the post may see its problem, its helpers and its timeline."""
    return permissions.can_view_post(viewer, problem.post)


def can_raise_problem(viewer: Person | AnonymousUser, post: Post) -> bool:
    """The author raises their own post; leaders and moderators may raise anyone's."""
    if not permissions.can_view_post(viewer, post):
        return False
    return (
        post.author_id == viewer.pk
        or bool(getattr(viewer, "is_leader", False))
        or permissions.can_moderate(viewer)
    )


def can_create_problem(viewer: Person | AnonymousUser) -> bool:
    """Anyone signed in may post a new problem (in a group they may post in)."""
    return permissions.is_signed_in(viewer)


def can_change_problem(viewer: Person | AnonymousUser, problem: Problem) -> bool:
    """Status and owner unit: author, raiser, leaders of the owner unit and above, moderators."""
    if not can_view_problem(viewer, problem):
        return False
    return (
        problem.post.author_id == viewer.pk
        or problem.raised_by_id == viewer.pk
        or permissions.can_moderate(viewer)
        or leads_unit(viewer, problem.owner_unit)
    )
