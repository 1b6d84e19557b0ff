"""Input and output shapes of the problems API; validation only, no logic."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import ConfigDict, Field

from townhall.conversations.schemas import GroupRef
from townhall.people.schemas import NO_NUL, SLUG, PersonSummary

Text = Annotated[str, Field(pattern=NO_NUL)]
UnitSlug = Annotated[str, Field(pattern=SLUG, max_length=220)]
StatusName = Literal["open", "in_progress", "resolved"]


class UnitRef(Schema):
    id: int
    slug: str
    name: str


class ProblemPostRef(Schema):
    id: int
    title: str
    body: str
    author: PersonSummary
    group: GroupRef
    comment_count: int
    created_at: datetime


class ProblemOut(Schema):
    """A problem as a board row: its post, owner unit, status and timing."""

    id: int
    post: ProblemPostRef
    owner_unit: UnitRef
    status: StatusName
    status_label: str = Field(description="The status in the reader's language")
    raised_by: PersonSummary
    raised_at: datetime
    resolved_at: datetime | None
    resolved_by: PersonSummary | None
    resolution_note: str
    time_to_resolution_seconds: int | None = Field(
        description="From raised to resolved, in seconds; null while unresolved"
    )


class ProblemEventOut(Schema):
    kind: Literal["raised", "status", "owner"]
    actor: PersonSummary | None
    from_status: StatusName | Literal[""]
    to_status: StatusName | Literal[""]
    owner_unit: UnitRef | None
    note: str
    created_at: datetime


class ProblemDetailOut(ProblemOut):
    """A problem with its helpers, its timeline and what you may do with it."""

    helpers: list[PersonSummary] = Field(description="People @mentioned on the post or comments")
    events: list[ProblemEventOut] = Field(description="The timeline, oldest first")
    can_change: bool = Field(description="You may change its status or owner unit")


class ProblemPage(Schema):
    items: list[ProblemOut]
    next_cursor: str | None


class ProblemIn(Schema):
    """A new post, published and raised as a problem in one step."""

    model_config = ConfigDict(extra="forbid")

    title: Text = Field(..., min_length=1, max_length=200)
    body: Text = Field(..., max_length=50_000)
    group: Annotated[str, Field(pattern=SLUG, max_length=140)] | None = Field(
        None, description="Group slug; the company group when empty"
    )
    owner_unit: UnitSlug | None = Field(None, description="Unit slug; your own unit when empty")
    language: Literal["", "en", "nl", "sv", "nb"] = ""


class RaiseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    owner_unit: UnitSlug | None = Field(
        None, description="Unit slug; the post author's unit when empty"
    )


class StatusIn(Schema):
    model_config = ConfigDict(extra="forbid")

    status: StatusName
    note: Text = Field("", max_length=5000, description="Required when resolving")


class OwnerIn(Schema):
    model_config = ConfigDict(extra="forbid")

    owner_unit: UnitSlug
    note: Text = Field("", max_length=5000)
