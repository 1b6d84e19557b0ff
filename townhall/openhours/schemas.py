"""Input and output shapes of the open-hours API. No shape carries an anonymous asker."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AwareDatetime, ConfigDict, Field

from townhall.conversations.schemas import GroupRef
from townhall.people.schemas import NO_NUL, SLUG, PersonSummary

Text = Annotated[str, Field(pattern=NO_NUL)]
RecurrenceName = Literal["none", "weekly", "biweekly", "monthly"]
StateName = Literal["upcoming", "live", "ended", "cancelled"]
QuestionStatusName = Literal[
    "pending_screening", "visible", "rejected", "merged", "answered", "closed"
]
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


class OpenHourOut(Schema):
    id: int
    title: str
    description: str
    host: PersonSummary
    audience: GroupRef
    article_id: int | None = Field(description="The linked article; null when you may not read it")
    starts_at: datetime
    ends_at: datetime
    state: StateName = Field(description="Derived from the times: upcoming, live, ended")
    recurrence: RecurrenceName
    series_id: str | None = Field(description="Shared by the sessions of a recurring series")
    allow_anonymous: bool
    summary_post_id: int | None = Field(description="The summary post, once the session ended")
    url: str
    calendar_url: str = Field(description="The session as an .ics file")
    can_ask: bool = Field(description="You may ask and vote (the session has not ended)")
    can_manage: bool = Field(description="You may edit or cancel it, answer, merge and close")
    can_screen: bool = Field(description="You screen its anonymous questions")


class OpenHourIn(Schema):
    model_config = ConfigDict(extra="forbid")

    host_id: Id | None = Field(
        None, description="The leader who hosts; yourself when empty (community managers only)"
    )
    title: Text = Field(..., max_length=200)
    description: Text = Field("", max_length=5000)
    article_id: Id | None = Field(None, description="A post to link, e.g. the weekly blog")
    audience: Annotated[str, Field(pattern=SLUG, max_length=140)] | None = Field(
        None, description="Group slug; the company group when empty"
    )
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    recurrence: RecurrenceName = "none"
    occurrences: int = Field(1, ge=1, le=12, description="Sessions to create for a series")
    allow_anonymous: bool = True


class OpenHourPatchIn(Schema):
    """Only the fields sent change; a new time re-sends the host's invite."""

    model_config = ConfigDict(extra="forbid")

    title: Text | None = Field(None, max_length=200)
    description: Text | None = Field(None, max_length=5000)
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None
    allow_anonymous: bool | None = None


class QuestionOut(Schema):
    id: int
    open_hour_id: int
    text: str
    status: QuestionStatusName
    is_anonymous: bool
    asker: PersonSummary | None = Field(
        description="Who asked; always null for anonymous questions, for everyone"
    )
    is_mine: bool = Field(description="You asked it")
    vote_count: int
    voted: bool = Field(description="You up-voted it")
    merged_into_id: int | None
    close_reason: str
    answer: str
    answer_html: str = Field(description="Rendered and sanitised Markdown")
    answered_by: PersonSummary | None
    answered_at: datetime | None
    created_at: datetime


class QuestionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    text: Text = Field(..., max_length=2000)
    anonymous: bool = Field(False, description="Hidden author; screened before it appears")


class ScreenIn(Schema):
    model_config = ConfigDict(extra="forbid")

    approve: bool


class MergeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    into_id: Id = Field(..., description="The question this one duplicates")


class AnswerIn(Schema):
    model_config = ConfigDict(extra="forbid")

    body: Text = Field(..., max_length=20_000, description="Markdown")


class CloseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: Text = Field(..., max_length=500)
