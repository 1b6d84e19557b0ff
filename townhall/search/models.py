"""One search entry per live post and per live comment, in the text's own language.

The full-text index itself lives beside this table: a `tsvector` column with a GIN index on
PostgreSQL, an external-content FTS5 table kept in step by triggers on SQLite (migration 0002).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone


class SearchEntry(models.Model):
    """The searchable plain text of a post (comment is null) or of one of its comments."""

    post = models.ForeignKey(
        "conversations.Post", on_delete=models.CASCADE, related_name="search_entries"
    )
    comment = models.OneToOneField(
        "conversations.Comment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="search_entry",
    )
    # Copied from the post/comment so filters never need a join; posts never change group.
    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post_kind = models.CharField(max_length=20)
    language = models.CharField(max_length=8, default="en")
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # PostgreSQL only (stays NULL on SQLite, where FTS5 holds the index).
    document = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post"], condition=Q(comment__isnull=True), name="one_entry_per_post"
            )
        ]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="search_entry_recent"),
            models.Index(fields=["group", "-created_at"], name="search_entry_group"),
            models.Index(fields=["author", "-created_at"], name="search_entry_author"),
        ]

    def __str__(self) -> str:
        return self.title or self.body[:60]

    @property
    def is_comment(self) -> bool:
        return self.comment_id is not None
