from __future__ import annotations

import pytest

from tests.factories import PersonFactory
from townhall.conversations.models import (
    Acknowledgement,
    Bookmark,
    Comment,
    Follow,
    Post,
    PostView,
    Reaction,
    Topic,
)
from townhall.conversations.services import (
    add_comment,
    edit_comment,
    follow_person,
    publish_post,
)
from townhall.groups.services import (
    answer_group_invitation,
    create_group,
    decide_join_request,
    invite_to_group,
    request_to_join,
)
from townhall.people.services import create_access_token

API = "/api/v1"


def bearer(person) -> dict[str, str]:
    _token, raw = create_access_token(actor=person, name="tests")
    return {"Authorization": f"Bearer {raw}"}


def call(client, method, path, person, payload=None):
    kwargs = {"content_type": "application/json"} if payload is not None else {}
    return getattr(client, method)(API + path, payload, headers=bearer(person), **kwargs)


def assert_error_shape(response, status: int) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["errors"], dict)
    return body


@pytest.fixture
def leader(db, company):
    return PersonFactory(
        first_name="Lea", last_name="Leader", roles=["leader"], primary_unit=company
    )


@pytest.fixture
def private_group(owner, member):
    group = create_group(actor=owner, name="Board room", visibility="private")
    decide_join_request(
        actor=owner, request=request_to_join(person=member, group=group), approve=True
    )
    return group


@pytest.fixture
def secret_group(owner, member):
    group = create_group(actor=owner, name="Skunkworks", visibility="secret")
    invitation = invite_to_group(actor=owner, group=group, person=member)
    answer_group_invitation(person=member, invitation=invitation, accept=True)
    return group


@pytest.fixture
def private_post(owner, private_group):
    return publish_post(
        author=owner, body="Quarterly #secretplans, ask me?", group=private_group, kind="question"
    )


# --- Posts ---------------------------------------------------------------------------------


def test_create_post_returns_the_card_in_the_company_group(client, owner):
    response = call(client, "post", "/posts", owner, {"body": "Hello **all** #Launch"})
    assert response.status_code == 201
    card = response.json()
    assert card["group"]["slug"] and card["author"]["id"] == owner.pk
    assert "<strong>all</strong>" in card["body_html"]
    assert card["topics"] == ["launch"]
    assert card["my_reaction"] is None and card["is_saved"] is False
    assert Post.objects.get(pk=card["id"]).group.is_company


def test_create_post_in_a_group_by_slug(client, owner, private_group):
    response = call(client, "post", "/posts", owner, {"body": "Hi", "group": private_group.slug})
    assert response.json()["group"]["slug"] == private_group.slug


def test_create_post_in_unknown_group_is_a_field_error(client, owner):
    response = call(client, "post", "/posts", owner, {"body": "Hi", "group": "nowhere"})
    assert "group" in assert_error_shape(response, 422)["errors"]
    assert not Post.objects.exists()


def test_outsider_cannot_post_in_a_private_group(client, outsider, private_group):
    response = call(client, "post", "/posts", outsider, {"body": "Hi", "group": private_group.slug})
    assert_error_shape(response, 403)


def test_member_cannot_announce(client, member):
    response = call(client, "post", "/posts", member, {"body": "Hear ye", "kind": "announcement"})
    assert "kind" in assert_error_shape(response, 422)["errors"]


def test_leader_publishes_a_pinned_must_read_announcement(client, leader):
    response = call(
        client,
        "post",
        "/posts",
        leader,
        {"body": "Read this", "kind": "announcement", "pinned": True, "must_read": True},
    )
    assert response.status_code == 201
    assert response.json()["pinned"] and response.json()["must_read"]


def test_empty_body_is_a_field_error(client, owner):
    response = call(client, "post", "/posts", owner, {"body": "   "})
    assert "body" in assert_error_shape(response, 422)["errors"]


