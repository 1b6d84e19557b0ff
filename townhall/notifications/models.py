"""Notifications: what happened to a person, how they want to hear about it, and when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    MENTION = "mention", _("Mentions of me")
    GROUP_MENTION = "group_mention", _("Mentions of my groups")
    REPLY = "reply", _("Replies to my posts and comments")
    ANSWER = "answer", _("Answers to my questions")
    ANSWER_ACCEPTED = "answer_accepted", _("My answer was accepted")
    REACTION = "reaction", _("Reactions to my posts")
    FOLLOWER = "follower", _("New followers")
    ANNOUNCEMENT = "announcement", _("Must-read announcements")
    GROUP_INVITATION = "group_invitation", _("Group invitations")
    JOIN_REQUEST = "join_request", _("Requests to join my groups")


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", _("Right away")
    DIGEST = "digest", _("In my digest")
    OFF = "off", _("Never")


class DigestFrequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    OFF = "off", _("Never")


# Things someone is waiting on go out at once; the rest waits for the digest.
IMMEDIATE_BY_DEFAULT = frozenset({Kind.MENTION.value, Kind.ANSWER.value})
DEFAULT_DIGEST = DigestFrequency.WEEKLY.value


def default_email_mode(kind: str) -> str:
    return EmailMode.IMMEDIATE if kind in IMMEDIATE_BY_DEFAULT else EmailMode.DIGEST


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    post = models.ForeignKey(
        "conversations.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    comment = models.ForeignKey(
        "conversations.Comment", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Reactions batch into one unread row per post; count is how many people it stands for.
    count = models.PositiveIntegerField(default=1)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["recipient", "read_at", "-created_at"], name="notification_unread"
            ),
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox"),
            models.Index(
                fields=["recipient", "created_at"],
                condition=Q(emailed_at__isnull=True),
                name="notification_unemailed",
            ),
        ]
        constraints = [
            # Concurrent reactions race to create the batch row; the database keeps it single.
            models.UniqueConstraint(
                fields=["recipient", "post"],
                condition=Q(kind="reaction", read_at__isnull=True),
                name="one_unread_reaction_batch",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"


class NotificationPreference(models.Model):
    """How a person wants email for one kind; no row means the kind's default."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    email = models.CharField(max_length=10, choices=EmailMode.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind}={self.email} for {self.person_id}"


class DigestSetting(models.Model):
    """How often a person gets the digest, and when the last one left."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_setting"
    )
    frequency = models.CharField(
        max_length=10, choices=DigestFrequency.choices, default=DEFAULT_DIGEST
    )
    last_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.frequency} for {self.person_id}"
