"""Input and output shapes of the groups API; validation only, no logic."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import ConfigDict, Field

from townhall.conversations.schemas import GroupRef
from townhall.people.schemas import NO_NUL, PersonSummary

Text = Annotated[str, Field(pattern=NO_NUL)]


class GroupOut(Schema):
    id: int
    slug: str
    name: str
    description: str
    visibility: str
    is_company: bool
    is_auto_managed: bool = Field(description="Membership follows the organisation chart")
    member_count: int
    is_member: bool
    created_at: datetime


class GroupDetailOut(GroupOut):
    """A group and what you may do there."""

    can_post: bool
    can_join: bool
    can_request_to_join: bool
    can_manage: bool


class GroupPage(Schema):
    items: list[GroupOut]
    next_cursor: str | None


class GroupIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: Text = Field(..., max_length=120)
    description: Text = Field("", max_length=2000)
    visibility: Literal["open", "private", "secret"] = "open"


class JoinRequestIn(Schema):
    model_config = ConfigDict(extra="forbid")

    message: Text = Field("", max_length=500)


class JoinRequestOut(Schema):
    id: int
    group: GroupRef
    person: PersonSummary
    message: str
    created_at: datetime
    decided_at: datetime | None
    approved: bool | None


class JoinRequestPage(Schema):
    items: list[JoinRequestOut]
    next_cursor: str | None


class DecisionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    approve: bool


class GroupInvitationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    person_id: int = Field(..., ge=1, le=2**63 - 1)


class InvitationAnswerIn(Schema):
    model_config = ConfigDict(extra="forbid")

    accept: bool


class GroupInvitationOut(Schema):
    id: int
    group: GroupRef
    person: PersonSummary
    invited_by: PersonSummary
    created_at: datetime


class MemberOut(Schema):
    person: PersonSummary
    role: str = Field(description="member or admin")
    joined_at: datetime


class MemberPage(Schema):
    items: list[MemberOut]
    next_cursor: str | None
