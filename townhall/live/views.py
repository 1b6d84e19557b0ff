"""HTTP for live updates: the server-sent events stream and the "new posts" banner fragment."""

from __future__ import annotations

import asyncio
import json
from collections import OrderedDict
from collections.abc import AsyncIterator

from asgiref.sync import sync_to_async
from django.conf import settings
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from townhall.conversations.models import Post
from townhall.live import selectors
from townhall.live.broker import Event, get_broker
from townhall.people import permissions
from townhall.people.models import Person

HEARTBEAT_SECONDS = 15.0
MEMBERSHIP_REFRESH_SECONDS = 60.0
RETRY_MILLISECONDS = 3000


def _stream_seconds() -> float:
    # Streams end on their own so memberships and sign-outs are re-checked on reconnect.
    return float(getattr(settings, "TOWNHALL_LIVE_STREAM_SECONDS", 300))


class _EventPosts:
    """Loads the post behind an event once per process, however many connections ask."""

    def __init__(self) -> None:
        self._loads: OrderedDict[int, asyncio.Future[Post | None]] = OrderedDict()

    async def get(self, event: Event) -> Post | None:
        loop = asyncio.get_running_loop()
        load = self._loads.get(event.id)
        if load is None or load.get_loop() is not loop:
            post_id = int(event.data["post_id"])
            load = asyncio.ensure_future(sync_to_async(selectors.post_for_event)(post_id))
            self._loads[event.id] = load
            while len(self._loads) > 256:
                self._loads.popitem(last=False)
        return await load


_event_posts = _EventPosts()


async def _visible(person: Person, event: Event) -> bool:
    if "post_id" not in event.data:
        return True  # person channels carry only what is theirs
    post = await _event_posts.get(event)
    return post is not None and permissions.can_view_post(person, post)


def _format(event: Event) -> str:
    data = json.dumps(event.data, separators=(",", ":"))
    return f"id: {event.id}\nevent: {event.type}\ndata: {data}\n\n"


def _last_event_id(request: HttpRequest) -> int | None:
    raw = request.headers.get("Last-Event-ID") or request.GET.get("last_event_id", "")
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


def _watched_posts(request: HttpRequest) -> list[int]:
    raw = request.GET.get("posts", "")
    ids = [int(part) for part in raw.split(",") if part.isdigit() and len(part) < 12]
    return ids[: selectors.MAX_WATCHED_POSTS]


def _watched_open_hours(request: HttpRequest) -> list[int]:
    raw = request.GET.get("openhours", "")
    ids = [int(part) for part in raw.split(",") if part.isdigit() and len(part) < 12]
    return ids[: selectors.MAX_WATCHED_OPEN_HOURS]


async def _stream(person: Person, channels: frozenset[str], last_id: int) -> AsyncIterator[str]:
    broker = get_broker()
    # Subscribe before replaying, so nothing published in between falls through the gap.
    sub = await broker.subscribe(channels)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + _stream_seconds()
    refresh_at = loop.time() + MEMBERSHIP_REFRESH_SECONDS
    try:
        yield f"retry: {RETRY_MILLISECONDS}\n\n"
        # Tell the browser where it stands even when nothing happens, so its next connection
        # replays whatever is published while it is away.
        yield f"id: {last_id}\nevent: ready\ndata: {{}}\n\n"
        seen = last_id
        for event in await sync_to_async(broker.replay)(channels, last_id):
            if await _visible(person, event):
                yield _format(event)
            seen = max(seen, event.id)
        while not sub.overflowed:
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            try:
                event = await asyncio.wait_for(
                    sub.queue.get(), timeout=min(HEARTBEAT_SECONDS, remaining)
                )
            except TimeoutError:
                yield ": keep-alive\n\n"
                continue
            if loop.time() >= refresh_at:
                await sync_to_async(selectors.refresh_memberships)(person)
                refresh_at = loop.time() + MEMBERSHIP_REFRESH_SECONDS
            if event.id > seen and await _visible(person, event):
                yield _format(event)
    finally:
        await broker.unsubscribe(sub)


async def events(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """`text/event-stream` of the signed-in person's live events; replays after Last-Event-ID."""
    user = await request.auser()
    if not isinstance(user, Person) or not user.is_active:
        return HttpResponse(status=401)
    channels = await sync_to_async(selectors.channels_for)(
        user, _watched_posts(request), _watched_open_hours(request)
    )
    last_id = _last_event_id(request)
    if last_id is None:  # a first connection starts from now
        last_id = await sync_to_async(get_broker().last_id)()
    response = StreamingHttpResponse(
        _stream(user, channels, last_id), content_type="text/event-stream"
    )
    response["Cache-Control"] = "no-cache, no-transform"
    response["X-Accel-Buffering"] = "no"  # nginx would otherwise hold events back
    return response


def new_posts_banner(request: HttpRequest) -> HttpResponse:
    """The "N new posts — show" banner live.js swaps in above a feed."""
    raw = request.GET.get("count", "1")
    count = min(int(raw), 99) if raw.isdigit() and len(raw) < 4 else 1
    return render(request, "live/_new_posts_banner.html", {"count": max(count, 1)})
