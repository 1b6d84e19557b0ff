"""HTTP for problems: the board per unit, raising a post, status changes; parse, call, render."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from townhall.conversations.views import apply_errors
from townhall.feeds import selectors as feeds
from townhall.groups import selectors as groups
from townhall.groups.models import Group
from townhall.people import selectors as people
from townhall.people.models import OrgUnit, Person
from townhall.problems import permissions, selectors, services
from townhall.problems.forms import BoardFilterForm, ProblemForm, StatusForm
from townhall.web.rendering import render_page


def _me(request: HttpRequest) -> Person:
    return cast(Person, request.user)


def _groups_for(viewer: Person, unit: OrgUnit) -> list[Group]:
    """Where a problem raised from this board can be posted: the unit's own group first."""
    mine = list(groups.my_groups(viewer))
    own = next((g for g in mine if g.unit_id == unit.pk), None)
    return [own, *[g for g in mine if g.pk != own.pk]] if own else mine


def _board_context(
    request: HttpRequest, unit: OrgUnit, *, after: str = "", form: ProblemForm | None = None
) -> dict[str, Any]:
    me = _me(request)
    filters = BoardFilterForm(request.GET or None)
    status, include_subunits = filters.filters()
    try:
        page = selectors.problems_board(
            me, unit=unit, status=status or None, include_subunits=include_subunits, after=after
        )
    except ValidationError:
        # A damaged ?after= cursor: the first page rather than an error.
        page = selectors.problems_board(
            me, unit=unit, status=status or None, include_subunits=include_subunits
        )
    query = request.GET.copy()
    query.pop("after", None)
    return {
        "unit": unit,
        "ancestors": people.unit_ancestors(unit),
        "filters": filters,
        "page": page,
        "stats": selectors.board_stats(me, unit=unit, include_subunits=include_subunits),
        "query": query.urlencode(),
        "form": form or ProblemForm(groups=_groups_for(me, unit)),
        "can_create": permissions.can_create_problem(me),
    }


def board(request: HttpRequest, slug: str) -> HttpResponse:
    """A unit's problems board; POST raises a new problem from it."""
    me = _me(request)
    unit = people.access_unit(me, slug)
    if request.method == "POST":
        return _create(request, unit)
    context = _board_context(request, unit, after=request.GET.get("after", ""))
    if request.GET.get("after") and request.htmx:  # type: ignore[attr-defined]
        return render(request, "problems/_board_more.html", context)
    return render_page(request, "problems/board.html", context, partial="problems/_board.html")


def _create(request: HttpRequest, unit: OrgUnit) -> HttpResponse:
    me = _me(request)
    form = ProblemForm(request.POST, groups=_groups_for(me, unit))
    if form.is_valid():
        try:
            problem = services.create_problem(
                author=me,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                group=form.cleaned_data["group"],
                owner_unit=unit,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Problem raised. Its owner unit has been told."))
            return redirect(reverse("post_detail", args=[problem.post_id]) + "#problem")
    return render(
        request, "problems/board.html", _board_context(request, unit, form=form), status=422
    )


def problems_home(request: HttpRequest) -> HttpResponse:
    """The viewer's own unit's board (the top of the organisation when they have none)."""
    me = _me(request)
    unit = me.primary_unit or people.root_units().order_by("pk").first()
    if unit is None:
        raise Http404
    return redirect("unit_problems", slug=unit.slug)


def _panel(
    request: HttpRequest, post_id: int, *, status_form: StatusForm | None = None, status: int = 200
) -> HttpResponse:
    me = _me(request)
    post = feeds.access_post(me, post_id)
    context = {"panel": selectors.problem_panel(me, post), "status_form": status_form}
    return render(request, "problems/_panel.html", context, status=status)


def _error_response(request: HttpRequest, post_id: int, exc: ValidationError) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        form = StatusForm(request.POST)
        form.is_valid()
        apply_errors(form, exc)
        return _panel(request, post_id, status_form=form, status=422)
    messages.error(request, " ".join(exc.messages))
    return redirect(reverse("post_detail", args=[post_id]) + "#problem")


@require_POST
def raise_post(request: HttpRequest, pk: int) -> HttpResponse:
    """Raise an existing post as a problem owned by its author's unit."""
    me = _me(request)
    post = feeds.access_post(me, pk)
    try:
        services.raise_problem(actor=me, post=post)
    except ValidationError as exc:
        return _error_response(request, pk, exc)
    if request.htmx:  # type: ignore[attr-defined]
        return _panel(request, pk)
    messages.success(request, _("Raised as a problem."))
    return redirect(reverse("post_detail", args=[pk]) + "#problem")


@require_POST
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Open, in progress, resolved (with a note) or reopened; htmx gets the panel back."""
    me = _me(request)
    problem = selectors.access_problem(me, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        if request.htmx:  # type: ignore[attr-defined]
            return _panel(request, problem.post_id, status_form=form, status=422)
        messages.error(request, _("Choose open, in progress or resolved."))
        return redirect(reverse("post_detail", args=[problem.post_id]) + "#problem")
    try:
        services.change_status(
            actor=me,
            problem=problem,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as exc:
        return _error_response(request, problem.post_id, exc)
    if request.htmx:  # type: ignore[attr-defined]
        return _panel(request, problem.post_id)
    messages.success(request, _("Status changed."))
    return redirect(reverse("post_detail", args=[problem.post_id]) + "#problem")
