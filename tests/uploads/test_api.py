"""The uploads API and the post endpoints' file fields, from the owner's and outsider's side."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.uploads import files
from townhall.conversations.services import publish_post
from townhall.people.services import create_access_token
from townhall.uploads.models import Upload
from townhall.uploads.services import store_upload

API = "/api/v1"


def bearer(person) -> dict[str, str]:
    _token, raw = create_access_token(actor=person, name="tests")
    return {"Authorization": f"Bearer {raw}"}


def upload_via_api(client, person, name, data):
    return client.post(f"{API}/uploads", {"file": files.upload(name, data)}, headers=bearer(person))


def post_json(client, person, path, payload, method="post"):
    return getattr(client, method)(
        API + path, payload, content_type="application/json", headers=bearer(person)
    )


def test_upload_returns_what_was_stored(client, owner):
    response = upload_via_api(client, owner, "Q3 report.pdf", files.pdf())
    assert response.status_code == 201, response.content
    body = response.json()
    upload = Upload.objects.get()
    assert body == {
        "id": upload.pk,
        "kind": "file",
        "name": "Q3 report.pdf",
        "size": len(files.pdf()),
        "content_type": "application/pdf",
        "url": f"/files/{upload.pk}/",
        "thumbnail_url": None,
        "width": None,
        "height": None,
    }


def test_refused_upload_is_a_422_field_error_and_stores_nothing(client, owner, media_root):
    response = upload_via_api(client, owner, "evil.png", files.html())
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] and "not accepted" in body["errors"]["file"][0]
    assert not Upload.objects.exists() and files.stored_files(Path(media_root)) == []


def test_upload_without_a_file_is_422(client, owner):
    response = client.post(f"{API}/uploads", {}, headers=bearer(owner))
    assert response.status_code == 422
    assert "file" in response.json()["errors"]


def test_upload_needs_authentication(client):
    response = client.post(f"{API}/uploads", {"file": files.upload("a.pdf", files.pdf())})
    assert response.status_code == 401


def test_upload_then_attach_to_a_new_post(client, owner):
    pdf = upload_via_api(client, owner, "a.pdf", files.pdf()).json()
    image = upload_via_api(client, owner, "b.png", files.png()).json()
    response = post_json(
        client, owner, "/posts", {"body": "With files", "attachment_ids": [pdf["id"], image["id"]]}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert [a["id"] for a in body["attachments"]] == [pdf["id"], image["id"]]
    assert body["attachments"][1]["thumbnail_url"] == f"/files/{image['id']}/thumbnail/"
    assert body["cover"] is None and body["video"] is None


def test_video_post_through_the_api(client, owner):
    video = upload_via_api(client, owner, "v.mp4", files.mp4()).json()
    poster = upload_via_api(client, owner, "p.png", files.png()).json()
    response = post_json(
        client,
        owner,
        "/posts",
        {
            "kind": "video",
            "body": "Watch",
            "video_id": video["id"],
            "poster_id": poster["id"],
            "transcript": "Words",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["video"]["content_type"] == "video/mp4"
    assert body["poster"]["id"] == poster["id"] and body["transcript"] == "Words"


def test_article_cover_through_the_api_and_removed_by_patch(client, owner):
    cover = upload_via_api(client, owner, "c.png", files.png()).json()
    created = post_json(
        client,
        owner,
        "/posts",
        {"kind": "article", "title": "T", "body": "B", "cover_id": cover["id"]},
    ).json()
    assert created["cover"]["id"] == cover["id"]
    patched = post_json(
        client, owner, f"/posts/{created['id']}", {"cover_id": None}, method="patch"
    )
    assert patched.status_code == 200 and patched.json()["cover"] is None
    assert not Upload.objects.filter(pk=cover["id"]).exists()


def test_patch_without_file_fields_keeps_the_files(client, owner):
    pdf = upload_via_api(client, owner, "a.pdf", files.pdf()).json()
    created = post_json(client, owner, "/posts", {"body": "v1", "attachment_ids": [pdf["id"]]})
    patched = post_json(
        client, owner, f"/posts/{created.json()['id']}", {"body": "v2"}, method="patch"
    )
    assert [a["id"] for a in patched.json()["attachments"]] == [pdf["id"]]


def test_cannot_attach_another_persons_upload(client, owner, member):
    theirs = upload_via_api(client, member, "a.pdf", files.pdf()).json()
    response = post_json(client, owner, "/posts", {"body": "x", "attachment_ids": [theirs["id"]]})
    assert response.status_code == 422
    assert "attachment_ids" in response.json()["errors"]


def test_unknown_upload_id_is_a_field_error(client, owner):
    response = post_json(
        client, owner, "/posts", {"body": "x", "cover_id": 999999, "kind": "article", "title": "T"}
    )
    assert response.status_code == 422
    assert "cover_id" in response.json()["errors"]


def test_video_post_without_poster_is_a_field_error(client, owner):
    video = upload_via_api(client, owner, "v.webm", files.webm()).json()
    response = post_json(
        client, owner, "/posts", {"kind": "video", "body": "x", "video_id": video["id"]}
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"poster_id"}


@pytest.mark.parametrize("field", ["video_id", "poster_id"])
def test_video_fields_on_an_update_are_refused(client, owner, field):
    upload = upload_via_api(client, owner, "p.png", files.png()).json()
    response = post_json(client, owner, "/posts", {"body": "x", field: upload["id"]})
    assert response.status_code == 422 and field in response.json()["errors"]


def test_outsider_gets_404_for_private_post_and_its_files(client, owner, outsider, private_group):
    pdf = store_upload(uploader=owner, file=files.upload("a.pdf", files.pdf()))
    post = publish_post(author=owner, body="Board", group=private_group, attachment_ids=[pdf.pk])
    assert client.get(f"{API}/posts/{post.pk}", headers=bearer(outsider)).status_code == 404
    client.force_login(outsider)
    assert client.get(pdf.url).status_code == 404


def test_member_sees_private_post_files_in_the_api(client, owner, member, private_group):
    pdf = store_upload(uploader=owner, file=files.upload("a.pdf", files.pdf()))
    post = publish_post(author=owner, body="Board", group=private_group, attachment_ids=[pdf.pk])
    body = client.get(f"{API}/posts/{post.pk}", headers=bearer(member)).json()
    assert body["attachments"][0]["url"] == pdf.url


def test_api_feed_with_attachments_runs_constant_queries(
    client, owner, member, django_assert_max_num_queries
):
    for i in range(30):
        pdf = store_upload(uploader=owner, file=files.upload(f"{i}.pdf", files.pdf()))
        publish_post(author=owner, body=f"Post {i}", attachment_ids=[pdf.pk])
    headers = bearer(member)
    client.get(f"{API}/feeds/home", headers=headers)  # marks the token as used
    # tests/feeds/test_api.py bounds feeds at 9; the files' prefetch adds one.
    with django_assert_max_num_queries(10):
        response = client.get(f"{API}/feeds/home", {"limit": 30}, headers=headers)
    items = response.json()["items"]
    assert len(items) == 30 and all(len(i["attachments"]) == 1 for i in items)
