"""Every write about people: accounts, profiles, photos, roles, units, invitations, tokens."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.text import slugify
from django.utils.translation import gettext as _

from townhall.governance.services import record_audit
from townhall.notifications.services import send_email
from townhall.people import permissions
from townhall.people.models import AccessToken, Invitation, OrgUnit, Person, Role, UnitKind
from townhall.uploads.images import read_upload, store_avatar

PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "job_title",
    "location",
    "country",
    "languages",
    "ask_me_about",
    "bio",
    "primary_unit",
    "reports_to",
    "preferred_language",
    "employee_id",
)
ROLE_FIELDS = {
    Role.LEADER.value: "is_leader",
    Role.COMMUNITY_MANAGER.value: "is_community_manager",
    Role.ADMIN.value: "is_admin",
}
LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def hash_secret(raw: str) -> str:
    """SHA-256 of a high-entropy secret (tokens, invitation keys); what the database keeps."""
    return hashlib.sha256(raw.encode()).hexdigest()


def search_fields(person: Person) -> dict[str, str]:
    """The denormalised columns the directory sorts and searches on."""
    name = f"{person.first_name} {person.last_name}".strip() or person.email
    parts = [name, person.email, person.job_title, person.location, " ".join(person.ask_me_about)]
    return {
        "sort_name": f"{person.last_name} {person.first_name}".strip().lower() or person.email,
        "search_text": " ".join(p for p in parts if p).lower(),
        "first_name_key": person.first_name.strip().lower()[:150],
    }


# The columns search_fields() fills; saved with every change to the fields they derive from.
SEARCH_COLUMNS = ("search_text", "sort_name", "first_name_key")


def refresh_search_fields(person: Person) -> None:
    for field, value in search_fields(person).items():
        setattr(person, field, value)


def _handle_base(email: str) -> str:
    local = email.split("@")[0].lower()
    base = "".join(ch if ch.isalnum() or ch in "._-" else "." for ch in local).strip("._-")
    return (base or "person")[:56]


def free_handle(email: str, taken: set[str] | None = None) -> str:
    """A unique @handle from the email's local part (anna.jansen, anna.jansen2, ...)."""
    base = _handle_base(email)
    existing = set(
        Person.objects.filter(handle__startswith=base).values_list("handle", flat=True)
    ) | (taken or set())
    handle, n = base, 2
    while handle in existing:
        handle, n = f"{base}{n}", n + 1
    return handle


def assign_missing_handles() -> int:
    """Give every person without a handle one (after bulk inserts such as the org import)."""
    people = list(Person.objects.filter(handle__isnull=True).only("id", "email"))
    taken: set[str] = set()
    for person in people:
        person.handle = free_handle(person.email, taken)
        taken.add(person.handle)
    Person.objects.bulk_update(people, ["handle"], batch_size=1000)
    return len(people)


def _clean_list(values: Iterable[str], *, limit: int = 20, length: int = 60) -> list[str]:
    seen: list[str] = []
    for value in values:
        cleaned = " ".join(str(value).split())[:length]
        if cleaned and cleaned.lower() not in {s.lower() for s in seen}:
            seen.append(cleaned)
    return seen[:limit]


@transaction.atomic
def create_person(
    *,
    email: str,
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
    actor: Person | None = None,
    email_verified: bool = True,
    roles: Iterable[str] = (),
    **profile: Any,
) -> Person:
    """Create an account with its verified primary email address and a profile."""
    email = email.strip().lower()
    validate_email(email)
    if Person.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Someone with this email address already exists.")})
    person = Person(
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        handle=free_handle(email),
    )
    for field, value in profile.items():
        if field not in PROFILE_FIELDS:
            raise TypeError(f"unknown profile field {field}")
        setattr(person, field, value)
    for role in roles:
        setattr(person, ROLE_FIELDS[role], True)
    person.languages = _clean_list(person.languages, limit=10, length=8)
    person.ask_me_about = _clean_list(person.ask_me_about)
    if password:
        person.set_password(password)
    else:
        person.set_unusable_password()
    refresh_search_fields(person)
    person.full_clean(exclude=["password"])
    person.save()
    EmailAddress.objects.create(user=person, email=email, primary=True, verified=email_verified)
    if person.primary_unit_id is not None:
        from townhall.groups.services import sync_person_unit_groups

        sync_person_unit_groups(person)
    if actor is not None:
        record_audit(
            actor=actor, action="person.create", target=person, details={"roles": list(roles)}
        )
    return person


