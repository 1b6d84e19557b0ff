"""Serving post files through the permission layer, byte ranges, and the web composer."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from tests.uploads import files
from townhall.conversations.models import Post
from townhall.conversations.services import delete_post, publish_post
from townhall.uploads.models import Upload
from townhall.uploads.services import store_upload


@pytest.fixture
def private_post(owner, private_group):
    pdf = store_upload(uploader=owner, file=files.upload("minutes.pdf", files.pdf()))
    image = store_upload(uploader=owner, file=files.upload("chart.png", files.png()))
    return publish_post(
        author=owner, body="Board files", group=private_group, attachment_ids=[pdf.pk, image.pk]
    )


@pytest.fixture
def video_post(owner):
    video = store_upload(uploader=owner, file=files.upload("talk.mp4", files.mp4(payload=5000)))
    poster = store_upload(uploader=owner, file=files.upload("poster.png", files.png()))
    return publish_post(
        author=owner,
        body="Watch this",
        kind="video",
        video_id=video.pk,
        poster_id=poster.pk,
        transcript="Hello everyone",
    )


def _urls(post: Post) -> list[str]:
    urls = []
    for upload in Upload.objects.filter(post=post):
        urls.append(upload.url)
        if upload.thumbnail_url:
            urls.append(upload.thumbnail_url)
    return urls


# --- Who may fetch a file ----------------------------------------------------------------


def test_member_gets_the_files_of_a_private_post(client, member, private_post):
    client.force_login(member)
    for url in _urls(private_post):
        assert client.get(url).status_code == 200, url


def test_outsider_gets_404_for_every_file_of_a_private_post(client, outsider, private_post):
    client.force_login(outsider)
    urls = _urls(private_post)
    assert len(urls) == 3
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("post_detail", args=[private_post.pk])).status_code == 404


def test_signed_out_visitor_is_sent_to_sign_in(client, private_post):
    response = client.get(_urls(private_post)[0])
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_unattached_upload_is_visible_only_to_its_uploader(client, owner, member):
    upload = store_upload(uploader=owner, file=files.upload("draft.pdf", files.pdf()))
    client.force_login(member)
    assert client.get(upload.url).status_code == 404
    client.force_login(owner)
    assert client.get(upload.url).status_code == 200


def test_files_of_a_deleted_post_are_gone(client, owner, member, private_post):
    delete_post(actor=owner, post=private_post)
    client.force_login(member)
    for url in _urls(private_post):
        assert client.get(url).status_code == 404


def test_profile_photo_route_does_not_serve_post_files(client, member, private_post):
    upload = Upload.objects.filter(post=private_post).first()
    client.force_login(member)
    assert client.get(f"/media/attachments/{upload.key}/file").status_code == 404


# --- Headers -----------------------------------------------------------------------------


def test_documents_download_with_the_sniffed_type_and_a_sandbox(client, member, private_post):
    pdf = Upload.objects.get(post=private_post, kind="file")
    client.force_login(member)
    response = client.get(pdf.url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="minutes.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_images_are_inline_webp(client, member, private_post):
    image = Upload.objects.get(post=private_post, kind="image")
    client.force_login(member)
    for url in (image.url, image.thumbnail_url):
        response = client.get(url)
        assert response["Content-Type"] == "image/webp"
        assert response["Content-Disposition"].startswith("inline")
        assert response["X-Content-Type-Options"] == "nosniff"


def test_hostile_display_name_is_quoted_in_the_header(client, owner):
    upload = store_upload(uploader=owner, file=files.upload('a";\r\nX-Evil: 1.pdf', files.pdf()))
    client.force_login(owner)
    response = client.get(upload.url)
    assert "X-Evil" not in response.headers or response.headers.get("X-Evil") is None
    assert "\n" not in response["Content-Disposition"]


# --- Byte ranges for video ----------------------------------------------------------------


def _video(post: Post) -> Upload:
    return Upload.objects.get(post=post, role="video")


def test_video_is_served_whole_with_accept_ranges(client, member, video_post):
    video = _video(video_post)
    client.force_login(member)
    response = client.get(video.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "video/mp4" and response["Accept-Ranges"] == "bytes"
    assert response["Content-Disposition"].startswith("inline")
    assert len(b"".join(response.streaming_content)) == video.size


def test_range_request_gets_206_with_just_those_bytes(client, member, video_post):
    video = _video(video_post)
    whole = files.mp4(payload=5000)
    client.force_login(member)
    response = client.get(video.url, HTTP_RANGE="bytes=100-199")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-199/{video.size}"
    assert response["Content-Length"] == "100"
    assert b"".join(response.streaming_content) == whole[100:200]


def test_open_ended_and_suffix_ranges(client, member, video_post):
    video = _video(video_post)
    whole = files.mp4(payload=5000)
    client.force_login(member)
    tail = client.get(video.url, HTTP_RANGE=f"bytes={video.size - 10}-")
    assert tail.status_code == 206 and b"".join(tail.streaming_content) == whole[-10:]
    suffix = client.get(video.url, HTTP_RANGE="bytes=-4")
    assert suffix.status_code == 206 and b"".join(suffix.streaming_content) == whole[-4:]


def test_range_past_the_end_is_416(client, member, video_post):
    video = _video(video_post)
    client.force_login(member)
    response = client.get(video.url, HTTP_RANGE=f"bytes={video.size}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{video.size}"


def test_multiple_ranges_get_the_whole_file(client, member, video_post):
    client.force_login(member)
    response = client.get(_video(video_post).url, HTTP_RANGE="bytes=0-1,5-6")
    assert response.status_code == 200


def test_outsider_range_request_on_private_video_is_404(client, owner, outsider, private_group):
    video = store_upload(uploader=owner, file=files.upload("v.webm", files.webm()))
    poster = store_upload(uploader=owner, file=files.upload("p.png", files.png()))
    publish_post(
        author=owner,
        body="Private video",
        kind="video",
        group=private_group,
        video_id=video.pk,
        poster_id=poster.pk,
    )
    client.force_login(outsider)
    assert client.get(video.url, HTTP_RANGE="bytes=0-10").status_code == 404


# --- Cards and the post page --------------------------------------------------------------


def test_video_card_has_a_player_with_poster_and_transcript(client, member, video_post):
    client.force_login(member)
    html = client.get(reverse("post_detail", args=[video_post.pk])).content.decode()
    poster = Upload.objects.get(post=video_post, role="poster")
    assert 'controls preload="metadata"' in html
    assert f'poster="{poster.url}"' in html
    assert f'src="{_video(video_post).url}"' in html
    assert "<details" in html and "Hello everyone" in html


def test_card_shows_thumbnails_and_a_file_list(client, member, private_post):
    pdf = Upload.objects.get(post=private_post, kind="file")
    image = Upload.objects.get(post=private_post, kind="image")
    client.force_login(member)
    html = client.get(reverse("post_detail", args=[private_post.pk])).content.decode()
    assert f'src="{image.thumbnail_url}"' in html
    assert f'href="{pdf.url}"' in html and "minutes.pdf" in html and "bytes" in html


def test_feed_with_attachments_runs_bounded_queries(
    client, owner, member, django_assert_max_num_queries
):
    for i in range(25):
        pdf = store_upload(uploader=owner, file=files.upload(f"f{i}.pdf", files.pdf()))
        image = store_upload(uploader=owner, file=files.upload(f"i{i}.png", files.png()))
        publish_post(author=owner, body=f"Files {i}", attachment_ids=[pdf.pk, image.pk])
    client.force_login(member)
    # The home feed's bound (tests/conversations/test_views.py) with one prefetch for files.
    with django_assert_max_num_queries(30):
        response = client.get("/")
    html = response.content.decode()
    assert html.count('class="post-card card') == 20
    assert html.count('class="attachment"') == 20


# --- The composer -------------------------------------------------------------------------


def _compose(client, group, **fields):
    data = {"kind": "update", "body": "Hello", "group": group.pk, "language": "", **fields}
    return client.post(reverse("compose"), data)


@pytest.fixture
def company_group(db):
    from townhall.groups.services import company_group

    return company_group()


def test_composer_posts_an_article_with_a_cover(client, owner, company_group):
    client.force_login(owner)
    response = _compose(
        client,
        company_group,
        kind="article",
        title="Our plan",
        body="Long text",
        cover=files.upload("cover.jpg", files.jpeg_with_exif()),
    )
    assert response.status_code == 302
    post = Post.objects.get(title="Our plan")
    assert post.cover is not None and post.cover.kind == "image"
    html = client.get(reverse("post_detail", args=[post.pk])).content.decode()
    assert f'class="post-card__cover" src="{post.cover.url}"' in html


def test_composer_posts_a_video_with_poster_and_transcript(client, owner, company_group):
    client.force_login(owner)
    response = _compose(
        client,
        company_group,
        kind="video",
        body="Town hall recording",
        video=files.upload("townhall.webm", files.webm()),
        poster=files.upload("poster.png", files.png()),
        transcript="Welcome all",
    )
    assert response.status_code == 302
    post = Post.objects.get(kind="video")
    assert post.video.content_type == "video/webm" and post.poster is not None
    assert post.transcript == "Welcome all"


def test_composer_attaches_several_files(client, owner, company_group):
    client.force_login(owner)
    response = _compose(
        client,
        company_group,
        attachments=[
            files.upload("a.pdf", files.pdf()),
            files.upload("b.docx", files.office()),
        ],
    )
    assert response.status_code == 302
    assert [u.name for u in Post.objects.get().attachments] == ["a.pdf", "b.docx"]


def test_composer_refuses_a_renamed_exe_next_to_the_field(client, owner, company_group, media_root):
    client.force_login(owner)
    response = _compose(
        client,
        company_group,
        attachments=[files.upload("a.pdf", files.pdf()), files.upload("bad.pdf", files.exe())],
    )
    assert response.status_code == 422
    form = response.context["composer"]
    assert "not accepted" in " ".join(form.errors["attachments"])
    assert "bad.pdf" in response.content.decode()
    assert not Post.objects.exists() and not Upload.objects.exists()
    assert files.stored_files(Path(media_root)) == []


def test_composer_video_without_poster_shows_the_error_and_stores_nothing(
    client, owner, company_group, media_root
):
    client.force_login(owner)
    response = _compose(
        client, company_group, kind="video", video=files.upload("v.mp4", files.mp4())
    )
    assert response.status_code == 422
    assert response.context["composer"].errors["poster"]
    assert not Upload.objects.exists() and files.stored_files(Path(media_root)) == []


def test_composer_with_good_file_but_no_text_stores_nothing(
    client, owner, company_group, media_root
):
    client.force_login(owner)
    response = _compose(
        client,
        company_group,
        kind="article",
        title="",
        body="Text",
        cover=files.upload("c.png", files.png()),
    )
    assert response.status_code == 422
    assert response.context["composer"].errors["title"]
    assert not Upload.objects.exists() and files.stored_files(Path(media_root)) == []


def test_composer_refuses_a_pdf_as_cover(client, owner, company_group):
    client.force_login(owner)
    response = _compose(
        client,
        company_group,
        kind="article",
        title="T",
        cover=files.upload("cover.png", files.pdf()),
    )
    assert response.status_code == 422
    assert "image" in " ".join(response.context["composer"].errors["cover"])


def test_composer_form_is_multipart_with_inputs_per_kind(client, owner):
    client.force_login(owner)
    html = client.get("/").content.decode()
    assert 'enctype="multipart/form-data"' in html
    for name in ("attachments", "cover", "video", "poster", "transcript"):
        assert f'name="{name}"' in html
    assert 'value="video"' in html
