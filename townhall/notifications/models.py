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
    # Leadership presence (issue 4): each of these points at a target another app owns.
    NUDGE = "nudge", _("Nudges from community managers")
    DRAFT_FOR_YOU = "draft_for_you", _("Drafts prepared for me")
    OPEN_HOUR = "open_hour", _("Open hours for me")
    OPEN_HOUR_QUESTION = "open_hour_question", _("Questions for my open hours")
    QUESTION_ANSWERED = "question_answered", _("Answers to open-hour questions")
    PROBLEM_STATUS = "problem_status", _("Problems I raised or follow")
    PROBLEM_RAISED = "problem_raised", _("Problems raised in my unit")
    CHECKIN_REMINDER = "checkin_reminder", _("Working Out Loud reminders")


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", _("Right away")
    DIGEST = "digest", _("In my digest")
    OFF = "off", _("Never")


class DigestFrequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    OFF = "off", _("Never")


# Things someone is waiting on go out at once; the rest waits for the digest.
IMMEDIATE_BY_DEFAULT = frozenset(
    {
        Kind.MENTION.value,
        Kind.ANSWER.value,
        Kind.NUDGE.value,
        Kind.DRAFT_FOR_YOU.value,
        Kind.QUESTION_ANSWERED.value,
    }
)
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
    # What a notification is about when it is not a post or group: another app's object
    # ("openhours.question", 42). That app registers how it reads (notifications.targets).
    target_type = models.CharField(max_length=40, blank=True, db_default="")
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    # Words a person wrote for the recipient (a nudge's personal message); shown as typed.
    message = models.TextField(blank=True, db_default="")

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
