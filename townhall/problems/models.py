"""Problems fixed in public: status, owner unit, helpers, boards and time to resolution: tables."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProblemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")


UNRESOLVED = (ProblemStatus.OPEN, ProblemStatus.IN_PROGRESS)


class Problem(models.Model):
    """A post raised as a problem: who owns fixing it, where it stands, how long it took.

    The post carries the conversation (comments, @mentions of helpers); the problem row only
    adds the owner unit and the status with its history.
    """

    post = models.OneToOneField(
        "conversations.Post", on_delete=models.CASCADE, related_name="problem"
    )
    owner_unit = models.ForeignKey(
        "people.OrgUnit",
        on_delete=models.PROTECT,
        related_name="problems",
        verbose_name=_("owner unit"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProblemStatus.choices, default=ProblemStatus.OPEN
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    raised_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution_note = models.TextField(_("resolution note"), max_length=5000, blank=True)
    # Stored when resolved (resolved_at - raised_at), so the board's statistics need no maths
    # in SQL that differs between SQLite and PostgreSQL.
    time_to_resolution = models.DurationField(null=True, blank=True)

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        indexes = [
            models.Index(fields=["owner_unit", "status", "-raised_at"], name="problem_board"),
            models.Index(fields=["-raised_at", "-id"], name="problem_recent"),
            models.Index(
                fields=["owner_unit", "-resolved_at"],
                condition=Q(status="resolved"),
                name="problem_resolved_by_unit",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="resolved", resolved_at__isnull=False)
                | (~Q(status="resolved") & Q(resolved_at__isnull=True)),
                name="problem_resolved_has_time",
            )
        ]

    def __str__(self) -> str:
        return f"problem on post {self.post_id} ({self.status})"

    @property
    def is_resolved(self) -> bool:
        return self.status == ProblemStatus.RESOLVED


class EventKind(models.TextChoices):
    RAISED = "raised", _("Raised")
    STATUS = "status", _("Status changed")
    OWNER = "owner", _("Owner unit changed")


class ProblemEvent(models.Model):
    """One step in a problem's timeline: raised, a status change (with its note), a new owner."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=20, choices=ProblemStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ProblemStatus.choices, blank=True)
    owner_unit = models.ForeignKey(
        "people.OrgUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True, max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["problem", "created_at", "id"], name="problem_timeline")]

    def __str__(self) -> str:
        return f"{self.kind} on problem {self.problem_id}"
