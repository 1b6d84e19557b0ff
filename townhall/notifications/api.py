"""Notifications in the REST API: inbox, read state, email settings, one-click unsubscribe."""

from __future__ import annotations

from typing import cast

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.params.functions import Path, Query

from townhall.notifications import selectors, services
from townhall.notifications.schemas import (
    NotificationOut,
    NotificationPage,
    PreferencesIn,
    PreferencesOut,
    ReadAllOut,
    UnsubscribedOut,
)
from townhall.people.models import Person
from townhall.people.schemas import error_responses

router = Router(tags=["notifications"])

READ = (401, 429)
WRITE = (401, 403, 429)


def _me(request: HttpRequest) -> Person:
    return cast(Person, request.auth)  # type: ignore[attr-defined]


def _preferences(me: Person) -> PreferencesOut:
    return PreferencesOut(digest=selectors.digest_frequency(me), email=selectors.email_modes(me))


@router.get(
    "/notifications",
    response={200: NotificationPage, **error_responses(*READ, 422)},
    summary="My notifications, newest first",
)
def list_notifications(
    request: HttpRequest,
    cursor: str = Query("", max_length=500, description="`next_cursor` of the previous page"),
    limit: int = Query(selectors.PAGE_SIZE, ge=1, le=100),
) -> NotificationPage:
    me = _me(request)
    if not selectors.valid_cursor(cursor):
        raise ValidationError({"cursor": _("This cursor is not valid.")})
    page = selectors.notifications_page(me, after=cursor, limit=limit)
    return NotificationPage(
        items=[NotificationOut.of(e) for e in page.entries],
        next_cursor=page.next_cursor,
        unread_count=selectors.unread_count(me),
    )


@router.post(
    "/notifications/read-all",
    response={200: ReadAllOut, **error_responses(*WRITE)},
    summary="Mark all my notifications read",
)
def read_all(request: HttpRequest) -> ReadAllOut:
    return ReadAllOut(updated=services.mark_all_read(person=_me(request)))


@router.post(
    "/notifications/{notification_id}/read",
    response={200: NotificationOut, **error_responses(*WRITE, 404)},
    summary="Mark one notification read",
)
def read_one(request: HttpRequest, notification_id: int = Path(..., ge=1)) -> NotificationOut:
    me = _me(request)
    notification = selectors.access_notification(me, notification_id)
    services.mark_read(person=me, notification=notification)
    return NotificationOut.of(selectors.describe(notification, me))


@router.post(
    "/notifications/unsubscribe/{token}",
    auth=None,
    response={200: UnsubscribedOut, **error_responses(422)},
    summary="One-click unsubscribe (RFC 8058)",
    description="The `List-Unsubscribe` target of every notification email. "
    "The signed token says whose email and which kind; no sign-in is needed.",
)
def one_click_unsubscribe(
    request: HttpRequest, token: str = Path(..., max_length=300)
) -> UnsubscribedOut:
    _person, kind = services.unsubscribe(token=token)
    return UnsubscribedOut(
        kind=kind,
        detail=_("You will no longer get these emails: %(kind)s.")
        % {"kind": services.kind_label(kind)},
    )


@router.get(
    "/me/notification-preferences",
    response={200: PreferencesOut, **error_responses(*READ)},
    summary="My notification email settings",
)
def get_preferences(request: HttpRequest) -> PreferencesOut:
    return _preferences(_me(request))


@router.put(
    "/me/notification-preferences",
    response={200: PreferencesOut, **error_responses(*WRITE, 422)},
    summary="Change my notification email settings",
)
def put_preferences(request: HttpRequest, payload: PreferencesIn) -> PreferencesOut:
    me = _me(request)
    email = payload.email.model_dump(exclude_none=True) if payload.email else {}
    services.update_preferences(person=me, email=email, digest=payload.digest)
    return _preferences(me)
