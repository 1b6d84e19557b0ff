"""HTTP for the leader inbox: the page, its inline (htmx) actions, settings and opt-out links."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from townhall.inbox import permissions as inbox_permissions
from townhall.inbox import selectors, services
from townhall.inbox.forms import AnswerForm, CloseForm, DelegateForm, SettingsForm, SnoozeForm
from townhall.inbox.selectors import InboxItem
from townhall.people.models import Person
from townhall.web.rendering import render_page

# After an inline action, the page's counts and the navigation badge refresh themselves.
CHANGED_EVENT = "inbox-changed"


def _me(request: HttpRequest) -> Person:
    return cast(Person, request.user)


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _apply_errors(form: forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _page_context(me: Person) -> dict[str, Any]:
    inbox = selectors.leader_inbox(me)
    return {
        "inbox": inbox,
        "settings_form": SettingsForm(
            initial={"daily_summary": services.settings_for(me).daily_summary}
        ),
    }


def leader_inbox(request: HttpRequest) -> HttpResponse:
    """The inbox page for leaders; everyone else learns what it is and who has one."""
    me = _me(request)
    if not inbox_permissions.has_inbox(me):
        return render(request, "inbox/not_leader.html")
    return render_page(request, "inbox/inbox.html", _page_context(me), partial="inbox/_list.html")


def badge(request: HttpRequest) -> HttpResponse:
    """The navigation link with its count, re-fetched when an inline action changed it."""
    me = _me(request)
    current = request.headers.get("HX-Current-URL", "").split("?")[0].endswith("/inbox/")
    context = {
        "has_inbox": inbox_permissions.has_inbox(me),
        "inbox_count": selectors.inbox_count(me),
        "inbox_is_current": current,
    }
    response = render(request, "inbox/_nav_link.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _done(request: HttpRequest, item: InboxItem, message: str) -> HttpResponse:
    """After an action: the item gives way to a one-line confirmation (htmx), or the page."""
    if not _is_htmx(request):
        messages.success(request, message)
        return redirect("leader_inbox")
    me = _me(request)
    context = {"item": item, "message": message, "inbox": selectors.leader_inbox(me)}
    response = render(request, "inbox/_done.html", context)
    response["HX-Trigger"] = CHANGED_EVENT
    return response


def _failed(request: HttpRequest, item: InboxItem, action: str, form: forms.Form) -> HttpResponse:
    """The item again, its action open, with the errors; 422 and nothing changed."""
    context = {"item": item, "open_action": action, "action_form": form, "standalone": True}
    if _is_htmx(request):
        return render(request, "inbox/_item.html", context, status=422)
    page = {**_page_context(_me(request)), **context}
    return render(request, "inbox/inbox.html", page, status=422)


def _act(
    request: HttpRequest,
    item_type: str,
    key: str,
    action: str,
    form_class: type[forms.Form],
    perform: Callable[[Person, InboxItem, dict[str, Any]], str],
) -> HttpResponse:
    me = _me(request)
    item = selectors.access_item(me, item_type, key)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            message = perform(me, item, form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return _done(request, item, message)
    return _failed(request, item, action, form)


@require_POST
def answer(request: HttpRequest, item_type: str, key: str) -> HttpResponse:
    def perform(me: Person, item: InboxItem, data: dict[str, Any]) -> str:
        services.answer_item(actor=me, item=item, body=data["body"])
        return _("Answered. Your answer is on the post for everyone who can read it.")

    return _act(request, item_type, key, "answer", AnswerForm, perform)


@require_POST
def snooze(request: HttpRequest, item_type: str, key: str) -> HttpResponse:
    def perform(me: Person, item: InboxItem, data: dict[str, Any]) -> str:
        until = services.snooze_until(choice=data["until"], on=data.get("date"))
        services.snooze_item(person=me, item=item, until=until)
        when = formats.date_format(timezone.localtime(until), "DATE_FORMAT")
        return _("Snoozed until %(when)s.") % {"when": when}

    return _act(request, item_type, key, "snooze", SnoozeForm, perform)


@require_POST
def delegate(request: HttpRequest, item_type: str, key: str) -> HttpResponse:
    def perform(me: Person, item: InboxItem, data: dict[str, Any]) -> str:
        delegation = services.delegate_item(actor=me, item=item, to=data["to"], note=data["note"])
        return _("Delegated to %(name)s. They were asked in a comment on the post.") % {
            "name": delegation.delegate.display_name
        }

    return _act(request, item_type, key, "delegate", DelegateForm, perform)


@require_POST
def close(request: HttpRequest, item_type: str, key: str) -> HttpResponse:
    def perform(me: Person, item: InboxItem, data: dict[str, Any]) -> str:
        services.close_item(actor=me, item=item, reason=data["reason"])
        return _("Question closed.")

    return _act(request, item_type, key, "close", CloseForm, perform)


@require_POST
def update_settings(request: HttpRequest) -> HttpResponse:
    """Turn the daily summary email on or off (the switch on the inbox page)."""
    me = _me(request)
    if not inbox_permissions.has_inbox(me):
        return render(request, "inbox/not_leader.html", status=403)
    form = SettingsForm(request.POST)
    form.is_valid()  # one optional checkbox: always valid
    daily = bool(form.cleaned_data.get("daily_summary"))
    services.update_settings(person=me, daily_summary=daily)
    message = (
        _("You will get a daily summary of your inbox by email.")
        if daily
        else _("You will no longer get the daily summary email.")
    )
    if _is_htmx(request):
        form = SettingsForm(initial={"daily_summary": daily})
        context = {"settings_form": form, "saved": message}
        return render(request, "inbox/_settings.html", context)
    messages.success(request, message)
    return redirect("leader_inbox")


def opt_out(request: HttpRequest, token: str) -> HttpResponse:
    """GET confirms, POST applies; the signed token, not the session, says whose email stops."""
    person = services.person_for_opt_out_token(token)
    if person is None:
        return render(request, "inbox/opt_out_invalid.html", status=404)
    done = False
    if request.method == "POST":
        services.opt_out(token=token)
        done = True
    return render(request, "inbox/opt_out.html", {"done": done})
