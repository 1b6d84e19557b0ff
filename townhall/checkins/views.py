"""HTTP for check-ins: my weekly check-in, and a unit's team round with its reminder day."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from townhall.checkins import permissions as checkin_permissions
from townhall.checkins import selectors, services
from townhall.checkins.forms import CheckInForm, ReminderForm
from townhall.checkins.models import CheckIn, UnitCheckinSettings
from townhall.checkins.weeks import current_week, parse_week, week_label
from townhall.conversations.views import apply_errors
from townhall.people.models import Person
from townhall.web.rendering import render_page


def _me(request: HttpRequest) -> Person:
    return cast(Person, request.user)


def _initial(checkin: CheckIn | None) -> dict[str, Any]:
    if checkin is None:
        return {}
    return {
        "did": checkin.did,
        "doing": checkin.doing,
        "need_help": checkin.need_help,
        "share_with": checkin.shared_with_id,
    }


def checkins(request: HttpRequest) -> HttpResponse:
    """This week's check-in (posted or updated on POST) and my earlier ones."""
    me = _me(request)
    if not checkin_permissions.can_check_in(me):
        raise PermissionDenied
    week = current_week()
    mine = selectors.my_checkin(me, week)
    home = selectors.checkin_group(me)
    groups = list(selectors.share_choices(me, home=home))
    form = CheckInForm(request.POST or None, initial=_initial(mine), groups=groups)
    status = 200
    saved = False
    if request.method == "POST":
        if form.is_valid():
            try:
                mine = services.submit_checkin(person=me, week=week, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                if not getattr(request, "htmx", False):
                    messages.success(request, _("Your check-in is posted."))
                    return redirect("checkins")
                saved = True
                form = CheckInForm(initial=_initial(mine), groups=groups)
        if form.errors:
            status = 422
    context = {
        "form": form,
        "mine": mine,
        "saved": saved,
        "week": week,
        "week_label": week_label(week),
        "home": home,
        "past": selectors.my_past_checkins(me, before=week),
    }
    return render_page(
        request, "checkins/mine.html", context, partial="checkins/_form.html", status=status
    )


def _week(request: HttpRequest) -> date:
    raw = request.GET.get("week", "")
    if not raw:
        return current_week()
    week = parse_week(raw)
    if week is None or week > current_week():
        raise Http404
    return week


def _settings_form(found: UnitCheckinSettings) -> ReminderForm:
    return ReminderForm(
        initial={
            "reminder_weekday": found.reminder_weekday,
            "reminders_enabled": found.reminders_enabled,
        }
    )


def team_round(request: HttpRequest, slug: str) -> HttpResponse:
    """A unit's check-ins for one week side by side, and who has not posted yet."""
    me = _me(request)
    unit = selectors.access_unit_for_round(me, slug)
    week = _week(request)
    include = request.GET.get("subunits") == "1"
    found = selectors.team_round(me, unit, week=week, include_subunits=include)
    context = {
        "round": found,
        "unit": unit,
        "week_label": week_label(week),
        "previous_label": week_label(found.previous_week),
        "next_label": week_label(found.next_week) if found.next_week else "",
        "is_current": week == current_week(),
        "settings_form": _settings_form(found.settings) if found.settings else None,
    }
    return render_page(request, "checkins/round.html", context, partial="checkins/_round.html")


@require_POST
def round_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """The manager sets the unit's reminder day."""
    me = _me(request)
    unit = selectors.access_unit_for_round(me, slug)
    if not checkin_permissions.can_manage_round(me, unit):
        raise PermissionDenied
    form = ReminderForm(request.POST)
    saved = False
    if form.is_valid():
        try:
            services.set_reminder_day(
                actor=me,
                unit=unit,
                weekday=form.cleaned_data["reminder_weekday"],
                enabled=form.cleaned_data["reminders_enabled"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            saved = True
            if not getattr(request, "htmx", False):
                messages.success(request, _("Reminder day saved."))
                return redirect("checkins_round", slug=unit.slug)
    context = {"unit": unit, "settings_form": form, "saved": saved}
    return render_page(
        request,
        "checkins/settings.html",
        context,
        partial="checkins/_settings.html",
        status=200 if saved else 422,
    )
