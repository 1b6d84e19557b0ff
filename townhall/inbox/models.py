"""The leader inbox: tables for snoozes, delegations and summary settings.

The inbox itself is never stored: it is read from its sources (posts, mentions, problems,
open-hour questions, drafts) on each visit. Only what the leader decided about an item is.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ItemType(models.TextChoices):
    QUESTION = "question", _("Question")
    PROBLEM = "problem", _("Problem")
    MENTION = "mention", _("Mention")
    QUIET_POST = "quiet_post", _("No reply yet")
    DRAFT = "draft", _("Draft")


class Snooze(models.Model):
    """An item hidden from one leader's inbox until `until`; it reappears afterwards."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox_snoozes"
    )
    item_type = models.CharField(max_length=20, choices=ItemType.choices)
    # "<source>-<id>", e.g. "post-12" or "openhour-5" (see selectors.InboxItem.key).
    item_key = models.CharField(max_length=40)
    until = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "item_type", "item_key"], name="one_snooze_per_item"
            )
        ]
        indexes = [models.Index(fields=["person", "until"], name="inbox_snooze_active")]

    def __str__(self) -> str:
        return f"{self.item_type}:{self.item_key} until {self.until:%Y-%m-%d}"


class Delegation(models.Model):
    """A leader handed an item to someone else: handled for the leader from then on."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox_delegations"
    )
    item_type = models.CharField(max_length=20, choices=ItemType.choices)
    item_key = models.CharField(max_length=40)
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    comment = models.ForeignKey(
        "conversations.Comment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "item_type", "item_key"], name="one_delegation_per_item"
            )
        ]
        indexes = [models.Index(fields=["person", "-created_at"], name="inbox_delegation_recent")]

    def __str__(self) -> str:
        return f"{self.item_type}:{self.item_key} to {self.delegate_id}"


class InboxSettings(models.Model):
    """A leader's daily summary email: on unless they opted out; when the last one left."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox_settings"
    )
    daily_summary = models.BooleanField(_("daily summary email"), default=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("inbox settings")
        verbose_name_plural = _("inbox settings")

    def __str__(self) -> str:
        return f"inbox settings of {self.person_id}"
