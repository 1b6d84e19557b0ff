"""Live event brokers: in-process asyncio queues, or Redis pub/sub so every web process sees events.

Each process keeps one local fan-out (channel → open connections). Publishing stores the event in
a short per-channel replay buffer (for Last-Event-ID) and hands it to every process's fan-out.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

logger = logging.getLogger(__name__)

# Replay window: enough to cover a reconnect after a network blip or a deploy, not history.
BUFFER_SIZE = 200
BUFFER_SECONDS = 600
# A connection that falls this far behind is closed; the browser reconnects and replays.
QUEUE_SIZE = 500
REDIS_CHANNEL = "townhall:live"
REDIS_SEQUENCE = "townhall:live:seq"
REDIS_BUFFER = "townhall:live:buf:"


@dataclass(frozen=True)
class Event:
    """One live event; `id` grows monotonically across all channels of a broker."""

    id: int
    channel: str
    type: str
    data: dict[str, Any]

    def to_json(self) -> str:
        return json.dumps(
            {"id": self.id, "channel": self.channel, "type": self.type, "data": self.data},
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, raw: str | bytes) -> Event:
        value = json.loads(raw)
        return cls(
            id=int(value["id"]),
            channel=str(value["channel"]),
            type=str(value["type"]),
            data=dict(value["data"]),
        )


@dataclass(eq=False)
class Subscription:
    """One open SSE connection: the channels it listens to and its own queue."""

    channels: frozenset[str]
    loop: asyncio.AbstractEventLoop
    queue: asyncio.Queue[Event] = field(default_factory=lambda: asyncio.Queue(QUEUE_SIZE))
    overflowed: bool = False

    def offer(self, event: Event) -> None:
        """Called on the subscription's own loop."""
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.overflowed = True


class _LocalFanOut:
    """Channel → subscriptions of this process; publishers may call from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_channel: dict[str, set[Subscription]] = {}
        self.count = 0

    def add(self, sub: Subscription) -> None:
        with self._lock:
            for channel in sub.channels:
                self._by_channel.setdefault(channel, set()).add(sub)
            self.count += 1

    def remove(self, sub: Subscription) -> None:
        with self._lock:
            for channel in sub.channels:
                subs = self._by_channel.get(channel)
                if subs is not None:
                    subs.discard(sub)
                    if not subs:
                        del self._by_channel[channel]
            self.count -= 1

    def loops(self) -> set[asyncio.AbstractEventLoop]:
        with self._lock:
            return {sub.loop for subs in self._by_channel.values() for sub in subs}

    def deliver(self, event: Event) -> None:
        with self._lock:
            targets = list(self._by_channel.get(event.channel, ()))
        for sub in targets:
            if sub.loop.is_closed():
                continue
            try:
                running = asyncio.get_running_loop()
            except RuntimeError:
                running = None
            if running is sub.loop:
                sub.offer(event)
            else:
                sub.loop.call_soon_threadsafe(sub.offer, event)


class Broker:
    """The interface both backends share."""

    def __init__(self) -> None:
        self.local = _LocalFanOut()

    def publish(self, channel: str, type_: str, data: dict[str, Any]) -> Event:
        raise NotImplementedError

    def replay(self, channels: frozenset[str], after: int) -> list[Event]:
        raise NotImplementedError

    def last_id(self) -> int:
        """The id of the newest event published so far (0 before the first)."""
        raise NotImplementedError

    async def subscribe(self, channels: frozenset[str]) -> Subscription:
        sub = Subscription(channels=channels, loop=asyncio.get_running_loop())
        self.local.add(sub)
        return sub

    async def unsubscribe(self, sub: Subscription) -> None:
        self.local.remove(sub)

    @property
    def connection_count(self) -> int:
        return self.local.count


class InProcessBroker(Broker):
    """The embedded default: one process, ring buffers in memory."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._last = 0
        self._buffers: dict[str, deque[tuple[float, Event]]] = {}

    def publish(self, channel: str, type_: str, data: dict[str, Any]) -> Event:
        with self._lock:
            event = Event(id=next(self._ids), channel=channel, type=type_, data=data)
            self._last = event.id
            buffer = self._buffers.setdefault(channel, deque(maxlen=BUFFER_SIZE))
            buffer.append((time.monotonic(), event))
        self.local.deliver(event)
        return event

    def replay(self, channels: frozenset[str], after: int) -> list[Event]:
        oldest = time.monotonic() - BUFFER_SECONDS
        with self._lock:
            found = [
                event
                for channel in channels
                for stamp, event in self._buffers.get(channel, ())
                if event.id > after and stamp >= oldest
            ]
        return sorted(found, key=lambda event: event.id)

    def last_id(self) -> int:
        return self._last


