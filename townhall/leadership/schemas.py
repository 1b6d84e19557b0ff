"""Input and output shapes of the leadership API; validation only, no logic."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import ConfigDict, Field

from townhall.conversations.schemas import GroupRef
from townhall.people.schemas import NO_NUL, SLUG, PersonSummary, UnitRef

Text = Annotated[str, Field(pattern=NO_NUL)]
GroupSlug = Annotated[str, Field(pattern=SLUG, max_length=140)]
DraftKindName = Literal["update", "article"]


class ResponsivenessOut(Schema):
    """Over the last 30 days: posts and comments by others mentioning the leader (`asked`),
    those the leader commented on afterwards (`answered`), and the median wait."""

    median_first_reply_seconds: float | None
    answered_share: float | None = Field(description="answered / asked; null when none asked")
    asked: int
    answered: int


class PostRefOut(Schema):
    id: int
    kind: str
    title: str
    excerpt: str
    created_at: datetime


class OpenHourRefOut(Schema):
    id: int
    title: str
    starts_at: datetime
    url: str


class LeaderOut(Schema):
    leader: PersonSummary
    unit: UnitRef | None
    level: int = Field(description="Depth in the org chart: 0 is the top")
    latest_post: PostRefOut | None = Field(description="Their newest post you may read")
    next_open_hour: OpenHourRefOut | None
    responsiveness: ResponsivenessOut
    following: bool


class LeaderList(Schema):
    items: list[LeaderOut]


class FollowLineOut(Schema):
    newly_followed: int
    followed: list[PersonSummary]
    already_following: list[PersonSummary]


class StepOut(Schema):
    id: str
    title: str
    why: str
    url: str
    done: bool
    done_at: datetime | None


class OnboardingOut(Schema):
    started_at: datetime | None
    completed_at: datetime | None
    dismissed_at: datetime | None
    done_count: int
    total: int
    percent: int
    steps: list[StepOut]


class NudgeOut(Schema):
    id: int
    leader_id: int
    sent_by: PersonSummary | None
    message: str
    created_at: datetime


class CoachingRowOut(Schema):
    leader: PersonSummary
    unit: UnitRef | None
    onboarding_done: int
    onboarding_total: int
    next_step: str | None = Field(description="Id of the first step not done yet")
    last_activity: datetime | None
    responsiveness: ResponsivenessOut
    latest_nudge: NudgeOut | None


class CoachingList(Schema):
    items: list[CoachingRowOut]


class NudgeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    message: Text = Field(..., min_length=1, max_length=500)


class DraftIn(Schema):
    model_config = ConfigDict(extra="forbid")

    leader_id: int = Field(..., ge=1, le=2**63 - 1)
    group: GroupSlug
    kind: DraftKindName = "update"
    title: Text = Field("", max_length=200)
    body: Text = Field(..., min_length=1, max_length=50_000)


class DraftPatchIn(Schema):
    model_config = ConfigDict(extra="forbid")

    group: GroupSlug | None = None
    kind: DraftKindName | None = None
    title: Text | None = Field(None, max_length=200)
    body: Text | None = Field(None, min_length=1, max_length=50_000)


class DraftOut(Schema):
    id: int
    leader: PersonSummary
    prepared_by: PersonSummary | None
    group: GroupRef
    kind: str
    title: str
    body: str
    status: str
    published_post_id: int | None
    created_at: datetime
    updated_at: datetime
    decided_at: datetime | None
    url: str


class DraftList(Schema):
    items: list[DraftOut]