@transaction.atomic
def update_profile(*, actor: Person, person: Person, changes: dict[str, Any]) -> Person:
    """Apply profile changes a person (or an admin) made; unknown fields are refused."""
    if not permissions.can_edit_profile(actor, person):
        raise PermissionDenied
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError({f: _("This field cannot be changed here.") for f in unknown})
    if "preferred_language" in changes and changes["preferred_language"] not in (
        LANGUAGE_CODES | {""}
    ):
        raise ValidationError({"preferred_language": _("Choose one of the offered languages.")})
    for field, value in changes.items():
        if field == "languages":
            value = _clean_list(value, limit=10, length=8)
        elif field == "ask_me_about":
            value = _clean_list(value)
        elif isinstance(value, str):
            value = value.strip()
        setattr(person, field, value)
    refresh_search_fields(person)
    person.full_clean(exclude=["password", "email"])
    fields = [*changes.keys(), *SEARCH_COLUMNS]
    person.save(update_fields=fields)
    if "primary_unit" in changes:
        from townhall.groups.services import sync_person_unit_groups

        sync_person_unit_groups(person)
    if actor.pk != person.pk:
        record_audit(
            actor=actor, action="person.update", target=person, details={"fields": sorted(changes)}
        )
    return person


@transaction.atomic
def set_profile_photo(*, actor: Person, person: Person, upload: UploadedFile[bytes]) -> Person:
    """Validate, strip and resize an uploaded photo, and make it the person's picture."""
    if not permissions.can_edit_profile(actor, person):
        raise PermissionDenied
    stored = store_avatar(read_upload(upload))
    person.photo = stored.key
    person.save(update_fields=["photo"])
    return person


def set_profile_photo_bytes(*, person: Person, data: bytes) -> Person:
    """Store generated image bytes (demo avatars, imports) through the same validation."""
    person.photo = store_avatar(data).key
    person.save(update_fields=["photo"])
    return person


@transaction.atomic
def remove_profile_photo(*, actor: Person, person: Person) -> Person:
    if not permissions.can_edit_profile(actor, person):
        raise PermissionDenied
    person.photo = ""
    person.save(update_fields=["photo"])
    return person


def set_preferred_language(*, person: Person, language: str) -> Person:
    """Remember the UI language a person picked ("" follows the browser)."""
    if language not in LANGUAGE_CODES | {""}:
        raise ValidationError({"language": _("Choose one of the offered languages.")})
    person.preferred_language = language
    person.save(update_fields=["preferred_language"])
    return person


@transaction.atomic
def set_roles(*, actor: Person, person: Person, roles: Iterable[str]) -> Person:
    """Grant exactly these roles (member is implicit); audited."""
    if not permissions.can_change_roles(actor):
        raise PermissionDenied
    wanted = set(roles) - {Role.MEMBER.value}
    unknown = wanted - set(ROLE_FIELDS)
    if unknown:
        raise ValidationError(
            {"roles": _("Unknown role: %(role)s") % {"role": ", ".join(sorted(unknown))}}
        )
    if person.pk == actor.pk and Role.ADMIN.value not in wanted and person.is_admin:
        raise ValidationError({"roles": _("You cannot remove your own admin role.")})
    before = person.roles
    for role, field in ROLE_FIELDS.items():
        setattr(person, field, role in wanted)
    person.save(update_fields=list(ROLE_FIELDS.values()))
    record_audit(
        actor=actor,
        action="person.roles",
        target=person,
        details={"before": before, "after": person.roles},
    )
    return person


@transaction.atomic
def set_active(*, actor: Person, person: Person, active: bool) -> Person:
    """Deactivate or reactivate an account; audited."""
    if not permissions.can_change_roles(actor):
        raise PermissionDenied
    if person.pk == actor.pk:
        raise ValidationError({"is_active": _("You cannot deactivate yourself.")})
    person.is_active = active
    person.save(update_fields=["is_active"])
    record_audit(
        actor=actor, action="person.activate" if active else "person.deactivate", target=person
    )
    return person


def _unique_unit_slug(name: str, parent: OrgUnit | None) -> str:
    base = slugify(name)[:180] or "unit"
    if parent is not None and OrgUnit.objects.filter(slug=base).exists():
        base = f"{parent.slug}-{base}"[:200]
    slug, n = base, 2
    while OrgUnit.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _set_path(unit: OrgUnit) -> None:
    parent_path = unit.parent.path if unit.parent_id and unit.parent else "/"
    unit.path = f"{parent_path}{unit.pk}/"
    unit.depth = parent_path.count("/") - 1


