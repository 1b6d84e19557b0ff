"""The openhours part of the REST API: the same services, selectors and permissions as the pages."""

from __future__ import annotations

from typing import Literal, cast

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.params.functions import Path, Query

from townhall.conversations.api import group_or_field_error, group_ref
from townhall.feeds.selectors import posts_visible_to
from townhall.openhours import permissions as rules
from townhall.openhours import selectors, services
from townhall.openhours.calendar import calendar_for
from townhall.openhours.models import OpenHour, Question
from townhall.openhours.schemas import (
    AnswerIn,
    CloseIn,
    MergeIn,
    OpenHourIn,
    OpenHourOut,
    OpenHourPatchIn,
    QuestionIn,
    QuestionOut,
    ScreenIn,
)
from townhall.people import permissions
from townhall.people.models import Person
from townhall.people.schemas import PersonSummary, error_responses

router = Router(tags=["open hours"])

MAX_ID = 2**63 - 1
READ = (401, 429)
WRITE = (401, 403, 429)
OpenHourId = Path(..., ge=1, le=MAX_ID)
QuestionId = Path(..., ge=1, le=MAX_ID)


def _me(request: HttpRequest) -> Person:
    return cast(Person, request.auth)  # type: ignore[attr-defined]


def _open_hour_out(viewer: Person, open_hour: OpenHour) -> OpenHourOut:
    article = open_hour.article
    summary = open_hour.summary_post
    summary_id = summary.pk if summary and permissions.can_view_post(viewer, summary) else None
    return OpenHourOut(
        id=open_hour.pk,
        title=open_hour.title,
        description=open_hour.description,
        host=cast(PersonSummary, PersonSummary.of(open_hour.host)),
        audience=group_ref(open_hour.audience),
        article_id=article.pk if article and permissions.can_view_post(viewer, article) else None,
        starts_at=open_hour.starts_at,
        ends_at=open_hour.ends_at,
        state=open_hour.state,  # type: ignore[arg-type]
        recurrence=open_hour.recurrence,  # type: ignore[arg-type]
        series_id=str(open_hour.series_id) if open_hour.series_id else None,
        allow_anonymous=open_hour.allow_anonymous,
        summary_post_id=summary_id,
        url=open_hour.get_absolute_url(),
        calendar_url=reverse("openhour_calendar", args=[open_hour.pk]),
        can_ask=rules.can_ask(viewer, open_hour),
        can_manage=rules.can_manage_open_hour(viewer, open_hour),
        can_screen=rules.can_screen(viewer, open_hour),
    )


def _question_out(question: Question, voted: frozenset[int] | set[int]) -> QuestionOut:
    """A question as the API shows it; `asker` comes from `attach_askers` (None if anonymous)."""
    asker = getattr(question, "asker", None)
    return QuestionOut(
        id=question.pk,
        open_hour_id=question.open_hour_id,
        text=question.text,
        status=question.status,  # type: ignore[arg-type]
        is_anonymous=question.is_anonymous,
        asker=PersonSummary.of(asker) if rules.shows_author(question) else None,
        is_mine=bool(getattr(question, "is_mine", False)),
        vote_count=question.vote_count,
        voted=question.pk in voted,
        merged_into_id=question.merged_into_id,
        close_reason=question.close_reason,
        answer=question.answer,
        answer_html=question.answer_html,
        answered_by=PersonSummary.of(question.answered_by),  # type: ignore[arg-type]
        answered_at=question.answered_at,
        created_at=question.created_at,
    )


def _fresh_question(viewer: Person, pk: int) -> QuestionOut:
    question = selectors.access_question(viewer, pk)
    voted = {pk} if question.votes.filter(person=viewer).exists() else set()
    return _question_out(question, voted)


# --- Sessions -------------------------------------------------------------------------------


@router.get(
    "/open-hours",
    response={200: list[OpenHourOut], **error_responses(*READ, 422)},
    summary="Open hours you may see: live and upcoming (soonest first) or past (latest first)",
)
def list_open_hours(
    request: HttpRequest, when: Literal["upcoming", "past"] = Query("upcoming")
) -> list[OpenHourOut]:
    viewer = _me(request)
    if when == "past":
        rows = selectors.past_open_hours(viewer)
    else:
        rows = selectors.upcoming_open_hours(viewer)
    return [_open_hour_out(viewer, o) for o in rows]


