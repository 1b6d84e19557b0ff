"""HTTP for open hours: the list, scheduling, a session's page, its board and its .ics."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from townhall.conversations.models import Post, PostKind
from townhall.conversations.views import apply_errors
from townhall.feeds.selectors import posts_visible_to
from townhall.groups import selectors as groups
from townhall.openhours import permissions as rules
from townhall.openhours import selectors, services
from townhall.openhours.calendar import calendar_for
from townhall.openhours.forms import (
    AnswerForm,
    CloseForm,
    MergeForm,
    OpenHourForm,
    QuestionForm,
    ScreenForm,
)
from townhall.openhours.models import OpenHour, Question
from townhall.people import permissions
from townhall.people.models import Person
from townhall.web.rendering import render_page

ARTICLE_CHOICES = 30


def _me(request: HttpRequest) -> Person:
    return cast(Person, request.user)


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


# --- Lists and scheduling -------------------------------------------------------------------


def open_hour_list(request: HttpRequest) -> HttpResponse:
    """Live and upcoming sessions, then past ones, that the viewer may see."""
    me = _me(request)
    context = {
        "upcoming": selectors.upcoming_open_hours(me),
        "past": selectors.past_open_hours(me),
        "can_schedule": rules.can_schedule(me),
    }
    return render_page(request, "openhours/list.html", context, partial="openhours/_lists.html")


def _schedule_form(request: HttpRequest, data: Any = None) -> OpenHourForm:
    me = _me(request)
    leaders: QuerySet[Person] | None = None
    if rules.can_pick_host(me):
        leaders = Person.objects.filter(is_leader=True, is_active=True).order_by("sort_name")
    recent = (
        posts_visible_to(me)
        .filter(kind=PostKind.ARTICLE)
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)[:ARTICLE_CHOICES]
    )
    articles = Post.objects.filter(pk__in=list(recent)).order_by("-created_at", "-id")
    initial = {"host": me.pk} if leaders is not None and me.is_leader else None
    return OpenHourForm(
        data,
        initial=initial,
        leaders=leaders,
        groups=groups.my_groups(me),
        articles=articles,
    )


def open_hour_new(request: HttpRequest) -> HttpResponse:
    """Schedule a session (or a series); 422 with the form's errors on bad input."""
    me = _me(request)
    if not rules.can_schedule(me):
        raise PermissionDenied
    form = _schedule_form(request, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            starts_at = data["starts_at"]
            try:
                open_hour = services.schedule_open_hour(
                    actor=me,
                    host=data.get("host") or me,
                    title=data["title"],
                    description=data["description"],
                    article=data["article"],
                    audience=data["audience"],
                    starts_at=starts_at,
                    ends_at=starts_at + timedelta(minutes=data["duration"]),
                    recurrence=data["recurrence"],
                    occurrences=data["occurrences"] or 1,
                    allow_anonymous=data["allow_anonymous"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            except PermissionDenied:
                form.add_error("host", _("This person cannot host an open hour."))
            else:
                messages.success(request, _("Your open hour is scheduled."))
                return redirect(open_hour.get_absolute_url())
    return render(request, "openhours/new.html", {"form": form}, status=status)


# --- A session ------------------------------------------------------------------------------


def _board_context(request: HttpRequest, open_hour: OpenHour, **extra: Any) -> dict[str, Any]:
    me = _me(request)
    board = selectors.board_for(me, open_hour)
    return {"open_hour": open_hour, "board": board, **extra}


def _render_board(
    request: HttpRequest, open_hour: OpenHour, *, status: int = 200, **extra: Any
) -> HttpResponse:
    return render(
        request, "openhours/_board.html", _board_context(request, open_hour, **extra), status=status
    )


def _detail_context(request: HttpRequest, open_hour: OpenHour, **extra: Any) -> dict[str, Any]:
    me = _me(request)
    article = open_hour.article
    summary = open_hour.summary_post
    return {
        **_board_context(request, open_hour),
        "article": article if article and permissions.can_view_post(me, article) else None,
        "summary": summary if summary and permissions.can_view_post(me, summary) else None,
        "can_manage": rules.can_manage_open_hour(me, open_hour),
        "ask_form": extra.pop("ask_form", None) or QuestionForm(),
        "in_series": open_hour.series_id is not None,
        **extra,
    }


def open_hour_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The session page: description, the ask form and the live question board."""
    open_hour = selectors.access_open_hour(_me(request), pk)
    return render_page(
        request,
        "openhours/detail.html",
        _detail_context(request, open_hour),
        partial="openhours/_board.html",
    )


def open_hour_board(request: HttpRequest, pk: int) -> HttpResponse:
    """The question board alone, as this viewer may see it (live.js refetches it)."""
    return _render_board(request, selectors.access_open_hour(_me(request), pk))


def open_hour_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """The session as an .ics file; `?series=1` the series from this session on."""
    open_hour = selectors.access_open_hour(_me(request), pk)
    rest = services.series_rest(open_hour) if request.GET.get("series") else None
    response = HttpResponse(
        calendar_for(open_hour, series_rest=rest), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="open-hour-{open_hour.pk}.ics"'
    return response


@require_POST
def open_hour_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    open_hour = selectors.access_open_hour(me, pk)
    try:
        services.cancel_open_hour(actor=me, open_hour=open_hour)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The open hour was cancelled."))
    return redirect(open_hour.get_absolute_url())


@require_POST
def ask(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask a question; htmx gets a fresh form plus the board, out of band."""
    me = _me(request)
    open_hour = selectors.access_open_hour(me, pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            question = services.ask_question(
                author=me,
                open_hour=open_hour,
                text=form.cleaned_data["text"],
                anonymous=form.cleaned_data["anonymous"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            notice = (
                _("Thanks! A community manager will screen your anonymous question.")
                if question.is_pending
                else _("Your question is on the board.")
            )
            if not _is_htmx(request):
                messages.success(request, notice)
                return redirect(open_hour.get_absolute_url())
            context = _detail_context(request, open_hour, notice=notice, oob_board=True)
            return render(request, "openhours/_ask.html", context)
    context = _detail_context(request, open_hour, ask_form=form)
    if _is_htmx(request):
        return render(request, "openhours/_ask.html", context, status=422)
    return render(request, "openhours/detail.html", context, status=422)


def _question_action_done(request: HttpRequest, question: Question) -> HttpResponse:
    if _is_htmx(request):
        return _render_board(request, question.open_hour)
    return redirect(question.get_absolute_url())


def _question_action_failed(
    request: HttpRequest, question: Question, exc: ValidationError
) -> HttpResponse:
    """The board comes back with the message next to the question; nothing was changed."""
    if _is_htmx(request):
        return _render_board(
            request,
            question.open_hour,
            status=422,
            error_for=question.pk,
            error_messages=exc.messages,
        )
    messages.error(request, " ".join(exc.messages))
    return redirect(question.get_absolute_url())


def _form_error(form: Any) -> ValidationError:
    return ValidationError([str(e) for errors in form.errors.values() for e in errors])


@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    """Up-vote, or with action=unvote take it back."""
    me = _me(request)
    question = selectors.access_question(me, pk)
    try:
        if request.POST.get("action") == "unvote":
            services.unvote(person=me, question=question)
        else:
            services.vote(person=me, question=question)
    except ValidationError as exc:
        return _question_action_failed(request, question, exc)
    return _question_action_done(request, question)


@require_POST
def screen(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    question = selectors.access_question(me, pk)
    form = ScreenForm(request.POST)
    if not form.is_valid():
        return _question_action_failed(request, question, _form_error(form))
    try:
        services.screen_question(
            actor=me, question=question, approve=form.cleaned_data["decision"] == "approve"
        )
    except ValidationError as exc:
        return _question_action_failed(request, question, exc)
    return _question_action_done(request, question)


@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    question = selectors.access_question(me, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _question_action_failed(request, question, _form_error(form))
    try:
        services.answer_question(actor=me, question=question, body=form.cleaned_data["body"])
    except ValidationError as exc:
        return _question_action_failed(request, question, exc)
    return _question_action_done(request, question)


@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    question = selectors.access_question(me, pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        return _question_action_failed(request, question, _form_error(form))
    try:
        services.close_question(actor=me, question=question, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        return _question_action_failed(request, question, exc)
    return _question_action_done(request, question)


@require_POST
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    duplicate = selectors.access_question(me, pk)
    form = MergeForm(request.POST)
    if not form.is_valid():
        return _question_action_failed(request, duplicate, _form_error(form))
    into = Question.objects.filter(
        pk=form.cleaned_data["into"], open_hour_id=duplicate.open_hour_id
    ).first()
    if into is None or not rules.can_see_question(me, into):
        exc = ValidationError(_("Choose a question of this open hour."))
        return _question_action_failed(request, duplicate, exc)
    into.open_hour = duplicate.open_hour
    try:
        services.merge_questions(actor=me, duplicate=duplicate, into=into)
    except ValidationError as exc:
        return _question_action_failed(request, duplicate, exc)
    return _question_action_done(request, duplicate)