@transaction.atomic
def create_unit(
    *,
    actor: Person | None,
    name: str,
    kind: str = UnitKind.TEAM,
    parent: OrgUnit | None = None,
    manager: Person | None = None,
    description: str = "",
) -> OrgUnit:
    """Add a unit under `parent` (or a root); its manager becomes a leader."""
    if actor is not None and not permissions.can_manage_units(actor):
        raise PermissionDenied
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("A unit needs a name.")})
    unit = OrgUnit(
        name=name,
        kind=kind,
        parent=parent,
        description=description,
        slug=_unique_unit_slug(name, parent),
    )
    unit.full_clean(exclude=["manager", "path", "depth"])
    unit.save()
    _set_path(unit)
    unit.save(update_fields=["path", "depth"])
    if manager is not None:
        _assign_manager(unit, manager)
    if actor is not None:
        record_audit(actor=actor, action="unit.create", target=unit)
    return unit


def _assign_manager(unit: OrgUnit, manager: Person | None) -> None:
    unit.manager = manager
    unit.save(update_fields=["manager"])
    if manager is not None and not manager.is_leader:
        manager.is_leader = True
        manager.save(update_fields=["is_leader"])


@transaction.atomic
def set_unit_manager(*, actor: Person, unit: OrgUnit, manager: Person | None) -> OrgUnit:
    """Make `manager` the unit's manager; managers are leaders."""
    if not permissions.can_manage_units(actor):
        raise PermissionDenied
    before = unit.manager_id
    _assign_manager(unit, manager)
    record_audit(
        actor=actor,
        action="unit.manager",
        target=unit,
        details={"before": before, "after": manager.pk if manager else None},
    )
    return unit


@transaction.atomic
def move_unit(*, actor: Person | None, unit: OrgUnit, parent: OrgUnit | None) -> OrgUnit:
    """Re-parent a unit and its whole subtree; refuses to create a cycle."""
    if actor is not None and not permissions.can_manage_units(actor):
        raise PermissionDenied
    if parent is not None and (parent.pk == unit.pk or parent.path.startswith(unit.path)):
        raise ValidationError({"parent": _("A unit cannot be placed inside itself.")})
    old_path = unit.path
    unit.parent = parent
    _set_path(unit)
    unit.save(update_fields=["parent", "path", "depth"])
    for child in OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk):
        child.path = unit.path + child.path[len(old_path) :]
        child.depth = child.path.count("/") - 2
        child.save(update_fields=["path", "depth"])
    if actor is not None:
        record_audit(actor=actor, action="unit.move", target=unit)
    return unit


def invitation_token(invitation: Invitation) -> str:
    """The secret in an invitation link, derived from the row so the raw key is never stored."""
    value = f"{invitation.pk}:{invitation.email}:{invitation.created_at.timestamp()}"
    digest: str = salted_hmac("townhall.invitation", value, algorithm="sha256").hexdigest()
    return digest[:40]


def invitation_url(invitation: Invitation) -> str:
    path = reverse("invitation_accept", kwargs={"token": invitation_token(invitation)})
    site: str = settings.SITE_URL
    return site.rstrip("/") + path


@transaction.atomic
def invite_person(
    *,
    actor: Person,
    email: str,
    roles: Iterable[str] = (),
    unit: OrgUnit | None = None,
    language: str = "",
) -> Invitation:
    """Invite someone by email; the link expires after TOWNHALL_INVITATION_DAYS days."""
    if not permissions.can_invite(actor):
        raise PermissionDenied
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": _("Enter a valid email address.")}) from exc
    if Person.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("This person already has an account.")})
    role_list = sorted(set(roles) - {Role.MEMBER.value})
    if set(role_list) - set(ROLE_FIELDS):
        raise ValidationError({"roles": _("Unknown role.")})
    if Role.ADMIN.value in role_list and not permissions.can_change_roles(actor):
        raise ValidationError({"roles": _("Only admins can invite admins.")})
    now = timezone.now()
    invitation = Invitation.objects.create(
        email=email,
        invited_by=actor,
        roles=role_list,
        unit=unit,
        created_at=now,
        expires_at=now + timedelta(days=settings.INVITATION_DAYS_VALID),
        token_hash=secrets.token_hex(32),  # replaced below once the id exists
    )
    invitation.token_hash = hash_secret(invitation_token(invitation))
    invitation.save(update_fields=["token_hash"])
    record_audit(
        actor=actor, action="invitation.create", target=invitation, details={"roles": role_list}
    )
    send_email(
        to=email,
        template="people/email/invitation",
        context={
            "inviter": actor.display_name,
            "url": invitation_url(invitation),
            "days": settings.INVITATION_DAYS_VALID,
        },
        language=language or actor.preferred_language or settings.LANGUAGE_CODE,
    )
    return invitation


