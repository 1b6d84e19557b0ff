"""Working Out Loud: weekly check-ins, the team round and reminders: tables."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PROMPT_MAX_CHARS = 5_000


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class CheckIn(models.Model):
    """One person's check-in for one ISO week, published as a post in their unit's group."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins"
    )
    # The Monday of the ISO week (townhall.checkins.weeks).
    week = models.DateField()
    did = models.TextField(_("What I did last week"), max_length=PROMPT_MAX_CHARS, blank=True)
    doing = models.TextField(
        _("What I'm taking on this week"), max_length=PROMPT_MAX_CHARS, blank=True
    )
    need_help = models.TextField(_("Where I need help"), max_length=PROMPT_MAX_CHARS, blank=True)
    post = models.ForeignKey("conversations.Post", on_delete=models.CASCADE, related_name="+")
    # "Optionally wider": the one extra group the check-in was shared into.
    shared_with = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-week", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "week"], name="one_checkin_per_week"),
            models.CheckConstraint(
                condition=~Q(did="", doing="", need_help=""), name="checkin_not_empty"
            ),
        ]
        indexes = [models.Index(fields=["week", "person"], name="checkin_round")]

    def __str__(self) -> str:
        return f"check-in {self.week} by {self.person_id}"


class UnitCheckinSettings(models.Model):
    """A unit's reminder day; units without a row are reminded on Mondays."""

    unit = models.OneToOneField(
        "people.OrgUnit", on_delete=models.CASCADE, related_name="checkin_settings"
    )
    reminder_weekday = models.PositiveSmallIntegerField(
        _("reminder day"), choices=Weekday.choices, default=Weekday.MONDAY
    )
    reminders_enabled = models.BooleanField(_("send reminders"), default=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"check-in settings of {self.unit_id}"
