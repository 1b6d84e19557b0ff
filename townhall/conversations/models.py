"""Posts, comments, reactions, mentions, topics, follows, bookmarks, views and read receipts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from townhall.uploads.models import Upload


class PostKind(models.TextChoices):
    UPDATE = "update", _("Update")
    ARTICLE = "article", _("Article")
    QUESTION = "question", _("Question")
    VIDEO = "video", _("Video")
    ANNOUNCEMENT = "announcement", _("Announcement")


class ReactionKind(models.TextChoices):
    LIKE = "like", _("Like")
    CELEBRATE = "celebrate", _("Celebrate")
    SUPPORT = "support", _("Support")
    INSIGHTFUL = "insightful", _("Insightful")
    CURIOUS = "curious", _("Curious")


class Topic(models.Model):
    """A #topic; `slug` is the lower-cased tag people type."""

    slug = models.SlugField(max_length=60, unique=True, allow_unicode=True)
    name = models.CharField(max_length=60)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return f"#{self.name}"


class Post(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts"
    )
    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="posts")
    kind = models.CharField(max_length=20, choices=PostKind.choices, default=PostKind.UPDATE)
    title = models.CharField(_("title"), max_length=200, blank=True)
    body = models.TextField(_("text"), max_length=50_000)
    # Rendered and sanitised once on write; templates print it as-is.
    body_html = models.TextField(editable=False)
    language = models.CharField(_("language"), max_length=8, default="en")
    reading_minutes = models.PositiveSmallIntegerField(default=1)
    # Video posts: what is said in the video, as plain text (shown and searchable).
    transcript = models.TextField(_("transcript"), max_length=100_000, blank=True, default="")
    topics = models.ManyToManyField(Topic, blank=True, related_name="posts")
    shared_post = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="shares"
    )
    accepted_comment = models.ForeignKey(
        "Comment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pinned = models.BooleanField(default=False)
    must_read = models.BooleanField(default=False)
    comment_count = models.PositiveIntegerField(default=0)
    reaction_count = models.PositiveIntegerField(default=0)
    view_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["group", "-created_at", "-id"], name="post_group_feed"),
            models.Index(fields=["author", "-created_at", "-id"], name="post_author_feed"),
            models.Index(fields=["-created_at", "-id"], name="post_recent"),
            models.Index(
                fields=["kind", "-created_at"],
                condition=Q(deleted_at__isnull=True),
                name="post_kind_recent",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.body[:60]

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    # The post's files by role, from `uploads` (prefetched by the feed selectors).
    def _uploads(self, role: str) -> list[Upload]:
        return [u for u in self.uploads.all() if u.role == role]

    @property
    def cover(self) -> Upload | None:
        return next(iter(self._uploads("cover")), None)

    @property
    def video(self) -> Upload | None:
        return next(iter(self._uploads("video")), None)

    @property
    def poster(self) -> Upload | None:
        return next(iter(self._uploads("poster")), None)

    @property
    def attachments(self) -> list[Upload]:
        return self._uploads("attachment")

    @property
    def picture_attachments(self) -> list[Upload]:
        return [u for u in self.attachments if u.is_image]

    @property
    def file_attachments(self) -> list[Upload]:
        return [u for u in self.attachments if not u.is_image]


class Comment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments"
    )
    # One level of replies: a reply's parent is always a top-level comment.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    body = models.TextField(_("comment"), max_length=10_000)
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["post", "created_at", "id"], name="comment_thread")]

    def __str__(self) -> str:
        return self.body[:60]


class CommentRevision(models.Model):
    """The text a comment had before an edit; moderators can read the history."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"revision of {self.comment_id}"


class Reaction(models.Model):
    """One reaction per person per post; choosing another kind replaces it."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=ReactionKind.choices, default=ReactionKind.LIKE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "person"], name="one_reaction_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.kind} by {self.person_id}"


class Mention(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["person", "-created_at"], name="mention_by_person")]

    def __str__(self) -> str:
        return f"mention in {self.post_id}"


class Follow(models.Model):
    """Following exactly one of: a person, a group or a topic."""

    follower = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="followers",
    )
    group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.CASCADE, related_name="followers"
    )
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.CASCADE, related_name="followers"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(person__isnull=False, group__isnull=True, topic__isnull=True)
                    | Q(person__isnull=True, group__isnull=False, topic__isnull=True)
                    | Q(person__isnull=True, group__isnull=True, topic__isnull=False)
                ),
                name="follow_exactly_one_target",
            ),
            models.UniqueConstraint(
                fields=["follower", "person"],
                condition=Q(person__isnull=False),
                name="unique_follow_person",
            ),
            models.UniqueConstraint(
                fields=["follower", "group"],
                condition=Q(group__isnull=False),
                name="unique_follow_group",
            ),
            models.UniqueConstraint(
                fields=["follower", "topic"],
                condition=Q(topic__isnull=False),
                name="unique_follow_topic",
            ),
        ]

    def __str__(self) -> str:
        return f"follow by {self.follower_id}"


class Bookmark(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks"
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "post"], name="unique_bookmark")]

    def __str__(self) -> str:
        return f"bookmark {self.post_id}"


class PostView(models.Model):
    """First time a person opened a post: reach is counted per person, not per page load."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="views")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "post"], name="unique_view")]

    def __str__(self) -> str:
        return f"view {self.post_id}"


class Acknowledgement(models.Model):
    """A read receipt on a must-read announcement."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="acknowledgements")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "post"], name="unique_acknowledgement")
        ]

    def __str__(self) -> str:
        return f"ack {self.post_id}"
