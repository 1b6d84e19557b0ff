"""Input and output shapes of the inbox API; validation only, no logic."""

from __future__ import annotations

import datetime as dt
from datetime import datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from townhall.inbox.selectors import Inbox, InboxItem
from townhall.people.schemas import NO_NUL, PersonSummary

Text = Annotated[str, Field(pattern=NO_NUL)]
ItemTypeName = Literal["question", "problem", "mention", "quiet_post", "draft"]


class InboxItemOut(Schema):
    """One item: what it is, who waits, how long, where to open it and what can be done."""

    id: str = Field(description='"<type>:<key>"; act on it at /inbox/items/{type}/{key}/…')
    type: ItemTypeName
    key: str = Field(description='"<source>-<id>": post, openhour, problem or draft')
    title: str
    snippet: str
    url: str
    waiting_since: datetime
    age_seconds: int
    who: str = Field(description="Who is waiting; empty for anonymous open-hour questions")
    where: str
    votes: int
    actions: list[Literal["answer", "delegate", "snooze", "close", "open"]]
    delegated_to: PersonSummary | None = None
    delegated_at: datetime | None = None

    @staticmethod
    def of(item: InboxItem) -> InboxItemOut:
        return InboxItemOut(
            id=item.id,
            type=item.type,  # type: ignore[arg-type]
            key=item.key,
            title=item.title,
            snippet=item.snippet,
            url=item.url,
            waiting_since=item.waiting_since,
            age_seconds=int(item.age.total_seconds()),
            who=item.who,
            where=item.where,
            votes=item.votes,
            actions=list(item.actions),  # type: ignore[arg-type]
            delegated_to=PersonSummary.of(item.delegated_to),
            delegated_at=item.delegated_at,
        )


class InboxOut(Schema):
    items: list[InboxItemOut]
    counts: dict[str, int]
    delegated: list[InboxItemOut]

    @staticmethod
    def of(inbox: Inbox) -> InboxOut:
        return InboxOut(
            items=[InboxItemOut.of(i) for i in inbox.items],
            counts=inbox.counts,
            delegated=[InboxItemOut.of(i) for i in inbox.delegated],
        )


class CountOut(Schema):
    count: int


class SnoozeIn(Schema):
    until: Literal["tomorrow", "next_week", "date"] = "tomorrow"
    date: dt.date | None = Field(None, description='The day the item comes back, with until="date"')


class SnoozeOut(Schema):
    item: str
    until: datetime


class AnswerIn(Schema):
    body: Text = Field(..., min_length=1, max_length=10_000)


class DelegateIn(Schema):
    to: Text = Field(..., min_length=1, max_length=80, description="The colleague's @handle")
    note: Text = Field("", max_length=2000)


class CloseIn(Schema):
    reason: Text = Field(..., min_length=1, max_length=1000)


class DoneOut(Schema):
    item: str
    detail: str


class SettingsOut(Schema):
    daily_summary: bool
    last_sent_at: datetime | None


class SettingsIn(Schema):
    daily_summary: bool
