"""Leaders corner, onboarding, coaching board and drafts for leaders: tables."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NUDGE_MAX_LENGTH = 500


class LeaderOnboarding(models.Model):
    """When someone became a leader; the checklist itself is read from their activity."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="leader_onboarding"
    )
    started_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    # The leader hid the home-page card; the checklist page stays available.
    dismissed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("leader onboarding")
        verbose_name_plural = _("leader onboardings")

    def __str__(self) -> str:
        return f"onboarding of {self.person_id}"


class Nudge(models.Model):
    """A personal message from a community manager encouraging a leader to show up."""

    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="nudges_received"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(_("message"), max_length=NUDGE_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["leader", "-created_at"], name="nudge_by_leader"),
            models.Index(fields=["sent_by", "-created_at"], name="nudge_by_sender"),
        ]

    def __str__(self) -> str:
        return f"nudge for {self.leader_id}"


class DraftKind(models.TextChoices):
    UPDATE = "update", _("Update")
    ARTICLE = "article", _("Article")


class DraftStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the leader")
    PUBLISHED = "published", _("Published")
    DECLINED = "declined", _("Declined")


class DraftPost(models.Model):
    """A post a community manager prepared for a leader; only the leader can publish it."""

    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts_for_me"
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(
        _("kind"), max_length=20, choices=DraftKind.choices, default=DraftKind.UPDATE
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    body = models.TextField(_("text"), max_length=50_000)
    status = models.CharField(
        max_length=20, choices=DraftStatus.choices, default=DraftStatus.PENDING
    )
    published_post = models.ForeignKey(
        "conversations.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["leader", "status", "-created_at"], name="draft_for_leader"),
        ]

    def __str__(self) -> str:
        return self.title or self.body[:60]

    def get_absolute_url(self) -> str:
        return reverse("leadership_draft", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status == DraftStatus.PENDING
