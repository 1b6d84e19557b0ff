"""Every write about uploaded files: store (validated by content), attach to posts, clean up."""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from townhall.people import permissions
from townhall.people.models import Person
from townhall.uploads import content, images
from townhall.uploads.models import Upload, UploadKind, UploadRole

FOLDER = "attachments"
CHUNK = 1024 * 1024
UNATTACHED_LIFETIME = timedelta(hours=24)

if TYPE_CHECKING:
    from townhall.conversations.models import Post


def upload_root() -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER


def folder_of(upload: Upload) -> Path:
    return upload_root() / upload.key


def _copy(file: IO[bytes], target: Path, limit: int) -> int:
    """Stream the upload to disk, stopping at the cap even if the client lied about its size."""
    file.seek(0)
    written = 0
    with target.open("wb") as out:
        while chunk := file.read(CHUNK):
            written += len(chunk)
            if written > limit:
                raise content._too_large(limit)
            out.write(chunk)
    return written


def store_upload(*, uploader: Person, file: IO[bytes], role: str = "") -> Upload:
    """Check a file by its content, store it under a random key and record it (unattached).

    A refused file leaves nothing behind: no row and no bytes on disk.
    """
    if not permissions.can_upload(uploader):
        raise PermissionDenied
    sniffed = content.sniff(file)
    if role:
        content.check_fits(sniffed.kind, role)
    key = secrets.token_hex(16)
    folder = upload_root() / key
    folder.mkdir(parents=True)
    try:
        width = height = None
        if sniffed.kind == UploadKind.IMAGE:
            file.seek(0)
            width, height = images.store_picture(file.read(), folder)
            size = (folder / "file").stat().st_size
        else:
            size = _copy(file, folder / "file", content.limit_for(sniffed.kind))
        with transaction.atomic():
            return Upload.objects.create(
                uploader=uploader,
                kind=sniffed.kind,
                content_type=sniffed.content_type,
                key=key,
                name=content.display_name(str(getattr(file, "name", "") or ""), sniffed.extension),
                size=size,
                width=width,
                height=height,
            )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def remove_files(uploads: Iterable[Upload]) -> None:
    """Delete uploads' bytes from disk (their rows are gone or going)."""
    for upload in uploads:
        shutil.rmtree(folder_of(upload), ignore_errors=True)


def delete_uploads(uploads: Sequence[Upload]) -> None:
    """Delete rows now and their files once the transaction commits."""
    if not uploads:
        return
    Upload.objects.filter(pk__in=[u.pk for u in uploads]).delete()
    gone = list(uploads)
    transaction.on_commit(lambda: remove_files(gone))


def _not_available(field: str) -> ValidationError:
    return ValidationError(
        {field: _("This upload does not exist, is not yours, or is already attached to a post.")}
    )


def set_post_uploads(
    *, actor: Person, post: Post, role: str, ids: Sequence[int], field: str
) -> list[Upload]:
    """Make exactly these uploads the post's files in `role`, in this order.

    New ones must be the actor's own unattached uploads of a fitting kind; ones no longer
    listed are deleted. Runs inside the caller's transaction.
    """
    wanted = list(dict.fromkeys(ids))
    current = {u.pk: u for u in Upload.objects.select_for_update().filter(post=post, role=role)}
    new = {u.pk: u for u in Upload.objects.select_for_update().filter(pk__in=wanted)}
    for pk in wanted:
        if pk in current:
            continue
        upload = new.get(pk)
        if upload is None or not permissions.can_attach_upload(actor, upload):
            raise _not_available(field)
        try:
            content.check_fits(upload.kind, role)
        except ValidationError as exc:
            raise ValidationError({field: exc.messages}) from exc
    delete_uploads([u for pk, u in current.items() if pk not in wanted])
    chosen = [current.get(pk) or new[pk] for pk in wanted]
    for position, upload in enumerate(chosen):
        upload.post = post
        upload.role = role
        upload.position = position
    Upload.objects.bulk_update(chosen, ["post", "role", "position"])
    return chosen


def delete_stale_uploads(*, now: datetime | None = None) -> int:
    """Delete uploads never attached to a post within 24 hours, and stray folders on disk."""
    cutoff = (now or timezone.now()) - UNATTACHED_LIFETIME
    stale = list(Upload.objects.filter(post__isnull=True, created_at__lt=cutoff))
    with transaction.atomic():
        delete_uploads(stale)
    # Folders of the rows just deleted go on commit; they are not strays.
    known = set(Upload.objects.values_list("key", flat=True)) | {u.key for u in stale}
    root = upload_root()
    strays = 0
    if root.is_dir():
        for folder in root.iterdir():
            modified = folder.stat().st_mtime
            if folder.name not in known and modified < cutoff.timestamp():
                shutil.rmtree(folder, ignore_errors=True)
                strays += 1
    return len(stale) + strays


__all__ = ["UploadRole", "delete_stale_uploads", "set_post_uploads", "store_upload"]
