"""Reads about people and units: directory search, profiles, org chart, completeness."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.db.models.functions import Collate
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from townhall.groups.models import Group
from townhall.groups.selectors import groups_visible_to
from townhall.people import permissions
from townhall.people.models import AccessToken, Invitation, OrgUnit, Person, Role

DIRECTORY_PAGE_SIZE = 24


def encode_cursor(values: list[object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, length: int) -> list[object] | None:
    """Decode an opaque keyset cursor; None when it is malformed (treated as 'from the start')."""
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    if not isinstance(values, list) or len(values) != length:
        return None
    return values


def people_visible_to(viewer: Person | AnonymousUser) -> QuerySet[Person]:
    """Every person the viewer may see, with what a person card needs."""
    if not permissions.can_view_directory(viewer):
        return Person.objects.none()
    qs = Person.objects.select_related("primary_unit")
    if not permissions.is_admin(viewer):
        qs = qs.filter(is_active=True)
    return qs


@dataclass
class DirectoryPage:
    people: list[Person]
    next_cursor: str | None
    query: str = ""
    unit: OrgUnit | None = None
    role: str = ""


def directory(
    viewer: Person | AnonymousUser,
    *,
    query: str = "",
    unit: OrgUnit | None = None,
    include_subunits: bool = True,
    role: str = "",
    after: str = "",
    limit: int = DIRECTORY_PAGE_SIZE,
) -> DirectoryPage:
    """Search people by name, title, unit and 'ask me about'; keyset-paginated by name."""
    qs = people_visible_to(viewer)
    for term in query.lower().split()[:8]:
        # Unit ids first (a few thousand units at most), so the OR below is two index lookups
        # on PostgreSQL (trigram + primary_unit) instead of a join filtered row by row.
        unit_ids = list(
            OrgUnit.objects.filter(name__icontains=term).values_list("id", flat=True)[:1000]
        )
        qs = qs.filter(Q(search_text__contains=term) | Q(primary_unit_id__in=unit_ids))
    if unit is not None:
        if include_subunits:
            qs = qs.filter(primary_unit__path__startswith=unit.path)
        else:
            qs = qs.filter(primary_unit=unit)
    if role == Role.LEADER:
        qs = qs.filter(is_leader=True)
    elif role == Role.COMMUNITY_MANAGER:
        qs = qs.filter(is_community_manager=True)
    elif role == Role.ADMIN:
        qs = qs.filter(is_admin=True)
    cursor = decode_cursor(after, 2)
    if cursor is not None and isinstance(cursor[1], int):
        sort_name, pk = str(cursor[0]), cursor[1]
        qs = qs.filter(Q(sort_name__gt=sort_name) | Q(sort_name=sort_name, id__gt=pk))
    rows = list(qs.order_by("sort_name", "id")[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor([rows[-1].sort_name, rows[-1].pk])
    return DirectoryPage(people=rows, next_cursor=next_cursor, query=query, unit=unit, role=role)


def access_person(viewer: Person | AnonymousUser, pk: int) -> Person:
    """Fetch a person for viewing, or 404 — never revealing whether they exist."""
    person = (
        Person.objects.select_related("primary_unit", "reports_to", "primary_unit__manager")
        .filter(pk=pk)
        .first()
    )
    if person is None or not permissions.can_view_person(viewer, person):
        raise Http404
    return person


def access_unit(viewer: Person | AnonymousUser, slug: str) -> OrgUnit:
    if not permissions.can_view_directory(viewer):
        raise Http404
    unit = OrgUnit.objects.select_related("manager", "parent").filter(slug=slug).first()
    if unit is None:
        raise Http404
    return unit


def root_units() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(parent__isnull=True).select_related("manager")


def unit_ancestors(unit: OrgUnit) -> list[OrgUnit]:
    """The unit's ancestors from the root down, in one query."""
    ids = unit.ancestor_ids()
    by_id = {u.pk: u for u in OrgUnit.objects.filter(pk__in=ids)}
    return [by_id[i] for i in ids if i in by_id]


def person_unit_line(person: Person) -> list[OrgUnit]:
    """The person's primary unit and every unit above it, from the top."""
    if person.primary_unit is None:
        return []
    return [*unit_ancestors(person.primary_unit), person.primary_unit]


