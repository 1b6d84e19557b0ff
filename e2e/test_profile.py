"""Editing a profile and uploading a photo: stripped of EXIF, re-encoded, served safely."""

from __future__ import annotations

import io
import re

from PIL import ExifTags, Image
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, login, shot


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (1200, 900), (200, 120, 40))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SpyCam"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 22.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (4.0, 53.0, 42.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    data = buffer.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    return data


def test_profile_edit_and_photo_upload_show_on_profile_without_exif(page, live_server, org):
    login(page, live_server, org.member.email)
    page.goto("/settings/profile/")
    page.get_by_label("Job title").fill("Senior Account Executive")
    page.get_by_label("Ask me about").fill("Nordic deals, negotiation")
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator(".flash")).to_contain_text("Your profile is saved.")

    page.goto("/settings/profile/")
    page.get_by_label(re.compile(r"^Photo\b")).set_input_files(
        {"name": "holiday.jpg", "mimeType": "image/jpeg", "buffer": _jpeg_with_gps()}
    )
    page.get_by_role("button", name="Upload photo").click()
    expect(page.locator(".flash")).to_contain_text("Your new photo is saved.")
    shot(page, "edit-profile")
    assert_accessible(page)

    page.goto(f"/people/{org.member.pk}/")
    expect(page.locator(".profile__title")).to_have_text("Senior Account Executive")
    expect(page.locator(".chips .chip")).to_have_text(["Nordic deals", "negotiation"])
    avatar = page.locator(".profile__header img.avatar")
    expect(avatar).to_be_visible()
    assert page.evaluate("img => img.naturalWidth > 0", avatar.element_handle())
    shot(page, "profile")
    assert_accessible(page)

    src = avatar.get_attribute("src")
    assert src
    large = src.rsplit("/", 1)[0] + "/large.webp"
    response = page.request.get(large)
    assert response.ok
    assert response.headers["content-type"] == "image/webp"
    assert response.headers["x-content-type-options"] == "nosniff"
    served = Image.open(io.BytesIO(response.body()))
    assert served.format == "WEBP"
    assert served.size == (400, 400)
    assert "exif" not in served.info
    assert not served.getexif()
