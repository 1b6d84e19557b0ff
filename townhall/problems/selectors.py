"""Reads for problems, always through the permission layer: boards, the leader's open list,
the post page's panel, helpers, timelines and time-to-resolution statistics."""

from __future__ import annotations

import html
import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, cast

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from townhall.conversations.models import Mention, Post
from townhall.notifications.targets import TargetView
from townhall.people import permissions
from townhall.people.models import OrgUnit, Person
from townhall.people.selectors import decode_cursor, encode_cursor
from townhall.problems import permissions as problem_permissions
from townhall.problems.models import UNRESOLVED, EventKind, Problem, ProblemEvent, ProblemStatus

if TYPE_CHECKING:
    from townhall.notifications.models import Notification

PAGE_SIZE = 25
STATS_DAYS = 90
MAX_ID = 2**63 - 1
TITLE_CHARS = 80
SNIPPET_CHARS = 160
RELATED = (
    "post",
    "post__author",
    "post__author__primary_unit",
    "post__group",
    "owner_unit",
    "raised_by",
    "resolved_by",
)


def problems_visible_to(viewer: Person | AnonymousUser) -> QuerySet[Problem]:
    """Problems on live posts the viewer may read (the post's group decides, nothing else)."""
    if not permissions.is_signed_in(viewer):
        return Problem.objects.none()
    readable = Post.objects.filter(permissions.readable_posts_q(viewer), pk=OuterRef("post_id"))
    return Problem.objects.filter(Exists(readable))


def _in_unit(unit: OrgUnit, include_subunits: bool) -> Q:
    if include_subunits:
        return Q(owner_unit__path__startswith=unit.path)
    return Q(owner_unit=unit)


@dataclass(frozen=True)
class BoardPage:
    problems: list[Problem]
    next_cursor: str | None


def board_cursor(after: str) -> tuple[datetime, int] | None:
    """A (raised_at, id) keyset cursor; a forged or damaged one is a field error, not page 1."""
    if not after:
        return None
    values = decode_cursor(after, 2)
    error = ValidationError({"after": _("This cursor is not valid; start from the first page.")})
    if values is None or not isinstance(values[0], str):
        raise error
    pk = values[1]
    if not isinstance(pk, int) or isinstance(pk, bool) or not 0 <= pk <= MAX_ID:
        raise error
    try:
        when = parse_datetime(values[0])
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        raise error
    return when, pk


def problems_board(
    viewer: Person | AnonymousUser,
    *,
    unit: OrgUnit | None,
    status: str | None = None,
    include_subunits: bool = True,
    after: str = "",
    limit: int = PAGE_SIZE,
) -> BoardPage:
    """A unit's problems (and its sub-units'), newest first, keyset-paginated; two queries.

    `unit=None` is the whole organisation; `status` narrows to one status.
    """
    qs = problems_visible_to(viewer).select_related(*RELATED)
    if unit is not None:
        qs = qs.filter(_in_unit(unit, include_subunits))
    if status:
        if status not in ProblemStatus.values:
            raise ValidationError({"status": _("Choose open, in progress or resolved.")})
        qs = qs.filter(status=status)
    cursor = board_cursor(after)
    if cursor is not None:
        when, pk = cursor
        qs = qs.filter(Q(raised_at__lt=when) | Q(raised_at=when, id__lt=pk))
    rows = list(qs.order_by("-raised_at", "-id")[: limit + 1])
    page = rows[:limit]
    next_cursor = None
    if len(rows) > limit:
        next_cursor = encode_cursor([page[-1].raised_at.isoformat(), page[-1].pk])
    return BoardPage(problems=page, next_cursor=next_cursor)


def open_problems_for_leader(leader: Person) -> QuerySet[Problem]:
    """Unresolved problems owned by a unit the leader manages or one below it, newest first.

    The contract the leader inbox relies on: readable by the leader, with post, author and
    unit loaded.
    """
    units = list(OrgUnit.objects.filter(manager_id=leader.pk or 0).values_list("path", flat=True))
    if not units:
        return Problem.objects.none()
    below = Q()
    for path in units:
        below |= Q(owner_unit__path__startswith=path)
    return (
        problems_visible_to(leader)
        .filter(below, status__in=UNRESOLVED)
        .select_related(*RELATED)
        .order_by("-raised_at", "-id")
    )