@dataclass
class OrgChart:
    unit: OrgUnit
    ancestors: list[OrgUnit]
    subunits: Sequence[OrgUnit]
    members: list[Person]
    member_count: int
    subtree_count: int


def _headcounts_by_unit_path(viewer: Person | AnonymousUser, unit: OrgUnit) -> dict[str, int]:
    """Visible people per unit path inside the unit's subtree, in one grouped query."""
    rows = (
        people_visible_to(viewer)
        .filter(primary_unit__path__startswith=unit.path)
        .values("primary_unit__path")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {str(row["primary_unit__path"]): int(row["n"]) for row in rows}


def org_chart(
    viewer: Person | AnonymousUser, unit: OrgUnit, *, member_limit: int = 200
) -> OrgChart:
    """A unit's manager, members (manager first) and sub-units with their head counts."""
    subunits = list(
        OrgUnit.objects.filter(parent=unit)
        .select_related("manager")
        .annotate(member_count=Count("members", filter=Q(members__is_active=True)))
        .order_by("name")
    )
    counts = _headcounts_by_unit_path(viewer, unit)
    for sub in subunits:
        # Everyone in the sub-unit's whole subtree: what people mean by "how big is Sales".
        sub.headcount = sum(n for path, n in counts.items() if path.startswith(sub.path))  # type: ignore[attr-defined]
    members_qs = people_visible_to(viewer).filter(primary_unit=unit)
    members = list(members_qs.order_by("sort_name", "id")[:member_limit])
    if unit.manager_id:
        members.sort(key=lambda p: p.pk != unit.manager_id)
    return OrgChart(
        unit=unit,
        ancestors=unit_ancestors(unit),
        subunits=subunits,
        members=members,
        member_count=counts.get(unit.path, 0),
        subtree_count=sum(counts.values()),
    )


def unit_choices() -> list[tuple[str, str]]:
    """All units as (slug, indented name) in tree order, for pickers."""
    return [
        (u.slug, "\u2003" * u.depth + u.name)
        for u in OrgUnit.objects.only("slug", "name", "depth", "path").order_by("path")
    ]


@dataclass
class Completeness:
    percent: int
    missing: list[str] = field(default_factory=list)


COMPLETENESS_CHECKS = (
    ("photo", _("a photo")),
    ("job_title", _("your job title")),
    ("bio", _("a short bio")),
    ("ask_me_about", _("topics people can ask you about")),
    ("languages", _("the languages you speak")),
    ("location", _("your location")),
    ("primary_unit_id", _("your team")),
)


def profile_completeness(person: Person) -> Completeness:
    """How complete a profile is, and what is still missing, in the order worth fixing."""
    missing = [str(label) for attr, label in COMPLETENESS_CHECKS if not getattr(person, attr)]
    done = len(COMPLETENESS_CHECKS) - len(missing)
    return Completeness(percent=round(100 * done / len(COMPLETENESS_CHECKS)), missing=missing)


def pending_invitations() -> QuerySet[Invitation]:
    return Invitation.objects.select_related("invited_by", "unit").filter(
        accepted_at__isnull=True, revoked_at__isnull=True
    )


def leaders_of_line(person: Person) -> list[Person]:
    """Managers of the person's unit and every unit above it, nearest first."""
    units = person_unit_line(person)
    manager_ids = [
        u.manager_id for u in reversed(units) if u.manager_id and u.manager_id != person.pk
    ]
    by_id = {
        p.pk: p
        for p in Person.objects.filter(pk__in=manager_ids, is_active=True).select_related(
            "primary_unit"
        )
    }
    return [by_id[i] for i in dict.fromkeys(manager_ids) if i in by_id]


# --- Reads for the REST API (townhall/people/api.py) ---------------------------------------


def units_in_tree_order(viewer: Person | AnonymousUser) -> QuerySet[OrgUnit]:
    """Every unit the viewer may see, parents before children, with its manager."""
    if not permissions.can_view_directory(viewer):
        return OrgUnit.objects.none()
    return OrgUnit.objects.select_related("manager").order_by("path")


def access_tokens_of(viewer: Person | AnonymousUser) -> QuerySet[AccessToken]:
    """The viewer's own API tokens, newest first; nobody sees anyone else's."""
    if not permissions.is_signed_in(viewer) or not isinstance(viewer, Person):
        return AccessToken.objects.none()
    return AccessToken.objects.filter(person=viewer).order_by("-created_at", "-id")


def access_token(viewer: Person | AnonymousUser, pk: int) -> AccessToken:
    """One of the viewer's own tokens, or 404 — someone else's token is never revealed."""
    token = access_tokens_of(viewer).select_related("person").filter(pk=pk).first()
    if token is None or not permissions.can_manage_tokens(viewer, token.person):
        raise Http404
    return token


def access_invitation(viewer: Person | AnonymousUser, pk: int) -> Invitation:
    """A pending invitation for someone who may manage invitations (403), or 404."""
    if not permissions.can_invite(viewer):
        raise PermissionDenied
    invitation = pending_invitations().filter(pk=pk).first()
    if invitation is None:
        raise Http404
    return invitation


# --- @mention autocomplete ------------------------------------------------------------------

MENTION_LIMIT = 8
MENTION_QUERY_MAX_LENGTH = 64


@dataclass(frozen=True)
class MentionSuggestion:
    """A person or group the writer may @mention: what to insert and how to show it."""

    kind: str  # "person" or "group"
    handle: str
    name: str
    detail: str
    person: Person | None = None
    group: Group | None = None


def _in_code_point_order(column: str) -> Collate | F:
    """`column` compared by code point, so "starts with x" is the range [x, x + U+10FFFF).

    That is SQLite's default (BINARY) collation; PostgreSQL compares in the database's
    collation, where such a range can miss matches (en_US ignores punctuation, so "anna.b"
    would miss "anna.berg"), and is asked for "C" explicitly. Migration 0004 indexes both.
    """
    if connection.vendor == "postgresql":
        return Collate(F(column), "C")
    return F(column)


def _person_suggestion(person: Person) -> MentionSuggestion:
    unit = person.primary_unit.name if person.primary_unit is not None else ""
    return MentionSuggestion(
        kind="person",
        handle=person.handle or "",
        name=person.display_name,
        detail=" · ".join(part for part in (person.job_title, unit) if part),
        person=person,
    )


def _group_suggestion(group: Group) -> MentionSuggestion:
    if group.is_company:
        detail = str(_("Everyone in the company"))
    else:
        detail = ngettext(
            "Group · %(count)s member", "Group · %(count)s members", group.member_count
        ) % {"count": group.member_count}
    return MentionSuggestion(
        kind="group", handle=group.slug, name=group.name, detail=detail, group=group
    )


def mention_suggestions(
    person: Person | AnonymousUser, query: str, limit: int = MENTION_LIMIT
) -> list[MentionSuggestion]:
    """Whom the writer may @mention by what they typed after the @: people first, then groups.

    People whose handle starts with the text come first, then those whose first name, then
    whose surname does; groups (never a secret one the writer is not in) fill what is left.
    Each tier is one index-ordered prefix query with a LIMIT, so a one-letter query costs
    the same as a long one: at most three people queries, the viewer's groups, and one more.
    """
    text = query.strip().lstrip("@").lower()[:MENTION_QUERY_MAX_LENGTH]
    if not text or limit < 1 or not permissions.is_signed_in(person):
        return []
    candidates = (
        Person.objects.filter(is_active=True, handle__isnull=False)
        .exclude(pk=person.pk or 0)
        .select_related("primary_unit")
    )
    found: dict[int, Person] = {}
    for column in ("handle", "first_name_key", "sort_name"):
        if len(found) >= limit:
            break
        matches = (
            candidates.alias(key=_in_code_point_order(column))
            .filter(key__gte=text, key__lt=text + "\U0010ffff")
            .order_by("key", "id")[:limit]
        )
        for match in matches:
            found.setdefault(match.pk, match)
    suggestions = [_person_suggestion(p) for p in list(found.values())[:limit]]
    room = limit - len(suggestions)
    if room > 0:
        by_slug = Case(When(slug__startswith=text, then=Value(0)), default=Value(1))
        groups = (
            groups_visible_to(person)
            .filter(Q(slug__startswith=text) | Q(name__istartswith=text))
            .annotate(by_slug=by_slug)
            .order_by("by_slug", "slug")[:room]
        )
        suggestions += [_group_suggestion(g) for g in groups]
    return suggestions
