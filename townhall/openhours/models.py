"""Open hours: scheduled leader Q&A sessions, questions, votes, answers, summaries."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Recurrence(models.TextChoices):
    NONE = "none", _("Does not repeat")
    WEEKLY = "weekly", _("Every week")
    BIWEEKLY = "biweekly", _("Every two weeks")
    MONTHLY = "monthly", _("Every month")


class State(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    LIVE = "live", _("Live now")
    ENDED = "ended", _("Ended")
    CANCELLED = "cancelled", _("Cancelled")


class OpenHour(models.Model):
    """One session; a recurring series is several sessions sharing `series_id`."""

    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="open_hours_hosted"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    article = models.ForeignKey(
        "conversations.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    audience = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="+")
    recurrence = models.CharField(
        _("repeats"), max_length=10, choices=Recurrence.choices, default=Recurrence.NONE
    )
    series_id = models.UUIDField(null=True, blank=True, db_index=True)
    allow_anonymous = models.BooleanField(_("allow anonymous questions"), default=True)
    summary_post = models.ForeignKey(
        "conversations.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set once the clock job has dealt with the ended session (with or without a post).
    summarised_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Bumped when the time changes, so calendars take a re-sent invite as an update.
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["host", "starts_at"], name="openhour_host_start"),
            models.Index(
                fields=["ends_at"],
                condition=Q(summarised_at__isnull=True, cancelled_at__isnull=True),
                name="openhour_awaiting_summary",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="openhour_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("openhour_detail", args=[self.pk])

    def state_at(self, now: datetime) -> str:
        if self.cancelled_at is not None:
            return State.CANCELLED
        if now < self.starts_at:
            return State.UPCOMING
        if now < self.ends_at:
            return State.LIVE
        return State.ENDED

    @property
    def state(self) -> str:
        """Upcoming, live, ended or cancelled, derived from the times."""
        return self.state_at(timezone.now())

    @property
    def state_label(self) -> str:
        return str(State(self.state).label)

    @property
    def is_live(self) -> bool:
        return self.state == State.LIVE

    @property
    def has_ended(self) -> bool:
        return self.state in (State.ENDED, State.CANCELLED)


class QuestionStatus(models.TextChoices):
    PENDING = "pending_screening", _("Awaiting screening")
    VISIBLE = "visible", _("Open")
    REJECTED = "rejected", _("Rejected")
    MERGED = "merged", _("Merged")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


# Everyone who may see the session sees these; pending and rejected ones only their author
# and the screeners.
PUBLIC_STATUSES = (
    QuestionStatus.VISIBLE,
    QuestionStatus.ANSWERED,
    QuestionStatus.CLOSED,
    QuestionStatus.MERGED,
)


class Question(models.Model):
    """A question for an open hour. `author` is kept even when anonymous, and never shown."""

    open_hour = models.ForeignKey(OpenHour, on_delete=models.CASCADE, related_name="questions")
    # Stored for "my questions", notifications and one-vote rules; for anonymous questions
    # nothing that renders or serialises a question may read it.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    is_anonymous = models.BooleanField(default=False)
    text = models.TextField(_("question"), max_length=2000)
    status = models.CharField(
        max_length=20, choices=QuestionStatus.choices, default=QuestionStatus.VISIBLE
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    close_reason = models.CharField(_("reason"), max_length=500, blank=True)
    vote_count = models.PositiveIntegerField(default=0)
    answer = models.TextField(_("answer"), max_length=20_000, blank=True)
    answer_html = models.TextField(blank=True, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    screened_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-vote_count", "created_at", "id"]
        indexes = [
            models.Index(
                fields=["open_hour", "status", "-vote_count", "created_at"],
                name="question_board",
            ),
            models.Index(fields=["author", "-created_at"], name="question_author"),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        return reverse("openhour_detail", args=[self.open_hour_id]) + f"#question-{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == QuestionStatus.VISIBLE

    @property
    def is_pending(self) -> bool:
        return self.status == QuestionStatus.PENDING


class Vote(models.Model):
    """One person's up-vote on one question; taking it back deletes the row."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "person"], name="one_vote_per_question")
        ]
        indexes = [models.Index(fields=["person", "question"], name="vote_by_person")]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.question_id}"