def access_problem(viewer: Person | AnonymousUser, pk: int) -> Problem:
    """A problem the viewer may see, or 404 (never revealing that a private one exists)."""
    problem = problems_visible_to(viewer).select_related(*RELATED).filter(pk=pk).first()
    if problem is None:
        raise Http404
    return problem


def problem_for_post(viewer: Person | AnonymousUser, post: Post) -> Problem | None:
    """The post's problem, when it has one and the viewer may read the post; one query."""
    if not permissions.can_view_post(viewer, post):
        return None
    problem = (
        Problem.objects.select_related("owner_unit", "raised_by", "resolved_by")
        .filter(post_id=post.pk)
        .first()
    )
    if problem is not None:
        problem.post = post  # already loaded and checked: no second fetch
    return problem


def helpers(problem: Problem) -> list[Person]:
    """People @mentioned on the post or in its live comments: the problem's helpers."""
    mentioned = (
        Mention.objects.filter(post_id=problem.post_id, person__isnull=False)
        .filter(Q(comment__isnull=True) | Q(comment__deleted_at__isnull=True))
        .values("person_id")
    )
    return list(
        Person.objects.filter(pk__in=mentioned, is_active=True)
        .select_related("primary_unit")
        .order_by("sort_name", "id")
    )


def timeline(problem: Problem) -> list[ProblemEvent]:
    """The problem's history, oldest first, with who did what."""
    return list(ProblemEvent.objects.filter(problem=problem).select_related("actor", "owner_unit"))


@dataclass(frozen=True)
class BoardStats:
    open: int
    in_progress: int
    resolved_recently: int
    median_time_to_resolution: timedelta | None
    days: int = STATS_DAYS


def board_stats(
    viewer: Person | AnonymousUser,
    *,
    unit: OrgUnit | None,
    include_subunits: bool = True,
    now: datetime | None = None,
) -> BoardStats:
    """Open and in-progress counts, and the median time to resolution over the last 90 days.

    Counted only over problems the viewer may read, so a private group's problems never
    show up even as a number. Two queries.
    """
    qs = problems_visible_to(viewer)
    if unit is not None:
        qs = qs.filter(_in_unit(unit, include_subunits))
    counts = {
        row["status"]: row["n"]
        for row in qs.filter(status__in=UNRESOLVED).values("status").annotate(n=Count("id"))
    }
    since = (now or timezone.now()) - timedelta(days=STATS_DAYS)
    durations = [
        cast(timedelta, d)
        for d in qs.filter(status=ProblemStatus.RESOLVED, resolved_at__gte=since)
        .exclude(time_to_resolution__isnull=True)
        .values_list("time_to_resolution", flat=True)
    ]
    median = None
    if durations:
        seconds = statistics.median(d.total_seconds() for d in durations)
        median = timedelta(seconds=round(seconds))
    return BoardStats(
        open=counts.get(ProblemStatus.OPEN, 0),
        in_progress=counts.get(ProblemStatus.IN_PROGRESS, 0),
        resolved_recently=len(durations),
        median_time_to_resolution=median,
    )


def status_followers(problem: Problem) -> list[Person]:
    """Who hears of a status change: the post's author, whoever raised it, its commenters,
    the people who saved it and its helpers; each still able to read the post.

    Conversations has no "follow this post"; these are the people who showed they care.
    """
    from townhall.conversations.models import Bookmark, Comment

    post = problem.post
    ids = {post.author_id, problem.raised_by_id}
    ids.update(
        Comment.objects.filter(post_id=post.pk, deleted_at__isnull=True).values_list(
            "author_id", flat=True
        )
    )
    ids.update(Bookmark.objects.filter(post_id=post.pk).values_list("person_id", flat=True))
    ids.update(p.pk for p in helpers(problem))
    people = Person.objects.filter(pk__in=sorted(ids), is_active=True).order_by("pk")
    return [p for p in people if permissions.can_view_post(p, post)]