def test_posting_too_often_is_429_with_the_services_message(client, owner, settings):
    settings.TOWNHALL_RATE_LIMITS = {**settings.TOWNHALL_RATE_LIMITS, "post": (1, 3600)}
    headers = bearer(owner)
    first = client.post(
        f"{API}/posts", {"body": "one"}, content_type="application/json", headers=headers
    )
    assert first.status_code == 201
    second = client.post(
        f"{API}/posts", {"body": "two"}, content_type="application/json", headers=headers
    )
    body = assert_error_shape(second, 429)
    # The service's gettext message, translated once the catalogs have it.
    assert body["detail"] == "You are doing that too often. Please wait a moment and try again."
    assert Post.objects.count() == 1


def test_get_post_records_one_view_per_person(client, owner, member):
    post = publish_post(author=owner, body="Hello")
    headers = bearer(member)
    first = client.get(f"{API}/posts/{post.pk}", headers=headers).json()
    client.get(f"{API}/posts/{post.pk}", headers=headers)
    assert first["view_count"] == 1
    assert PostView.objects.filter(post=post).count() == 1


def test_patch_post_changes_only_the_fields_sent(client, owner):
    post = publish_post(author=owner, body="Old text", title="Title")
    response = call(client, "patch", f"/posts/{post.pk}", owner, {"body": "New #text"})
    assert response.status_code == 200
    assert response.json()["topics"] == ["text"]
    post.refresh_from_db()
    assert post.body == "New #text" and post.title == "Title" and post.edited_at


def test_patching_someone_elses_post_is_403(client, owner, member):
    post = publish_post(author=owner, body="Mine")
    assert_error_shape(call(client, "patch", f"/posts/{post.pk}", member, {"body": "x"}), 403)
    post.refresh_from_db()
    assert post.body == "Mine"


def test_delete_post_then_it_is_gone(client, owner):
    post = publish_post(author=owner, body="Bye")
    assert call(client, "delete", f"/posts/{post.pk}", owner).status_code == 204
    assert_error_shape(call(client, "get", f"/posts/{post.pk}", owner), 404)


def test_member_cannot_delete_someone_elses_post(client, owner, member):
    post = publish_post(author=owner, body="Stay")
    assert_error_shape(call(client, "delete", f"/posts/{post.pk}", member), 403)


def test_share_a_post_into_a_group(client, owner, member, private_group):
    post = publish_post(author=owner, body="Original")
    response = call(
        client,
        "post",
        f"/posts/{post.pk}/share",
        member,
        {"group": private_group.slug, "comment": "Look"},
    )
    assert response.status_code == 201
    assert response.json()["shared_post_id"] == post.pk
    assert response.json()["group"]["slug"] == private_group.slug


def test_share_of_a_private_post_hides_the_original_from_outsiders(
    client, member, outsider, private_post
):
    shared = call(client, "post", f"/posts/{private_post.pk}/share", member, {"comment": "FYI"})
    shared_id = shared.json()["id"]
    seen = call(client, "get", f"/posts/{shared_id}", outsider).json()
    assert seen["shared_post_id"] is None


# --- Reactions, bookmarks, receipts, answers -----------------------------------------------


def test_reaction_toggles_and_reports_counts(client, owner, member):
    post = publish_post(author=owner, body="React")
    on = call(client, "put", f"/posts/{post.pk}/reaction", member, {"kind": "celebrate"}).json()
    assert on == {"kind": "celebrate", "reaction_count": 1, "counts": {"celebrate": 1}}
    off = call(client, "put", f"/posts/{post.pk}/reaction", member, {"kind": "celebrate"}).json()
    assert off == {"kind": None, "reaction_count": 0, "counts": {}}


def test_reactions_from_two_tabs_leave_one_row(client, owner, member):
    post = publish_post(author=owner, body="React")
    tab_one, tab_two = bearer(member), bearer(member)
    for headers, kind in ((tab_one, "like"), (tab_two, "support")):
        client.put(
            f"{API}/posts/{post.pk}/reaction",
            {"kind": kind},
            content_type="application/json",
            headers=headers,
        )
    assert list(Reaction.objects.filter(post=post).values_list("kind", flat=True)) == ["support"]
    post.refresh_from_db()
    assert post.reaction_count == 1


