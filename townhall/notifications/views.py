"""HTTP for notifications: the inbox, marking read, email settings, unsubscribe links."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from townhall.notifications import selectors, services
from townhall.notifications.forms import PreferencesForm
from townhall.people.models import Person
from townhall.web.rendering import render_page


def _me(request: HttpRequest) -> Person:
    return cast(Person, request.user)


def notification_list(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    after = request.GET.get("after", "")
    if not selectors.valid_cursor(after):
        raise Http404
    page = selectors.notifications_page(me, after=after)
    context = {"page": page, "unread": selectors.unread_count(me)}
    partial = "notifications/_items.html" if after else None
    return render_page(request, "notifications/list.html", context, partial=partial)


def bell(request: HttpRequest) -> HttpResponse:
    """The bell with its unread count: what live.js swaps in when a `bell` event arrives."""
    response = render(request, "notifications/_bell.html")
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    notification = selectors.access_notification(me, pk)
    services.mark_read(person=me, notification=notification)
    if getattr(request, "htmx", False):
        entry = selectors.describe(notification, me)
        context = {"entry": entry, "oob_bell": True}
        return render(request, "notifications/_notification.html", context)
    return redirect("notification_list")


@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(person=_me(request))
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notification_list")


def preferences(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    initial: dict[str, str] = {"digest": selectors.digest_frequency(me)}
    initial.update({f"email_{k}": v for k, v in selectors.email_modes(me).items()})
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_preferences(
                person=me, email=form.email_modes(), digest=form.cleaned_data["digest"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notification_preferences")
    status = 422 if form.errors else 200
    return render(request, "notifications/preferences.html", {"form": form}, status=status)


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET confirms, POST applies; the signed token, not the session, says whose email stops."""
    found = services.read_unsubscribe_token(token)
    if found is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=404)
    _person, kind = found
    context = {"kind_label": services.kind_label(kind), "done": False}
    if request.method == "POST":
        services.unsubscribe(token=token)
        context["done"] = True
    return render(request, "notifications/unsubscribe.html", context)
