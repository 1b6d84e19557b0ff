"""People, their roles and profiles, org units as a tree, invitations and API tokens."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    LEADER = "leader", _("Leader")
    COMMUNITY_MANAGER = "community_manager", _("Community manager")
    ADMIN = "admin", _("Admin")


class UnitKind(models.TextChoices):
    COMPANY = "company", _("Company")
    DIVISION = "division", _("Division")
    DEPARTMENT = "department", _("Department")
    TEAM = "team", _("Team")
    OTHER = "other", _("Unit")


class OrgUnit(models.Model):
    """A node of the organisation tree; `path` is materialised ("/1/5/23/") for subtree reads."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    manager = models.ForeignKey(
        "Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="managed_units"
    )
    description = models.TextField(_("description"), blank=True)
    path = models.CharField(max_length=1000, db_index=True, editable=False, default="/")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["path"]
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        constraints = [
            models.UniqueConstraint("parent", Lower("name"), name="unique_unit_name_per_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to this unit's parent, read from the materialised path."""
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]


class PersonManager(UserManager["Person"]):
    use_in_migrations = True

    def _create_user(  # type: ignore[override]
        self, email: str, password: str | None, **extra_fields: Any
    ) -> Person:
        if not email:
            raise ValueError("An email address is required")
        person = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        person.set_password(password)
        person.save(using=self._db)
        return person

    def create_user(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> Person:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> Person:
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("is_admin", True)
        return self._create_user(email, password, **extra_fields)


class Person(AbstractUser):
    """An account and its profile: everyone in Townhall is a Person."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    # What people type after @ to mention someone; set by the services from the email.
    handle = models.CharField(_("handle"), max_length=64, unique=True, null=True, blank=True)
    employee_id = models.CharField(
        _("employee id"), max_length=64, null=True, blank=True, unique=True
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    ask_me_about = models.JSONField(_("ask me about"), default=list, blank=True)
    bio = models.TextField(_("bio"), max_length=2000, blank=True)
    photo = models.CharField(max_length=200, blank=True, editable=False)
    primary_unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    reports_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="direct_reports"
    )
    preferred_language = models.CharField(_("language"), max_length=8, blank=True)
    is_leader = models.BooleanField(_("leader"), default=False)
    is_community_manager = models.BooleanField(_("community manager"), default=False)
    is_admin = models.BooleanField(_("admin"), default=False)
    # Lower-cased "name title ask-me-about" kept by the services for directory search.
    search_text = models.TextField(blank=True, editable=False)
    sort_name = models.CharField(max_length=300, blank=True, editable=False, db_index=True)
    # Lower-cased first name: @mention autocomplete matches its start (surnames: sort_name).
    # Its index, like those for handle and sort_name prefixes, is in migration 0004.
    first_name_key = models.CharField(max_length=150, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []
    objects: ClassVar[PersonManager] = PersonManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            models.Index(fields=["sort_name", "id"], name="person_directory_order"),
            models.Index(fields=["primary_unit", "sort_name"], name="person_unit_order"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        full = f"{self.first_name} {self.last_name}".strip()
        return full or self.email.split("@")[0]

    @property
    def initials(self) -> str:
        parts = [p for p in (self.first_name, self.last_name) if p]
        return "".join(p[0] for p in parts).upper() or self.email[:1].upper()

    @property
    def roles(self) -> list[str]:
        roles = [Role.MEMBER.value]
        if self.is_leader:
            roles.append(Role.LEADER.value)
        if self.is_community_manager:
            roles.append(Role.COMMUNITY_MANAGER.value)
        if self.is_admin:
            roles.append(Role.ADMIN.value)
        return roles

    def photo_url(self, size: str = "medium") -> str:
        return f"/media/{self.photo}/{size}.webp" if self.photo else ""

    @property
    def photo_url_small(self) -> str:
        return self.photo_url("small")

    @property
    def photo_url_large(self) -> str:
        return self.photo_url("large")


class Invitation(models.Model):
    """An email invitation to join; the token is stored hashed and expires."""

    email = models.EmailField(_("email address"))
    invited_by = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    roles = models.JSONField(default=list, blank=True)
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.SET_NULL)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.email

    @property
    def is_pending(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class AccessToken(models.Model):
    """A personal access token for the API; only its SHA-256 is stored."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class OrgImport(models.Model):
    """One uploaded org-chart CSV: previewed first (dry run), applied all-or-nothing."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        FAILED = "failed", _("Failed")
        APPLIED = "applied", _("Applied")

    uploaded_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    filename = models.CharField(max_length=255, blank=True)
    content = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices)
    report = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"


class FeedToken(models.Model):
    """The secret in a person's private RSS/Atom feed URLs; only its SHA-256 is stored."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="feed_token")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"feed token of {self.person_id}"
