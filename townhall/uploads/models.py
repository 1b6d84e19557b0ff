"""Uploaded files for posts: attachments, article covers, videos and their posters."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UploadKind(models.TextChoices):
    """What the content turned out to be when its bytes were inspected."""

    IMAGE = "image", _("Image")
    FILE = "file", _("Document")
    VIDEO = "video", _("Video")


class UploadRole(models.TextChoices):
    """The part an upload plays in its post; empty until it is attached."""

    NONE = "", _("Not attached")
    ATTACHMENT = "attachment", _("Attachment")
    COVER = "cover", _("Cover image")
    VIDEO = "video", _("Video")
    POSTER = "poster", _("Poster image")


class Upload(models.Model):
    """One file under MEDIA_ROOT/attachments/<key>/, served only through the permission layer.

    `name` is a sanitised display name; the file on disk is named by the random `key` alone.
    """

    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="uploads"
    )
    post = models.ForeignKey(
        "conversations.Post",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="uploads",
    )
    role = models.CharField(max_length=20, choices=UploadRole.choices, blank=True, default="")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=UploadKind.choices)
    content_type = models.CharField(max_length=100)
    key = models.CharField(max_length=64, unique=True, editable=False)
    name = models.CharField(max_length=160)
    size = models.PositiveBigIntegerField()
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "id"]
        indexes = [
            models.Index(fields=["post", "position"], name="upload_post_order"),
            models.Index(
                fields=["created_at"], condition=Q(post__isnull=True), name="upload_unattached"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "role"],
                condition=Q(role__in=["cover", "video", "poster"]),
                name="one_upload_per_single_role",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.kind == UploadKind.IMAGE

    @property
    def url(self) -> str:
        return reverse("upload_file", args=[self.pk])

    @property
    def thumbnail_url(self) -> str | None:
        return reverse("upload_thumbnail", args=[self.pk]) if self.is_image else None

    @property
    def is_attachment_download(self) -> bool:
        """PDFs and office files are downloaded, never rendered in the site's origin."""
        return self.kind == UploadKind.FILE
