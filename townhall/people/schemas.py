"""Input and output shapes of the people API; validation only, no logic."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field

from townhall.governance.models import AuditEntry
from townhall.people.models import AccessToken, Invitation, OrgUnit, Person

if TYPE_CHECKING:
    from townhall.people.selectors import MentionSuggestion

# PostgreSQL refuses NUL characters in text and JSON, so the API refuses them at the door.
NO_NUL = r"^[^\x00]*$"
SLUG = r"^[-a-zA-Z0-9_]+$"
RoleName = Literal["member", "leader", "community_manager", "admin"]
Text = Annotated[str, Field(pattern=NO_NUL)]


class ErrorOut(Schema):
    """Every 4xx answer: a sentence for people, and per-field messages for forms."""

    detail: str
    errors: dict[str, list[str]] = Field(default_factory=dict)


def error_responses(*codes: int) -> dict[int, type[ErrorOut]]:
    return {code: ErrorOut for code in codes}


class PhotoOut(Schema):
    small: str
    medium: str
    large: str

    @staticmethod
    def of(person: Person) -> PhotoOut | None:
        if not person.photo:
            return None
        return PhotoOut(
            small=person.photo_url("small"),
            medium=person.photo_url("medium"),
            large=person.photo_url("large"),
        )


class UnitRef(Schema):
    id: int
    slug: str
    name: str
    kind: str

    @staticmethod
    def of(unit: OrgUnit | None) -> UnitRef | None:
        if unit is None:
            return None
        return UnitRef(id=unit.pk, slug=unit.slug, name=unit.name, kind=unit.kind)


class PersonSummary(Schema):
    id: int
    display_name: str
    job_title: str
    photo: PhotoOut | None

    @staticmethod
    def of(person: Person | None) -> PersonSummary | None:
        if person is None:
            return None
        return PersonSummary(
            id=person.pk,
            display_name=person.display_name,
            job_title=person.job_title,
            photo=PhotoOut.of(person),
        )


class PersonOut(Schema):
    """A directory card."""

    id: int
    display_name: str
    first_name: str
    last_name: str
    email: str
    job_title: str
    location: str
    unit: UnitRef | None
    roles: list[str]
    is_active: bool
    photo: PhotoOut | None

    @classmethod
    def card(cls, person: Person) -> dict[str, Any]:
        return {
            "id": person.pk,
            "display_name": person.display_name,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "job_title": person.job_title,
            "location": person.location,
            "unit": UnitRef.of(person.primary_unit),
            "roles": person.roles,
            "is_active": person.is_active,
            "photo": PhotoOut.of(person),
        }

    @classmethod
    def of(cls, person: Person) -> PersonOut:
        return cls(**cls.card(person))


class PersonDetailOut(PersonOut):
    """A profile page: the card plus where the person sits and what they offer."""

    country: str
    bio: str
    ask_me_about: list[str]
    languages: list[str]
    unit_path: list[UnitRef]
    reports_to: PersonSummary | None

    @classmethod
    def detail(cls, person: Person, unit_line: list[OrgUnit]) -> dict[str, Any]:
        return {
            **cls.card(person),
            "country": person.country,
            "bio": person.bio,
            "ask_me_about": list(person.ask_me_about),
            "languages": list(person.languages),
            "unit_path": [UnitRef.of(u) for u in unit_line],
            "reports_to": PersonSummary.of(person.reports_to),
        }


class MeOut(PersonDetailOut):
    preferred_language: str

    @classmethod
    def of_me(cls, person: Person, unit_line: list[OrgUnit]) -> MeOut:
        return cls(**cls.detail(person, unit_line), preferred_language=person.preferred_language)


class MentionOut(Schema):
    """Someone or a group to @mention; `handle` is what goes after the @."""

    kind: Literal["person", "group"]
    id: int
    handle: str
    name: str
    detail: str = Field(description="Job title and unit of a person; member count of a group")
    photo: PhotoOut | None

    @staticmethod
    def of(suggestion: MentionSuggestion) -> MentionOut:
        target = suggestion.person or suggestion.group
        assert target is not None  # noqa: S101 - a suggestion always names one or the other
        return MentionOut(
            kind="person" if suggestion.person is not None else "group",
            id=target.pk,
            handle=suggestion.handle,
            name=suggestion.name,
            detail=suggestion.detail,
            photo=PhotoOut.of(suggestion.person) if suggestion.person is not None else None,
        )


class PeoplePage(Schema):
    items: list[PersonOut]
    next_cursor: str | None


class ProfileIn(Schema):
    """A partial profile update: only the fields sent are changed."""

    model_config = ConfigDict(extra="forbid")

    first_name: Text = Field("", max_length=150)
    last_name: Text = Field("", max_length=150)
    job_title: Text = Field("", max_length=200)
    location: Text = Field("", max_length=200)
    country: Text = Field("", max_length=2)
    bio: Text = Field("", max_length=2000)
    languages: list[Annotated[str, Field(pattern=NO_NUL, max_length=8)]] = Field(
        default_factory=list, max_length=10
    )
    ask_me_about: list[Annotated[str, Field(pattern=NO_NUL, max_length=60)]] = Field(
        default_factory=list, max_length=20
    )
    preferred_language: Text = Field("", max_length=8)


class CompletenessOut(Schema):
    percent: int
    missing: list[str]


class UnitOut(Schema):
    id: int
    slug: str
    name: str
    kind: str
    parent_id: int | None
    depth: int
    manager: PersonSummary | None

    @staticmethod
    def of(unit: OrgUnit) -> UnitOut:
        return UnitOut(
            id=unit.pk,
            slug=unit.slug,
            name=unit.name,
            kind=unit.kind,
            parent_id=unit.parent_id,
            depth=unit.depth,
            manager=PersonSummary.of(unit.manager),
        )


class SubunitOut(UnitOut):
    member_count: int
    headcount: int  # everyone in the sub-unit's subtree


class OrgChartOut(Schema):
    unit: UnitOut
    ancestors: list[UnitRef]
    manager: PersonSummary | None
    members: list[PersonOut]
    member_count: int
    subtree_count: int
    subunits: list[SubunitOut]


class TokenIn(Schema):
    name: Text = Field(..., max_length=100)


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @staticmethod
    def of(token: AccessToken) -> TokenOut:
        return TokenOut(
            id=token.pk,
            name=token.name,
            prefix=token.prefix,
            created_at=token.created_at,
            last_used_at=token.last_used_at,
            revoked_at=token.revoked_at,
        )


class NewTokenOut(Schema):
    """The only answer that ever carries the raw token."""

    id: int
    name: str
    prefix: str
    created_at: datetime
    token: str


class InvitationIn(Schema):
    email: Text = Field(..., max_length=254)
    roles: list[RoleName] = Field(default_factory=list)
    unit: Annotated[str, Field(pattern=SLUG, max_length=220)] | None = None


class InvitationOut(Schema):
    id: int
    email: str
    roles: list[str]
    unit: UnitRef | None
    invited_by: PersonSummary | None
    created_at: datetime
    expires_at: datetime

    @staticmethod
    def of(invitation: Invitation) -> InvitationOut:
        return InvitationOut(
            id=invitation.pk,
            email=invitation.email,
            roles=list(invitation.roles),
            unit=UnitRef.of(invitation.unit),
            invited_by=PersonSummary.of(invitation.invited_by),
            created_at=invitation.created_at,
            expires_at=invitation.expires_at,
        )


class RolesIn(Schema):
    roles: list[RoleName]


class AuditOut(Schema):
    id: int
    created_at: datetime
    action: str
    actor: PersonSummary | None
    target_type: str
    target_id: str
    target_label: str
    details: dict[str, Any]

    @staticmethod
    def of(entry: AuditEntry) -> AuditOut:
        return AuditOut(
            id=entry.pk,
            created_at=entry.created_at,
            action=entry.action,
            actor=PersonSummary.of(entry.actor),  # type: ignore[arg-type]
            target_type=entry.target_type,
            target_id=entry.target_id,
            target_label=entry.target_label,
            details=dict(entry.details),
        )


class AuditPage(Schema):
    items: list[AuditOut]
    next_before: int | None
