from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from townhall.people.models import Person
from townhall.people.selectors import profile_completeness
from townhall.people.services import set_profile_photo, update_profile


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (900, 600), (200, 80, 40))
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x8825] = {1: "N", 2: (52.0, 22.0, 0.0)}  # GPS IFD
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def test_photo_is_resized_to_fixed_sizes_without_exif(owner, settings):
    upload = SimpleUploadedFile("me.jpg", jpeg_with_gps(), content_type="image/jpeg")
    set_profile_photo(actor=owner, person=owner, upload=upload)
    folder = settings.MEDIA_ROOT / owner.photo
    for name, side in {"small": 64, "medium": 160, "large": 400}.items():
        with Image.open(folder / f"{name}.webp") as img:
            assert img.format == "WEBP"
            assert img.size == (side, side)
            assert not img.getexif()
            assert "exif" not in img.info


def test_a_script_named_jpg_is_refused_and_nothing_changes(owner):
    upload = SimpleUploadedFile("evil.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    with pytest.raises(ValidationError):
        set_profile_photo(actor=owner, person=owner, upload=upload)
    owner.refresh_from_db()
    assert owner.photo == ""


def test_too_large_photo_is_refused(owner, settings):
    settings.UPLOAD_MAX_IMAGE_BYTES = 1000
    upload = SimpleUploadedFile("big.jpg", jpeg_with_gps(), content_type="image/jpeg")
    with pytest.raises(ValidationError, match="too large"):
        set_profile_photo(actor=owner, person=owner, upload=upload)


def test_member_cannot_edit_someone_elses_profile(owner, member):
    with pytest.raises(PermissionDenied):
        update_profile(actor=member, person=owner, changes={"job_title": "Boss"})


def test_profile_update_refreshes_directory_search_text(owner):
    update_profile(actor=owner, person=owner, changes={"ask_me_about": ["Pricing", "Kubernetes"]})
    owner.refresh_from_db()
    assert "kubernetes" in owner.search_text


def test_completeness_lists_what_is_missing(owner):
    before = profile_completeness(owner)
    assert before.percent < 100
    assert "a short bio" in before.missing
    update_profile(actor=owner, person=owner, changes={"bio": "Hello"})
    after = profile_completeness(Person.objects.get(pk=owner.pk))
    assert after.percent > before.percent
    assert "a short bio" not in after.missing


def test_profile_edit_form_rejects_bad_language_codes_with_422(client, owner):
    client.force_login(owner)
    response = client.post("/settings/profile/", {"first_name": "Olga", "languages": "en, 123, nl"})
    assert response.status_code == 422
    assert "123" in response.content.decode()
    owner.refresh_from_db()
    assert owner.languages == []


def test_photo_upload_view_shows_error_for_non_image(client, owner):
    client.force_login(owner)
    upload = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    response = client.post("/settings/photo/", {"photo": upload})
    assert response.status_code == 422
    assert "not an image we can read" in response.content.decode()


def test_served_photo_has_nosniff_and_inline_disposition(client, owner):
    upload = SimpleUploadedFile("me.jpg", jpeg_with_gps(), content_type="image/jpeg")
    set_profile_photo(actor=owner, person=owner, upload=upload)
    client.force_login(owner)
    response = client.get(owner.photo_url("large"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")


def test_media_needs_sign_in_and_refuses_path_traversal(client, owner):
    assert client.get("/media/photos/x/large.webp").status_code == 302
    client.force_login(owner)
    assert client.get("/media/../settings.py").status_code == 404
