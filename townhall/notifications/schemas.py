"""API shapes for notifications and notification settings."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import ConfigDict

from townhall.notifications.selectors import Entry
from townhall.people.schemas import PersonSummary

EmailModeLiteral = Literal["immediate", "digest", "off"]
DigestLiteral = Literal["daily", "weekly", "off"]


class NotificationOut(Schema):
    id: int
    kind: str
    text: str
    snippet: str
    url: str
    unread: bool
    count: int
    actor: PersonSummary | None
    created_at: datetime

    @staticmethod
    def of(entry: Entry) -> NotificationOut:
        n = entry.notification
        return NotificationOut(
            id=n.pk,
            kind=n.kind,
            text=entry.text,
            snippet=entry.snippet,
            url=entry.url,
            unread=entry.unread,
            count=n.count,
            # Who acted is part of what the post shows; with access gone, it is withheld too.
            actor=PersonSummary.of(n.actor) if entry.accessible else None,
            created_at=n.created_at,
        )


class NotificationPage(Schema):
    items: list[NotificationOut]
    next_cursor: str | None
    unread_count: int


class ReadAllOut(Schema):
    updated: int


class EmailModes(Schema):
    model_config = ConfigDict(extra="forbid")

    mention: EmailModeLiteral | None = None
    reply: EmailModeLiteral | None = None
    answer: EmailModeLiteral | None = None
    answer_accepted: EmailModeLiteral | None = None
    reaction: EmailModeLiteral | None = None
    follower: EmailModeLiteral | None = None
    announcement: EmailModeLiteral | None = None
    group_invitation: EmailModeLiteral | None = None
    join_request: EmailModeLiteral | None = None


class PreferencesOut(Schema):
    digest: str
    email: dict[str, str]


class PreferencesIn(Schema):
    """Only what is sent changes."""

    model_config = ConfigDict(extra="forbid")

    digest: DigestLiteral | None = None
    email: EmailModes | None = None


class UnsubscribedOut(Schema):
    kind: str
    detail: str