def _host(viewer: Person, host_id: int | None) -> Person:
    if host_id is None or host_id == viewer.pk:
        return viewer
    host = Person.objects.filter(pk=host_id, is_active=True).first()
    if host is None:
        raise ValidationError({"host_id": _("There is no such person.")})
    return host


@router.post(
    "/open-hours",
    response={201: OpenHourOut, **error_responses(*WRITE, 422)},
    summary="Schedule an open hour (a series when `recurrence` is set); the host gets an .ics",
)
def create_open_hour(request: HttpRequest, payload: OpenHourIn) -> Status[OpenHourOut]:
    viewer = _me(request)
    host = _host(viewer, payload.host_id)
    audience = group_or_field_error(viewer, payload.audience, "audience")
    article = None
    if payload.article_id is not None:
        article = posts_visible_to(viewer).filter(pk=payload.article_id).first()
        if article is None:
            raise ValidationError({"article_id": _("There is no such post.")})
    open_hour = services.schedule_open_hour(
        actor=viewer,
        host=host,
        title=payload.title,
        description=payload.description,
        article=article,
        audience=audience,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        recurrence=payload.recurrence,
        occurrences=payload.occurrences,
        allow_anonymous=payload.allow_anonymous,
    )
    return Status(201, _open_hour_out(viewer, selectors.access_open_hour(viewer, open_hour.pk)))


@router.get(
    "/open-hours/{open_hour_id}",
    response={200: OpenHourOut, **error_responses(*READ, 404, 422)},
    summary="One open hour",
)
def get_open_hour(request: HttpRequest, open_hour_id: int = OpenHourId) -> OpenHourOut:
    viewer = _me(request)
    return _open_hour_out(viewer, selectors.access_open_hour(viewer, open_hour_id))


@router.patch(
    "/open-hours/{open_hour_id}",
    response={200: OpenHourOut, **error_responses(*WRITE, 404, 422)},
    summary="Change an open hour (the host and community managers; only the fields sent)",
)
def update_open_hour(
    request: HttpRequest, payload: OpenHourPatchIn, open_hour_id: int = OpenHourId
) -> OpenHourOut:
    viewer = _me(request)
    open_hour = selectors.access_open_hour(viewer, open_hour_id)
    services.update_open_hour(
        actor=viewer,
        open_hour=open_hour,
        title=payload.title,
        description=payload.description,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        allow_anonymous=payload.allow_anonymous,
    )
    return _open_hour_out(viewer, selectors.access_open_hour(viewer, open_hour_id))


@router.post(
    "/open-hours/{open_hour_id}/cancel",
    response={200: OpenHourOut, **error_responses(*WRITE, 404, 422)},
    summary="Cancel an open hour that has not ended",
)
def cancel_open_hour(request: HttpRequest, open_hour_id: int = OpenHourId) -> OpenHourOut:
    viewer = _me(request)
    open_hour = selectors.access_open_hour(viewer, open_hour_id)
    services.cancel_open_hour(actor=viewer, open_hour=open_hour)
    return _open_hour_out(viewer, selectors.access_open_hour(viewer, open_hour_id))


