"""Content sniffing: the type comes from the bytes, never from the name or the client's type."""

from __future__ import annotations

import os

import pytest
from django.core.exceptions import ValidationError

from tests.uploads import files
from townhall.uploads.content import display_name, sniff

GOOD = [
    ("photo.png", files.png(), "image", "image/webp"),
    ("camera.jpg", files.jpeg_with_exif(), "image", "image/webp"),
    ("report.pdf", files.pdf(), "file", "application/pdf"),
    ("letter.docx", files.office("word/"), "file", files.OOXML_DOC),
    (
        "sheet.xlsx",
        files.office("xl/"),
        "file",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    (
        "deck.pptx",
        files.office("ppt/"),
        "file",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    ("notes.odt", files.odf(), "file", "application/vnd.oasis.opendocument.text"),
    (
        "budget.ods",
        files.odf("application/vnd.oasis.opendocument.spreadsheet"),
        "file",
        "application/vnd.oasis.opendocument.spreadsheet",
    ),
    ("talk.mp4", files.mp4(), "video", "video/mp4"),
    ("talk.webm", files.webm(), "video", "video/webm"),
]


@pytest.mark.parametrize(("name", "data", "kind", "content_type"), GOOD)
def test_accepted_files_are_recognised_by_content(name, data, kind, content_type):
    sniffed = sniff(files.upload(name, data))
    assert (sniffed.kind, sniffed.content_type) == (kind, content_type)


def test_type_ignores_the_name_and_the_client_content_type():
    sniffed = sniff(files.upload("looks-like.exe", files.pdf(), "application/x-msdownload"))
    assert sniffed.content_type == "application/pdf"


BAD = [
    ("setup.pdf", files.exe(), "image/png"),
    ("page.png", files.html(), "image/png"),
    ("drawing.svg", files.svg(), "image/svg+xml"),
    ("drawing.png", files.svg(), "image/png"),
    ("archive.docx", files.office("other/"), files.OOXML_DOC),
    ("macro.docx", files.office("word/", {"word/vbaProject.bin": b"\0" * 64}), files.OOXML_DOC),
    ("odd.odt", files.odf("application/x-evil"), "application/vnd.oasis.opendocument.text"),
    ("bomb.docx", files.zip_bomb(), files.OOXML_DOC),
    ("movie.mp4", files.mp4(brand=b"qt  ", compatible=(b"qt  ",)), "video/mp4"),
    ("movie.webm", files.webm(doctype=b"matroska"), "video/webm"),
    ("truncated.webm", files.webm()[:6], "video/webm"),
    ("noise.pdf", os.urandom(3000), "application/pdf"),
    ("broken.docx", b"PK\x03\x04" + os.urandom(500), files.OOXML_DOC),
    ("script.txt", b"#!/bin/sh\nrm -rf /\n", "text/plain"),
    ("cut.png", files.png()[:20], "image/png"),  # Pillow raises ValueError on this one
]


@pytest.mark.parametrize(("name", "data", "client_type"), BAD)
def test_other_content_is_refused_with_a_clear_message(name, data, client_type):
    with pytest.raises(ValidationError) as refused:
        sniff(files.upload(name, data, client_type))
    message = " ".join(refused.value.messages)
    assert "not accepted" in message


def test_empty_file_is_refused():
    with pytest.raises(ValidationError, match="empty"):
        sniff(files.upload("empty.pdf", b""))


def test_file_over_the_document_cap_is_refused(settings):
    settings.UPLOAD_MAX_FILE_BYTES = 1024
    with pytest.raises(ValidationError, match="too large"):
        sniff(files.upload("big.pdf", files.pdf() + b"%" * 2000))


def test_video_over_the_video_cap_is_refused(settings):
    settings.UPLOAD_MAX_VIDEO_BYTES = 2048
    with pytest.raises(ValidationError, match="too large"):
        sniff(files.upload("long.mp4", files.mp4(payload=5000)))


def test_image_over_the_image_cap_says_too_large(settings):
    settings.UPLOAD_MAX_IMAGE_BYTES = 100
    with pytest.raises(ValidationError, match="too large"):
        sniff(files.upload("big.png", files.png((200, 200))))


def test_anything_over_the_largest_cap_is_refused_before_reading(settings):
    settings.UPLOAD_MAX_IMAGE_BYTES = settings.UPLOAD_MAX_FILE_BYTES = 100
    settings.UPLOAD_MAX_VIDEO_BYTES = 200
    with pytest.raises(ValidationError, match="too large"):
        sniff(files.upload("huge.bin", b"x" * 1000))


def test_display_name_drops_paths_and_control_and_bidi_characters():
    name = display_name("..\\..\\etc/pass\u202ewd\x00\u200b.pdf.exe", "pdf")
    assert name == "passwd.pdf.pdf"
    assert display_name("", "webp") == "file.webp"
    assert display_name("holiday.JPG", "webp") == "holiday.webp"
    assert len(display_name("a" * 500 + ".pdf", "pdf")) <= 124