class RedisBroker(Broker):
    """Several web processes: PUBLISH to one Redis channel; buffers are sorted sets with a TTL."""

    def __init__(self, url: str) -> None:
        super().__init__()
        import redis

        self.url = url
        self._redis = redis.Redis.from_url(url)
        self._readers: dict[asyncio.AbstractEventLoop, asyncio.Task[None]] = {}
        self._ready: dict[asyncio.AbstractEventLoop, asyncio.Event] = {}

    def publish(self, channel: str, type_: str, data: dict[str, Any]) -> Event:
        event_id = int(self._redis.incr(REDIS_SEQUENCE))
        event = Event(id=event_id, channel=channel, type=type_, data=data)
        raw = event.to_json()
        key = REDIS_BUFFER + channel
        with self._redis.pipeline(transaction=False) as pipe:
            pipe.zadd(key, {raw: event_id})
            pipe.zremrangebyrank(key, 0, -BUFFER_SIZE - 1)
            pipe.expire(key, BUFFER_SECONDS)
            pipe.publish(REDIS_CHANNEL, raw)
            pipe.execute()
        return event

    def replay(self, channels: frozenset[str], after: int) -> list[Event]:
        with self._redis.pipeline(transaction=False) as pipe:
            for channel in sorted(channels):
                pipe.zrangebyscore(REDIS_BUFFER + channel, f"({after}", "+inf")
            results = pipe.execute()
        events = [Event.from_json(raw) for rows in results for raw in rows]
        return sorted(events, key=lambda event: event.id)

    def last_id(self) -> int:
        return int(self._redis.get(REDIS_SEQUENCE) or 0)

    async def subscribe(self, channels: frozenset[str]) -> Subscription:
        sub = await super().subscribe(channels)
        loop = sub.loop
        reader = self._readers.get(loop)
        if reader is None or reader.done():
            self._ready[loop] = asyncio.Event()
            self._readers[loop] = loop.create_task(self._read(self._ready[loop]))
        # Wait until Redis confirms the subscription, so a replay cannot miss what follows it.
        try:
            await asyncio.wait_for(self._ready[loop].wait(), timeout=5.0)
        except TimeoutError:
            logger.warning("Live updates: Redis subscription not confirmed; replay may lag")
        return sub

    async def unsubscribe(self, sub: Subscription) -> None:
        await super().unsubscribe(sub)
        loop = sub.loop
        if loop not in self.local.loops():
            reader = self._readers.pop(loop, None)
            self._ready.pop(loop, None)
            if reader is not None:
                reader.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await reader

    async def _read(self, ready: asyncio.Event) -> None:
        """One Redis subscription per process and loop, fanned out to local connections."""
        import redis.asyncio as aioredis

        delay = 0.5
        while True:
            client = aioredis.Redis.from_url(self.url)
            pubsub = client.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(REDIS_CHANNEL)
                ready.set()
                delay = 0.5
                while True:
                    message = await pubsub.get_message(timeout=5.0)
                    if message is not None and message.get("type") == "message":
                        self.local.deliver(Event.from_json(message["data"]))
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("Live updates lost Redis; retrying in %.1fs", delay, exc_info=True)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()  # type: ignore[no-untyped-call]
                with contextlib.suppress(Exception):
                    await client.aclose()


_brokers: dict[str, Broker] = {}
_brokers_lock = threading.Lock()


def get_broker() -> Broker:
    """The broker for the configured REDIS_URL (in-process when unset), one per process."""
    url = settings.REDIS_URL or ""
    with _brokers_lock:
        broker = _brokers.get(url)
        if broker is None:
            broker = RedisBroker(url) if url else InProcessBroker()
            _brokers[url] = broker
        return broker