def test_unknown_reaction_kind_is_422(client, owner):
    post = publish_post(author=owner, body="React")
    response = call(client, "put", f"/posts/{post.pk}/reaction", owner, {"kind": "angry"})
    assert "kind" in assert_error_shape(response, 422)["errors"]


def test_bookmark_save_and_unsave_are_idempotent(client, owner, member):
    post = publish_post(author=owner, body="Keep")
    for _ in range(2):
        assert call(client, "post", f"/posts/{post.pk}/bookmark", member).json() == {"saved": True}
    assert Bookmark.objects.filter(person=member, post=post).count() == 1
    for _ in range(2):
        response = call(client, "delete", f"/posts/{post.pk}/bookmark", member)
        assert response.json() == {"saved": False}
    assert not Bookmark.objects.exists()


def test_acknowledge_a_must_read_and_the_author_sees_the_count(client, leader, member):
    post = publish_post(author=leader, body="Policy", kind="announcement", must_read=True)
    assert call(client, "post", f"/posts/{post.pk}/acknowledge", member).status_code == 204
    assert call(client, "post", f"/posts/{post.pk}/acknowledge", member).status_code == 204
    assert Acknowledgement.objects.filter(post=post).count() == 1
    body = call(client, "get", f"/posts/{post.pk}/acknowledgements", leader).json()
    assert body["count"] == 1 and body["must_read"] is True
    card = call(client, "get", f"/posts/{post.pk}", member).json()
    assert card["acknowledged"] is True


def test_members_cannot_see_acknowledgement_counts(client, leader, member):
    post = publish_post(author=leader, body="Policy", kind="announcement", must_read=True)
    assert_error_shape(call(client, "get", f"/posts/{post.pk}/acknowledgements", member), 403)


def test_acknowledging_an_ordinary_post_is_403(client, owner, member):
    post = publish_post(author=owner, body="Nothing to sign")
    assert_error_shape(call(client, "post", f"/posts/{post.pk}/acknowledge", member), 403)


def test_question_author_accepts_and_clears_an_answer(client, owner, member):
    post = publish_post(author=owner, body="How?", kind="question")
    answer = add_comment(author=member, post=post, body="Like this")
    path = f"/posts/{post.pk}/accepted-answer"
    accepted = call(client, "put", path, owner, {"comment_id": answer.pk}).json()
    assert accepted["accepted_comment_id"] == answer.pk
    cleared = call(client, "put", path, owner, {"comment_id": None}).json()
    assert cleared["accepted_comment_id"] is None


def test_accepting_a_comment_from_another_post_is_a_field_error(client, owner, member):
    post = publish_post(author=owner, body="How?", kind="question")
    other = add_comment(author=member, post=publish_post(author=owner, body="x"), body="y")
    response = call(
        client, "put", f"/posts/{post.pk}/accepted-answer", owner, {"comment_id": other.pk}
    )
    assert "comment_id" in assert_error_shape(response, 422)["errors"]


def test_only_the_question_author_accepts_answers(client, owner, member):
    post = publish_post(author=owner, body="How?", kind="question")
    answer = add_comment(author=member, post=post, body="Like this")
    response = call(
        client, "put", f"/posts/{post.pk}/accepted-answer", member, {"comment_id": answer.pk}
    )
    assert_error_shape(response, 403)


# --- Comments ------------------------------------------------------------------------------


def test_comments_are_threaded(client, owner, member):
    post = publish_post(author=owner, body="Talk")
    top = add_comment(author=member, post=post, body="First")
    add_comment(author=owner, post=post, body="Reply", parent=top)
    body = call(client, "get", f"/posts/{post.pk}/comments", member).json()
    assert [c["body"] for c in body["items"]] == ["First"]
    assert [r["body"] for r in body["items"][0]["replies"]] == ["Reply"]
    assert body["next_cursor"] is None


