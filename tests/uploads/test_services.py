"""Storing, attaching and cleaning up uploads through the real services."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from PIL import Image

from tests.uploads import files
from townhall.conversations.services import edit_post, publish_post
from townhall.uploads.models import Upload
from townhall.uploads.services import delete_stale_uploads, folder_of, store_upload


def test_image_is_re_encoded_as_webp_without_exif(owner, media_root):
    upload = store_upload(uploader=owner, file=files.upload("holiday.jpg", files.jpeg_with_exif()))
    stored = folder_of(upload) / "file"
    assert upload.kind == "image" and upload.content_type == "image/webp"
    assert upload.name == "holiday.webp" and (upload.width, upload.height) == (64, 48)
    assert b"SecretCam-9000" not in stored.read_bytes()
    with Image.open(stored) as image:
        assert image.format == "WEBP" and not image.getexif()
    assert (folder_of(upload) / "thumb").is_file()


def test_stored_file_is_named_by_a_random_key_not_the_client_name(owner, media_root):
    upload = store_upload(uploader=owner, file=files.upload("../../evil.pdf", files.pdf()))
    paths = files.stored_files(Path(media_root))
    assert [p.name for p in paths] == ["file"]
    assert upload.key in str(paths[0]) and "evil" not in str(paths[0])
    assert upload.name == "evil.pdf"


@pytest.mark.parametrize(
    ("name", "data"),
    [("invoice.pdf", files.exe()), ("cat.png", files.html()), ("logo.svg", files.svg())],
)
def test_refused_upload_leaves_no_row_and_no_file(owner, media_root, name, data):
    with pytest.raises(ValidationError):
        store_upload(uploader=owner, file=files.upload(name, data))
    assert Upload.objects.count() == 0
    assert files.stored_files(Path(media_root)) == []


def test_oversize_upload_leaves_nothing(owner, media_root, settings):
    settings.UPLOAD_MAX_FILE_BYTES = 1024
    with pytest.raises(ValidationError, match="too large"):
        store_upload(uploader=owner, file=files.upload("big.pdf", files.pdf() + b"0" * 4000))
    assert Upload.objects.count() == 0 and files.stored_files(Path(media_root)) == []


def test_post_with_attachments_keeps_their_order(owner):
    first = store_upload(uploader=owner, file=files.upload("a.pdf", files.pdf()))
    second = store_upload(uploader=owner, file=files.upload("b.png", files.png()))
    post = publish_post(author=owner, body="Files", attachment_ids=[second.pk, first.pk])
    assert [u.pk for u in post.attachments] == [second.pk, first.pk]


def test_cannot_attach_someone_elses_upload(owner, member):
    theirs = store_upload(uploader=member, file=files.upload("a.pdf", files.pdf()))
    with pytest.raises(ValidationError) as refused:
        publish_post(author=owner, body="Mine", attachment_ids=[theirs.pk])
    assert "attachments" in refused.value.error_dict
    assert Upload.objects.get(pk=theirs.pk).post_id is None


def test_cannot_attach_an_upload_twice(owner):
    upload = store_upload(uploader=owner, file=files.upload("a.pdf", files.pdf()))
    publish_post(author=owner, body="One", attachment_ids=[upload.pk])
    with pytest.raises(ValidationError):
        publish_post(author=owner, body="Two", attachment_ids=[upload.pk])


def test_video_post_needs_video_and_poster(owner):
    video = store_upload(uploader=owner, file=files.upload("talk.mp4", files.mp4()))
    with pytest.raises(ValidationError) as refused:
        publish_post(author=owner, body="Watch", kind="video", video_id=video.pk)
    assert set(refused.value.error_dict) == {"poster"}


def test_cover_must_be_an_image(owner):
    pdf = store_upload(uploader=owner, file=files.upload("a.pdf", files.pdf()))
    with pytest.raises(ValidationError) as refused:
        publish_post(author=owner, body="Long", kind="article", title="T", cover_id=pdf.pk)
    assert "cover" in refused.value.error_dict


def test_only_articles_have_covers(owner):
    image = store_upload(uploader=owner, file=files.upload("a.png", files.png()))
    with pytest.raises(ValidationError) as refused:
        publish_post(author=owner, body="Short", cover_id=image.pk)
    assert "cover" in refused.value.error_dict


def test_editing_replaces_attachments_and_deletes_the_removed_files(
    owner, django_capture_on_commit_callbacks
):
    old = store_upload(uploader=owner, file=files.upload("old.pdf", files.pdf()))
    new = store_upload(uploader=owner, file=files.upload("new.pdf", files.pdf()))
    post = publish_post(author=owner, body="v1", attachment_ids=[old.pk])
    with django_capture_on_commit_callbacks(execute=True):
        edit_post(actor=owner, post=post, body="v2", attachment_ids=[new.pk])
    assert list(Upload.objects.filter(post=post).values_list("pk", flat=True)) == [new.pk]
    assert not folder_of(old).exists() and folder_of(new).exists()


def test_unattached_uploads_are_cleaned_up_after_a_day(owner, django_capture_on_commit_callbacks):
    kept = store_upload(uploader=owner, file=files.upload("kept.pdf", files.pdf()))
    publish_post(author=owner, body="Kept", attachment_ids=[kept.pk])
    stale = store_upload(uploader=owner, file=files.upload("stale.pdf", files.pdf()))
    with django_capture_on_commit_callbacks(execute=True):
        assert delete_stale_uploads() == 0  # not a day old yet
        later = timezone.now() + timedelta(hours=25)
        assert delete_stale_uploads(now=later) == 1
    assert list(Upload.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not folder_of(stale).exists() and folder_of(kept).exists()


def test_transcript_is_searchable(owner, member, django_capture_on_commit_callbacks):
    from townhall.search.selectors import search

    video = store_upload(uploader=owner, file=files.upload("talk.mp4", files.mp4()))
    poster = store_upload(uploader=owner, file=files.upload("poster.png", files.png()))
    with django_capture_on_commit_callbacks(execute=True):
        post = publish_post(
            author=owner,
            body="Our quarterly talk",
            kind="video",
            video_id=video.pk,
            poster_id=poster.pk,
            transcript="Today we discuss photosynthesis at scale.",
        )
    results = search(member, query="photosynthesis")
    assert post.pk in [hit.post.pk for hit in results.hits]
