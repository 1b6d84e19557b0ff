"""Reads for open hours, always through the permission layer.

Questions are loaded without their author; `attach_askers` adds `asker` (a Person, or None for
anonymous questions) so templates and schemas never have a path to an anonymous author.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from townhall.openhours import permissions as rules
from townhall.openhours.models import PUBLIC_STATUSES, OpenHour, Question, QuestionStatus, Vote
from townhall.people import permissions
from townhall.people.models import Person

LIST_LIMIT = 50
BOARD_LIMIT = 500


def open_hours_visible_to(viewer: Person | AnonymousUser) -> QuerySet[OpenHour]:
    """Sessions whose audience group the viewer may read, or that they host."""
    if not permissions.is_signed_in(viewer):
        return OpenHour.objects.none()
    readable = (
        Q(audience__is_company=True)
        | Q(audience__visibility="open")
        | Q(audience_id__in=sorted(permissions.member_group_ids(viewer)))
        | Q(host_id=viewer.pk)
    )
    return OpenHour.objects.filter(readable).select_related("host", "audience")


def access_open_hour(viewer: Person | AnonymousUser, pk: int) -> OpenHour:
    """One session the viewer may see, or 404 (a private session does not exist for others)."""
    open_hour = (
        OpenHour.objects.select_related("host", "audience", "article__group", "summary_post")
        .filter(pk=pk)
        .first()
    )
    if open_hour is None or not rules.can_view_open_hour(viewer, open_hour):
        raise Http404
    return open_hour


def upcoming_open_hours(
    viewer: Person | AnonymousUser, *, now: datetime | None = None, limit: int = LIST_LIMIT
) -> list[OpenHour]:
    """Live and upcoming sessions the viewer may see, soonest first."""
    moment = now or timezone.now()
    return list(
        open_hours_visible_to(viewer)
        .filter(cancelled_at__isnull=True, ends_at__gt=moment)
        .order_by("starts_at", "id")[:limit]
    )


def past_open_hours(
    viewer: Person | AnonymousUser, *, now: datetime | None = None, limit: int = LIST_LIMIT
) -> list[OpenHour]:
    """Ended sessions the viewer may see, latest first."""
    moment = now or timezone.now()
    return list(
        open_hours_visible_to(viewer)
        .filter(cancelled_at__isnull=True, ends_at__lte=moment)
        .order_by("-starts_at", "-id")[:limit]
    )


def attach_askers(questions: Iterable[Question], viewer: Person | AnonymousUser) -> None:
    """Give each question `asker` (None when anonymous) and `is_mine`, in one query."""
    rows = list(questions)
    named = {q.author_id for q in rows if rules.shows_author(q)}
    people = Person.objects.in_bulk(sorted(named)) if named else {}
    for question in rows:
        question.asker = people.get(question.author_id) if rules.shows_author(question) else None  # type: ignore[attr-defined]
        question.is_mine = question.author_id == viewer.pk  # type: ignore[attr-defined]


@dataclass
class Board:
    """Everything the session page shows about its questions, for one viewer."""

    open_hour: OpenHour
    queue: list[Question] = field(default_factory=list)
    answered: list[Question] = field(default_factory=list)
    closed: list[Question] = field(default_factory=list)
    screening: list[Question] = field(default_factory=list)
    mine_waiting: list[Question] = field(default_factory=list)
    voted: frozenset[int] = frozenset()
    can_ask: bool = False
    can_answer: bool = False
    can_screen: bool = False

    @property
    def unanswered_count(self) -> int:
        return len(self.queue)


def questions_for(viewer: Person | AnonymousUser, open_hour: OpenHour) -> list[Question]:
    """The session's questions this viewer may see (pending ones only to screeners and their
    author), most votes first."""
    qs = Question.objects.filter(open_hour=open_hour)
    if rules.can_screen(viewer, open_hour):
        visible = qs.exclude(status=QuestionStatus.MERGED)
    else:
        visible = qs.filter(
            Q(status__in=[QuestionStatus.VISIBLE, QuestionStatus.ANSWERED, QuestionStatus.CLOSED])
            | Q(
                author_id=viewer.pk or 0,
                status__in=[QuestionStatus.PENDING, QuestionStatus.REJECTED],
            )
        )
    rows = list(
        visible.select_related("answered_by").order_by("-vote_count", "created_at", "id")[
            :BOARD_LIMIT
        ]
    )
    for question in rows:
        question.open_hour = open_hour  # shared, so permission checks need no query
    attach_askers(rows, viewer)
    return rows


def board_for(viewer: Person | AnonymousUser, open_hour: OpenHour) -> Board:
    """The question board of a session as the viewer may see it: three queries."""
    rows = questions_for(viewer, open_hour)
    voted = frozenset(
        Vote.objects.filter(person_id=viewer.pk or 0, question__open_hour=open_hour).values_list(
            "question_id", flat=True
        )
    )
    board = Board(
        open_hour=open_hour,
        voted=voted,
        can_ask=rules.can_ask(viewer, open_hour),
        can_answer=rules.can_answer(viewer, open_hour),
        can_screen=rules.can_screen(viewer, open_hour),
    )
    for question in rows:
        if question.status == QuestionStatus.VISIBLE:
            board.queue.append(question)
        elif question.status == QuestionStatus.ANSWERED:
            board.answered.append(question)
        elif question.status == QuestionStatus.CLOSED:
            board.closed.append(question)
        elif question.status == QuestionStatus.PENDING and board.can_screen:
            board.screening.append(question)
        if question.is_mine and question.status in (  # type: ignore[attr-defined]
            QuestionStatus.PENDING,
            QuestionStatus.REJECTED,
        ):
            board.mine_waiting.append(question)
    board.answered.sort(key=lambda q: q.answered_at or q.created_at, reverse=True)
    return board


def access_question(viewer: Person | AnonymousUser, pk: int) -> Question:
    """A question the viewer may see (with its session), or 404."""
    question = (
        Question.objects.select_related("open_hour__host", "open_hour__audience", "answered_by")
        .filter(pk=pk)
        .first()
    )
    if question is None or not rules.can_see_question(viewer, question):
        raise Http404
    attach_askers([question], viewer)
    return question


# --- Contracts used by the inbox and leadership apps ----------------------------------------


def questions_awaiting(leader: Person) -> QuerySet[Question]:
    """Visible, unanswered questions in sessions `leader` hosts (ended ones too), top first."""
    return (
        Question.objects.filter(
            open_hour__host=leader,
            open_hour__cancelled_at__isnull=True,
            status=QuestionStatus.VISIBLE,
        )
        .select_related("open_hour")
        .order_by("-vote_count", "created_at", "id")
    )


def next_open_hour_for(leader: Person, viewer: Person) -> OpenHour | None:
    """The next upcoming or live session `leader` hosts that `viewer` may see."""
    return (
        open_hours_visible_to(viewer)
        .filter(host=leader, cancelled_at__isnull=True, ends_at__gt=timezone.now())
        .order_by("starts_at", "id")
        .first()
    )


def next_open_hours_for(leaders: Iterable[Person], viewer: Person) -> dict[int, OpenHour]:
    """`next_open_hour_for` for many leaders in one query: host id → session."""
    ids = sorted({leader.pk for leader in leaders})
    if not ids:
        return {}
    found: dict[int, OpenHour] = {}
    rows = (
        open_hours_visible_to(viewer)
        .filter(host_id__in=ids, cancelled_at__isnull=True, ends_at__gt=timezone.now())
        .order_by("starts_at", "id")
    )
    for open_hour in rows:
        found.setdefault(open_hour.host_id, open_hour)
    return found


def has_scheduled_open_hour(leader: Person) -> bool:
    """Whether `leader` has ever hosted or scheduled a session (cancelled ones aside)."""
    return OpenHour.objects.filter(host=leader, cancelled_at__isnull=True).exists()


def public_question_count(open_hour: OpenHour) -> int:
    return Question.objects.filter(open_hour=open_hour, status__in=PUBLIC_STATUSES).count()