def unit_manager_for_raise(problem: Problem) -> Person | None:
    """The owner unit's manager, when they may read the post (else nobody is told)."""
    manager = problem.owner_unit.manager
    if manager is None or not manager.is_active:
        return None
    return manager if permissions.can_view_post(manager, problem.post) else None


@dataclass(frozen=True)
class Panel:
    """What the post page shows about a post's problem, and what the viewer may do there."""

    post: Post
    problem: Problem | None
    helpers: list[Person]
    events: list[ProblemEvent]
    can_change: bool
    can_raise: bool

    @property
    def next_statuses(self) -> list[tuple[str, str]]:
        """The statuses the problem can move to from where it is (value, label)."""
        current = self.problem.status if self.problem is not None else ""
        return [(value, str(label)) for value, label in ProblemStatus.choices if value != current]


def problem_panel(viewer: Person | AnonymousUser, post: Post) -> Panel:
    """The post page's problem panel: one query without a problem, four at most with one."""
    problem = problem_for_post(viewer, post)
    if problem is None:
        return Panel(
            post=post,
            problem=None,
            helpers=[],
            events=[],
            can_change=False,
            can_raise=problem_permissions.can_raise_problem(viewer, post),
        )
    return Panel(
        post=post,
        problem=problem,
        helpers=helpers(problem),
        events=timeline(problem),
        can_change=problem_permissions.can_change_problem(viewer, problem),
        can_raise=False,
    )


# --- How problem notifications read (registered in apps.ProblemsConfig.ready) ---------------


def _title(post: Post) -> str:
    text = post.title or " ".join(html.unescape(strip_tags(post.body_html)).split())
    return Truncator(text).chars(TITLE_CHARS)


def _status_text(event: ProblemEvent | None, actor: str, title: str) -> str:
    if event is None or event.kind == EventKind.RAISED:
        return _("%(actor)s raised your post “%(title)s” as a problem") % {
            "actor": actor,
            "title": title,
        }
    if event.to_status == ProblemStatus.RESOLVED:
        return _("%(actor)s resolved the problem “%(title)s”") % {"actor": actor, "title": title}
    if event.to_status == ProblemStatus.IN_PROGRESS:
        return _("%(actor)s is working on the problem “%(title)s”") % {
            "actor": actor,
            "title": title,
        }
    return _("%(actor)s reopened the problem “%(title)s”") % {"actor": actor, "title": title}


def describe_notification(notification: Notification, viewer: Person) -> TargetView:
    """A problem notification as the viewer may read it now; nothing once access is gone."""
    from townhall.notifications.models import Kind

    problem = (
        Problem.objects.select_related("post__group", "owner_unit")
        .filter(pk=notification.target_id or 0)
        .first()
    )
    if problem is None or not problem_permissions.can_view_problem(viewer, problem):
        return TargetView(text="", url="", accessible=False)
    actor = notification.actor.display_name if notification.actor else _("Someone")
    title = _title(problem.post)
    url = reverse("post_detail", args=[problem.post_id]) + "#problem"
    if notification.kind == Kind.PROBLEM_RAISED:
        text = _("%(actor)s raised a problem for %(unit)s: “%(title)s”") % {
            "actor": actor,
            "unit": problem.owner_unit.name,
            "title": title,
        }
        return TargetView(text=text, url=url)
    # The change this notification is about: the last step at the time it was sent.
    event = (
        ProblemEvent.objects.filter(
            problem=problem,
            kind__in=[EventKind.RAISED, EventKind.STATUS],
            created_at__lte=notification.created_at,
        )
        .order_by("-created_at", "-id")
        .first()
    )
    snippet = Truncator(event.note).chars(SNIPPET_CHARS) if event is not None else ""
    return TargetView(text=_status_text(event, actor, title), url=url, snippet=snippet)
