"""Groups: open, private and secret communities; one auto-managed group per org unit."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    OPEN = "open", _("Open")
    PRIVATE = "private", _("Private")
    SECRET = "secret", _("Secret")


class Group(models.Model):
    """A community. The company group (is_company) includes everyone without membership rows."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.OPEN
    )
    is_company = models.BooleanField(default=False)
    unit = models.OneToOneField(
        "people.OrgUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="group"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    member_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_company"], condition=Q(is_company=True), name="one_company_group"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_auto_managed(self) -> bool:
        return self.is_company or self.unit_id is not None


class MemberRole(models.TextChoices):
    MEMBER = "member", _("Member")
    ADMIN = "admin", _("Group admin")


class Membership(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "person"], name="unique_membership")
        ]
        indexes = [models.Index(fields=["person", "group"], name="membership_by_person")]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.group_id}"


class JoinRequest(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="join_requests")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    message = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved = models.BooleanField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=Q(decided_at__isnull=True),
                name="one_open_join_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.group_id}"


class GroupInvitation(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=Q(answered_at__isnull=True),
                name="one_open_group_invitation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} invited to {self.group_id}"
