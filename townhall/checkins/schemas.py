"""Input and output shapes of the check-ins API; validation only, no logic."""

from __future__ import annotations

from datetime import date, datetime

from django.urls import reverse
from ninja import Schema
from pydantic import ConfigDict, Field

from townhall.checkins.models import PROMPT_MAX_CHARS, CheckIn, UnitCheckinSettings
from townhall.checkins.weeks import week_label
from townhall.conversations.schemas import GroupRef
from townhall.groups.models import Group
from townhall.people.schemas import NO_NUL, SLUG, PersonSummary, UnitRef

WEEK = r"^\d{4}-W\d{2}$"


def _group(group: Group | None) -> GroupRef | None:
    if group is None:
        return None
    return GroupRef(id=group.pk, slug=group.slug, name=group.name, visibility=group.visibility)


class CheckInIn(Schema):
    """A week's three prompts; at least one must be answered."""

    did: str = Field("", max_length=PROMPT_MAX_CHARS, pattern=NO_NUL)
    doing: str = Field("", max_length=PROMPT_MAX_CHARS, pattern=NO_NUL)
    need_help: str = Field("", max_length=PROMPT_MAX_CHARS, pattern=NO_NUL)
    share_with: str | None = Field(
        None,
        max_length=140,
        pattern=SLUG,
        description="Slug of one more group to share the check-in into",
    )
    model_config = ConfigDict(extra="forbid")


class CheckInOut(Schema):
    id: int
    week: str = Field(description="ISO week, e.g. 2026-W10", examples=["2026-W10"])
    week_start: date = Field(description="The Monday the week starts on")
    person: PersonSummary
    did: str
    doing: str
    need_help: str
    post_id: int
    post_url: str
    group: GroupRef
    shared_with: GroupRef | None
    comment_count: int
    reaction_count: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def of(checkin: CheckIn) -> CheckInOut:
        post = checkin.post
        return CheckInOut(
            id=checkin.pk,
            week=week_label(checkin.week),
            week_start=checkin.week,
            person=PersonSummary.of(checkin.person),  # type: ignore[arg-type]
            did=checkin.did,
            doing=checkin.doing,
            need_help=checkin.need_help,
            post_id=post.pk,
            post_url=reverse("post_detail", args=[post.pk]),
            group=_group(post.group),  # type: ignore[arg-type]
            shared_with=_group(checkin.shared_with),
            comment_count=post.comment_count,
            reaction_count=post.reaction_count,
            created_at=checkin.created_at,
            updated_at=checkin.updated_at,
        )


class RoundOut(Schema):
    """A unit's check-ins for one week; `missing` only for those who lead the unit."""

    unit: UnitRef
    week: str
    previous_week: str
    next_week: str | None
    include_subunits: bool
    member_count: int
    truncated: bool = Field(description="More people than the round lists (500)")
    checkins: list[CheckInOut]
    missing_visible: bool = Field(description="Whether you may see who has not posted")
    missing: list[PersonSummary]


class CheckinSettingsOut(Schema):
    unit: UnitRef
    reminder_weekday: int = Field(description="0 = Monday … 6 = Sunday")
    reminders_enabled: bool

    @staticmethod
    def of(found: UnitCheckinSettings) -> CheckinSettingsOut:
        return CheckinSettingsOut(
            unit=UnitRef.of(found.unit),  # type: ignore[arg-type]
            reminder_weekday=found.reminder_weekday,
            reminders_enabled=found.reminders_enabled,
        )


class CheckinSettingsIn(Schema):
    reminder_weekday: int | None = Field(None, ge=0, le=6, description="0 = Monday … 6 = Sunday")
    reminders_enabled: bool | None = None
    model_config = ConfigDict(extra="forbid")


__all__ = ["WEEK", "CheckInIn", "CheckInOut", "CheckinSettingsIn", "CheckinSettingsOut", "RoundOut"]