def test_comment_pages_walk_every_thread_once(client, owner, member):
    post = publish_post(author=owner, body="Talk")
    for i in range(7):
        add_comment(author=member, post=post, body=f"c{i}")
    seen, cursor = [], ""
    while True:
        body = call(client, "get", f"/posts/{post.pk}/comments?limit=3&cursor={cursor}", owner)
        page = body.json()
        seen += [c["body"] for c in page["items"]]
        if page["next_cursor"] is None:
            break
        cursor = page["next_cursor"]
    assert seen == [f"c{i}" for i in range(7)]


def test_post_a_comment_and_a_reply(client, owner, member):
    post = publish_post(author=owner, body="Talk")
    top = call(client, "post", f"/posts/{post.pk}/comments", member, {"body": "Hi @x"})
    assert top.status_code == 201
    reply = call(
        client,
        "post",
        f"/posts/{post.pk}/comments",
        owner,
        {"body": "Hello", "parent_id": top.json()["id"]},
    )
    assert reply.json()["parent_id"] == top.json()["id"]
    post.refresh_from_db()
    assert post.comment_count == 2


def test_reply_to_a_comment_of_another_post_is_a_field_error(client, owner, member):
    post = publish_post(author=owner, body="Talk")
    elsewhere = add_comment(author=member, post=publish_post(author=owner, body="x"), body="y")
    response = call(
        client,
        "post",
        f"/posts/{post.pk}/comments",
        member,
        {"body": "Hi", "parent_id": elsewhere.pk},
    )
    assert "parent_id" in assert_error_shape(response, 422)["errors"]


def test_edit_and_delete_own_comment(client, owner, member):
    comment = add_comment(author=member, post=publish_post(author=owner, body="t"), body="Tpyo")
    edited = call(client, "patch", f"/comments/{comment.pk}", member, {"body": "Typo"})
    assert edited.json()["body"] == "Typo" and edited.json()["edited_at"]
    assert call(client, "delete", f"/comments/{comment.pk}", member).status_code == 204
    comment.refresh_from_db()
    assert comment.deleted_at is not None


def test_cannot_edit_someone_elses_comment(client, owner, member):
    comment = add_comment(author=member, post=publish_post(author=owner, body="t"), body="Mine")
    assert_error_shape(call(client, "patch", f"/comments/{comment.pk}", owner, {"body": "x"}), 403)
    assert Comment.objects.get(pk=comment.pk).body == "Mine"


def test_moderators_read_comment_history(client, owner, member, community_manager):
    comment = add_comment(author=member, post=publish_post(author=owner, body="t"), body="v1")
    edit_comment(actor=member, comment=comment, body="v2")
    body = call(client, "get", f"/comments/{comment.pk}/history", community_manager).json()
    assert [r["body"] for r in body["items"]] == ["v1"]


def test_members_cannot_read_comment_history(client, owner, member):
    comment = add_comment(author=member, post=publish_post(author=owner, body="t"), body="v1")
    assert_error_shape(call(client, "get", f"/comments/{comment.pk}/history", member), 403)


# --- Outsiders and private posts -----------------------------------------------------------

PRIVATE_POST_CALLS = [
    ("get", "/posts/{post}", None),
    ("patch", "/posts/{post}", {"body": "x"}),
    ("delete", "/posts/{post}", None),
    ("post", "/posts/{post}/share", {"comment": "x"}),
    ("put", "/posts/{post}/reaction", {"kind": "like"}),
    ("post", "/posts/{post}/bookmark", None),
    ("delete", "/posts/{post}/bookmark", None),
    ("post", "/posts/{post}/acknowledge", None),
    ("get", "/posts/{post}/acknowledgements", None),
    ("put", "/posts/{post}/accepted-answer", {"comment_id": None}),
    ("get", "/posts/{post}/comments", None),
    ("post", "/posts/{post}/comments", {"body": "x"}),
    ("patch", "/comments/{comment}", {"body": "x"}),
    ("delete", "/comments/{comment}", None),
    ("get", "/comments/{comment}/history", None),
]


