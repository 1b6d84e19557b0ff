"""The inbox part of the REST API (same services, selectors, permissions as pages)."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError
from ninja.params.functions import Path

from townhall.inbox import permissions as inbox_permissions
from townhall.inbox import selectors, services
from townhall.inbox.schemas import (
    AnswerIn,
    CloseIn,
    CountOut,
    DelegateIn,
    DoneOut,
    InboxOut,
    SettingsIn,
    SettingsOut,
    SnoozeIn,
    SnoozeOut,
)
from townhall.people.models import Person
from townhall.people.schemas import error_responses

router = Router(tags=["inbox"])

READ = (401, 403, 429)
WRITE = (401, 403, 404, 422, 429)
ITEM_TYPE = r"^(question|problem|mention|quiet_post|draft)$"
ITEM_KEY = r"^[a-z]+-[0-9]{1,19}$"


def _me(request: HttpRequest) -> Person:
    return cast(Person, request.auth)  # type: ignore[attr-defined]


def _leader(request: HttpRequest) -> Person:
    me = _me(request)
    if not inbox_permissions.has_inbox(me):
        raise HttpError(403, _("The inbox is for leaders."))
    return me


@router.get(
    "/inbox",
    response={200: InboxOut, **error_responses(*READ)},
    summary="My leader inbox, most urgent first",
    description="Questions, problems, mentions, quiet posts and drafts that need me, "
    "in urgency order, with counts per type and what I delegated this week. Leaders only.",
)
def get_inbox(request: HttpRequest) -> InboxOut:
    return InboxOut.of(selectors.leader_inbox(_leader(request)))


@router.get(
    "/inbox/count",
    response={200: CountOut, **error_responses(401, 429)},
    summary="How many items wait in my inbox (0 for non-leaders)",
)
def get_count(request: HttpRequest) -> CountOut:
    return CountOut(count=selectors.inbox_count(_me(request)))


def _item(request: HttpRequest, item_type: str, key: str) -> tuple[Person, selectors.InboxItem]:
    me = _leader(request)
    return me, selectors.access_item(me, item_type, key)


@router.post(
    "/inbox/items/{item_type}/{key}/snooze",
    response={200: SnoozeOut, **error_responses(*WRITE)},
    summary="Snooze an item until tomorrow, next week or a given day",
)
def snooze(
    request: HttpRequest,
    payload: SnoozeIn,
    item_type: str = Path(..., pattern=ITEM_TYPE),
    key: str = Path(..., pattern=ITEM_KEY),
) -> SnoozeOut:
    me, item = _item(request, item_type, key)
    until = services.snooze_until(choice=payload.until, on=payload.date)
    snoozed = services.snooze_item(person=me, item=item, until=until)
    return SnoozeOut(item=item.id, until=snoozed.until)


@router.post(
    "/inbox/items/{item_type}/{key}/answer",
    response={200: DoneOut, **error_responses(*WRITE)},
    summary="Answer an item: a comment on its post, or the open-hour answer",
)
def answer(
    request: HttpRequest,
    payload: AnswerIn,
    item_type: str = Path(..., pattern=ITEM_TYPE),
    key: str = Path(..., pattern=ITEM_KEY),
) -> DoneOut:
    me, item = _item(request, item_type, key)
    services.answer_item(actor=me, item=item, body=payload.body)
    return DoneOut(item=item.id, detail=_("Answered."))


@router.post(
    "/inbox/items/{item_type}/{key}/delegate",
    response={200: DoneOut, **error_responses(*WRITE)},
    summary="Delegate an item to a colleague (@mentioned in a comment on the post)",
)
def delegate(
    request: HttpRequest,
    payload: DelegateIn,
    item_type: str = Path(..., pattern=ITEM_TYPE),
    key: str = Path(..., pattern=ITEM_KEY),
) -> DoneOut:
    me, item = _item(request, item_type, key)
    delegation = services.delegate_item(actor=me, item=item, to=payload.to, note=payload.note)
    detail = _("Delegated to %(name)s.") % {"name": delegation.delegate.display_name}
    return DoneOut(item=item.id, detail=detail)


@router.post(
    "/inbox/items/{item_type}/{key}/close",
    response={200: DoneOut, **error_responses(*WRITE)},
    summary="Close an open-hour question with a reason",
)
def close(
    request: HttpRequest,
    payload: CloseIn,
    item_type: str = Path(..., pattern=ITEM_TYPE),
    key: str = Path(..., pattern=ITEM_KEY),
) -> DoneOut:
    me, item = _item(request, item_type, key)
    services.close_item(actor=me, item=item, reason=payload.reason)
    return DoneOut(item=item.id, detail=_("Question closed."))


def _settings(me: Person) -> SettingsOut:
    setting = services.settings_for(me)
    return SettingsOut(daily_summary=setting.daily_summary, last_sent_at=setting.last_sent_at)


@router.get(
    "/inbox/settings",
    response={200: SettingsOut, **error_responses(*READ)},
    summary="My inbox settings (the daily summary email)",
)
def get_settings(request: HttpRequest) -> SettingsOut:
    return _settings(_leader(request))


@router.patch(
    "/inbox/settings",
    response={200: SettingsOut, **error_responses(401, 403, 422, 429)},
    summary="Turn the daily summary email on or off",
)
def patch_settings(request: HttpRequest, payload: SettingsIn) -> SettingsOut:
    me = _leader(request)
    services.update_settings(person=me, daily_summary=payload.daily_summary)
    return _settings(me)


@router.post(
    "/inbox/opt-out/{token}",
    auth=None,
    response={200: DoneOut, **error_responses(422)},
    summary="One-click opt-out of the daily summary (RFC 8058)",
    description="The `List-Unsubscribe` target of the daily summary email; the signed token "
    "says whose summary stops, no sign-in is needed.",
)
def one_click_opt_out(request: HttpRequest, token: str = Path(..., max_length=300)) -> DoneOut:
    services.opt_out(token=token)
    return DoneOut(item="", detail=_("You will no longer get the daily summary email."))