@transaction.atomic
def revoke_invitation(*, actor: Person, invitation: Invitation) -> Invitation:
    if not permissions.can_invite(actor):
        raise PermissionDenied
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record_audit(actor=actor, action="invitation.revoke", target=invitation)
    return invitation


def pending_invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link belongs to, if it is still pending."""
    invitation = (
        Invitation.objects.select_related("unit", "invited_by")
        .filter(token_hash=hash_secret(token))
        .first()
    )
    if invitation is None or not invitation.is_pending:
        return None
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, first_name: str, last_name: str, password: str) -> Person:
    """Turn a pending invitation into an account; the email is verified by the link itself."""
    invitation = pending_invitation_for_token(token)
    if invitation is None:
        raise ValidationError(_("This invitation link is invalid or has expired."))
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ValidationError(_("This invitation link is invalid or has expired."))
    person = create_person(
        email=invitation.email,
        first_name=first_name,
        last_name=last_name,
        password=password,
        roles=invitation.roles,
        primary_unit=invitation.unit,
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = person
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    record_audit(actor=person, action="invitation.accept", target=invitation)
    return person


TOKEN_PREFIX = "th_"  # noqa: S105 - a marker, not a secret


@transaction.atomic
def create_access_token(*, actor: Person, name: str) -> tuple[AccessToken, str]:
    """Create a personal access token; the raw value is returned once and never stored."""
    name = " ".join(name.split())[:100]
    if not name:
        raise ValidationError({"name": _("Give the token a name so you can recognise it later.")})
    if actor.access_tokens.filter(revoked_at__isnull=True).count() >= 50:
        raise ValidationError({"name": _("You have too many active tokens. Revoke one first.")})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = AccessToken.objects.create(
        person=actor, name=name, token_hash=hash_secret(raw), prefix=raw[:10]
    )
    record_audit(actor=actor, action="token.create", target=token)
    return token, raw


@transaction.atomic
def revoke_access_token(*, actor: Person, token: AccessToken) -> AccessToken:
    if not permissions.can_manage_tokens(actor, token.person):
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_audit(actor=actor, action="token.revoke", target=token)
    return token


def person_for_token(raw: str) -> Person | None:
    """The active person a raw API token belongs to, recording when it was last used."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    token = (
        AccessToken.objects.select_related("person")
        .filter(token_hash=hash_secret(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.person.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.person


# --- Feed tokens (private RSS/Atom URLs) ---------------------------------------------------
# The token is the only credential a feed reader has, so it is stored hashed and one
# regeneration invalidates every old URL at once.

FEED_TOKEN_PREFIX = "thf_"  # noqa: S105 - a marker, not a secret


@transaction.atomic
def regenerate_feed_token(*, person: Person) -> str:
    """Give the person a new secret feed token; returns the raw value, shown once."""
    from townhall.people.models import FeedToken

    raw = FEED_TOKEN_PREFIX + secrets.token_urlsafe(32)
    FeedToken.objects.update_or_create(
        person=person, defaults={"token_hash": hash_secret(raw), "created_at": timezone.now()}
    )
    record_audit(actor=person, action="feed_token.regenerate", target=person)
    return raw


@transaction.atomic
def revoke_feed_token(*, person: Person) -> None:
    """Turn the person's private feed URLs off."""
    from townhall.people.models import FeedToken

    FeedToken.objects.filter(person=person).delete()


def person_for_feed_token(raw: str) -> Person | None:
    """The active person a raw feed token belongs to (beside the writer: one hashing rule)."""
    from townhall.people.models import FeedToken

    if not raw.startswith(FEED_TOKEN_PREFIX) or len(raw) > 100:
        return None
    token = FeedToken.objects.select_related("person").filter(token_hash=hash_secret(raw)).first()
    if token is None or not token.person.is_active:
        return None
    return token.person