@pytest.mark.parametrize(("method", "path", "payload"), PRIVATE_POST_CALLS)
def test_outsider_gets_404_for_every_private_post_endpoint(
    client, owner, outsider, private_post, method, path, payload
):
    comment = add_comment(author=owner, post=private_post, body="inside")
    url = path.format(post=private_post.pk, comment=comment.pk)
    body = assert_error_shape(call(client, method, url, outsider, payload), 404)
    assert "secretplans" not in str(body)
    assert not Reaction.objects.exists() and not Bookmark.objects.exists()
    assert Post.objects.count() == 1 and Comment.objects.count() == 1


def test_admin_of_another_group_cannot_see_a_private_post(client, admin, private_post):
    # Site admins moderate, but reading a private group is for its members.
    assert_error_shape(call(client, "get", f"/posts/{private_post.pk}", admin), 404)


# --- Follows -------------------------------------------------------------------------------


def test_follow_and_unfollow_a_person_group_and_topic(client, owner, member, private_group):
    publish_post(author=owner, body="#Hiring now")
    open_group = create_group(actor=owner, name="Runners")
    paths = [
        f"/people/{owner.pk}/follow",
        f"/groups/{open_group.slug}/follow",
        "/topics/hiring/follow",
    ]
    for path in paths:
        for _ in range(2):  # idempotent
            assert call(client, "put", path, member).status_code == 204
    assert Follow.objects.filter(follower=member).count() == 3
    listed = call(client, "get", "/me/follows", member).json()
    assert [f["kind"] for f in listed["items"]] == ["topic", "group", "person"]
    assert listed["items"][0]["topic"]["slug"] == "hiring"
    for path in paths:
        assert call(client, "delete", path, member).status_code == 204
    assert not Follow.objects.exists()


def test_following_yourself_is_422(client, owner):
    assert_error_shape(call(client, "put", f"/people/{owner.pk}/follow", owner), 422)


def test_outsider_cannot_follow_a_private_group(client, outsider, private_group):
    assert_error_shape(call(client, "put", f"/groups/{private_group.slug}/follow", outsider), 403)


def test_secret_group_and_unknown_topic_are_404(client, outsider, secret_group):
    assert_error_shape(call(client, "put", f"/groups/{secret_group.slug}/follow", outsider), 404)
    assert_error_shape(call(client, "put", "/topics/nothing/follow", outsider), 404)


# --- Mentions ------------------------------------------------------------------------------


def test_comment_list_runs_constant_queries(client, owner, member, django_assert_max_num_queries):
    post = publish_post(author=owner, body="Talk")
    for i in range(30):
        top = add_comment(author=PersonFactory(), post=post, body=f"c{i}")
        add_comment(author=member, post=post, body="r", parent=top)
    headers = bearer(owner)
    client.get(f"{API}/posts/{post.pk}/comments", headers=headers)
    with django_assert_max_num_queries(6):
        body = client.get(f"{API}/posts/{post.pk}/comments?limit=30", headers=headers).json()
    assert len(body["items"]) == 30


def test_comment_history_runs_constant_queries(
    client, owner, member, admin, django_assert_max_num_queries
):
    comment = add_comment(author=member, post=publish_post(author=owner, body="t"), body="v")
    for i in range(30):
        edit_comment(actor=member, comment=comment, body=f"v{i}")
    headers = bearer(admin)
    client.get(f"{API}/comments/{comment.pk}/history", headers=headers)
    with django_assert_max_num_queries(6):
        body = client.get(f"{API}/comments/{comment.pk}/history?limit=30", headers=headers).json()
    assert len(body["items"]) == 30


def test_my_follows_runs_constant_queries(client, owner, company, django_assert_max_num_queries):
    for i in range(10):
        follow_person(follower=owner, person=PersonFactory(primary_unit=company))
        create_group(actor=PersonFactory(), name=f"G{i}")
    headers = bearer(owner)
    for i in range(10):
        call(client, "put", f"/groups/g{i}/follow", owner)
        publish_post(author=owner, body=f"#t{i}")
        call(client, "put", f"/topics/t{i}/follow", owner)
    client.get(f"{API}/me/follows", headers=headers)
    with django_assert_max_num_queries(5):
        body = client.get(f"{API}/me/follows?limit=30", headers=headers).json()
    assert len(body["items"]) == 30
    assert Topic.objects.count() == 10