@router.get(
    "/open-hours/{open_hour_id}/calendar.ics",
    response={200: None, **error_responses(*READ, 404, 422)},
    summary="The open hour as an iCalendar file (`?series=true`: the series from it on)",
    openapi_extra={
        "responses": {
            200: {
                "description": "An iCalendar file",
                "content": {"text/calendar": {"schema": {"type": "string"}}},
            }
        }
    },
)
def open_hour_calendar(
    request: HttpRequest, open_hour_id: int = OpenHourId, series: bool = Query(False)
) -> HttpResponse:
    open_hour = selectors.access_open_hour(_me(request), open_hour_id)
    rest = services.series_rest(open_hour) if series else None
    response = HttpResponse(
        calendar_for(open_hour, series_rest=rest), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="open-hour-{open_hour.pk}.ics"'
    return response


# --- Questions ------------------------------------------------------------------------------


@router.get(
    "/open-hours/{open_hour_id}/questions",
    response={200: list[QuestionOut], **error_responses(*READ, 404, 422)},
    summary="The questions you may see, most votes first",
    description="Questions awaiting screening are listed only for community managers and "
    "admins (and their own author). `asker` is null for every anonymous question.",
)
def list_questions(request: HttpRequest, open_hour_id: int = OpenHourId) -> list[QuestionOut]:
    viewer = _me(request)
    board = selectors.board_for(viewer, selectors.access_open_hour(viewer, open_hour_id))
    rows = selectors.questions_for(viewer, board.open_hour)
    return [_question_out(q, board.voted) for q in rows]


@router.post(
    "/open-hours/{open_hour_id}/questions",
    response={201: QuestionOut, **error_responses(*WRITE, 404, 422)},
    summary="Ask a question (anonymous ones wait for screening)",
)
def ask_question(
    request: HttpRequest, payload: QuestionIn, open_hour_id: int = OpenHourId
) -> Status[QuestionOut]:
    viewer = _me(request)
    open_hour = selectors.access_open_hour(viewer, open_hour_id)
    question = services.ask_question(
        author=viewer, open_hour=open_hour, text=payload.text, anonymous=payload.anonymous
    )
    return Status(201, _fresh_question(viewer, question.pk))


def _question(request: HttpRequest, question_id: int) -> tuple[Person, Question]:
    viewer = _me(request)
    return viewer, selectors.access_question(viewer, question_id)


@router.put(
    "/open-hours/questions/{question_id}/vote",
    response={200: QuestionOut, **error_responses(*WRITE, 404, 422)},
    summary="Up-vote a question (idempotent)",
)
def vote(request: HttpRequest, question_id: int = QuestionId) -> QuestionOut:
    viewer, question = _question(request, question_id)
    services.vote(person=viewer, question=question)
    return _fresh_question(viewer, question_id)


@router.delete(
    "/open-hours/questions/{question_id}/vote",
    response={200: QuestionOut, **error_responses(*WRITE, 404, 422)},
    summary="Take your up-vote back",
)
def unvote(request: HttpRequest, question_id: int = QuestionId) -> QuestionOut:
    viewer, question = _question(request, question_id)
    services.unvote(person=viewer, question=question)
    return _fresh_question(viewer, question_id)


@router.post(
    "/open-hours/questions/{question_id}/screen",
    response={200: QuestionOut, **error_responses(*WRITE, 404, 422)},
    summary="Approve or reject an anonymous question (community managers and admins)",
)
def screen(request: HttpRequest, payload: ScreenIn, question_id: int = QuestionId) -> QuestionOut:
    viewer, question = _question(request, question_id)
    services.screen_question(actor=viewer, question=question, approve=payload.approve)
    return _fresh_question(viewer, question_id)


@router.post(
    "/open-hours/questions/{question_id}/merge",
    response={200: QuestionOut, **error_responses(*WRITE, 404, 422)},
    summary="Merge a duplicate into another question of the session; answers with that one",
)
def merge(request: HttpRequest, payload: MergeIn, question_id: int = QuestionId) -> QuestionOut:
    viewer, duplicate = _question(request, question_id)
    try:
        into = selectors.access_question(viewer, payload.into_id)
    except Http404 as exc:
        raise ValidationError({"into_id": _("Choose a question of this open hour.")}) from exc
    merged = services.merge_questions(actor=viewer, duplicate=duplicate, into=into)
    return _fresh_question(viewer, merged.pk)


@router.post(
    "/open-hours/questions/{question_id}/answer",
    response={200: QuestionOut, **error_responses(*WRITE, 404, 422)},
    summary="Answer a question (the host and community managers); askers and voters are told",
)
def answer(request: HttpRequest, payload: AnswerIn, question_id: int = QuestionId) -> QuestionOut:
    viewer, question = _question(request, question_id)
    services.answer_question(actor=viewer, question=question, body=payload.body)
    return _fresh_question(viewer, question_id)


@router.post(
    "/open-hours/questions/{question_id}/close",
    response={200: QuestionOut, **error_responses(*WRITE, 404, 422)},
    summary="Close an unanswered question with a reason",
)
def close(request: HttpRequest, payload: CloseIn, question_id: int = QuestionId) -> QuestionOut:
    viewer, question = _question(request, question_id)
    services.close_question(actor=viewer, question=question, reason=payload.reason)
    return _fresh_question(viewer, question_id)
