"""The SSE endpoint through the real services: who receives which event, and replay."""

from __future__ import annotations

import json
import warnings

import pytest
from django.db import transaction
from django.test import Client

from townhall.conversations.services import add_comment, publish_post, toggle_reaction
from townhall.live import services as live
from townhall.live.broker import get_broker


def _baseline() -> int:
    """An event id to replay after, so earlier tests' events never leak into this one."""
    return get_broker().publish("test:baseline", "noop", {}).id


def _read(response) -> str:
    # The sync test client drains the async stream, which ends after TOWNHALL_LIVE_STREAM_SECONDS.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return b"".join(response).decode()


def _events(client: Client, after: int, posts: str = "") -> list[tuple[str, dict[str, object]]]:
    url = "/live/events" + (f"?posts={posts}" if posts else "")
    response = client.get(url, HTTP_LAST_EVENT_ID=str(after))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/event-stream"
    text = _read(response)
    out = []
    for block in text.split("\n\n"):
        fields = dict(
            line.split(": ", 1) for line in block.splitlines() if ": " in line and line[0] != ":"
        )
        if "event" in fields and fields["event"] != "ready":
            out.append((fields["event"], json.loads(fields["data"])))
    return out


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


@pytest.mark.django_db(transaction=True)
def test_signed_out_visitor_cannot_open_the_stream():
    response = Client().get("/live/events")
    assert response.status_code in (302, 401)


@pytest.mark.django_db(transaction=True)
def test_company_post_reaches_every_signed_in_person(owner, outsider):
    after = _baseline()
    post = publish_post(author=owner, body="Hello all")
    events = _events(_client(outsider), after)
    assert ("post", {"post_id": post.pk, "group_id": post.group_id, "author_id": owner.pk}) in (
        events
    )


@pytest.mark.django_db(transaction=True)
def test_private_group_post_reaches_member(owner, member, private_group):
    after = _baseline()
    post = publish_post(author=owner, body="Board only", group=private_group)
    events = _events(_client(member), after)
    assert [data["post_id"] for kind, data in events if kind == "post"] == [post.pk]


@pytest.mark.django_db(transaction=True)
def test_private_group_post_never_reaches_outsider(owner, outsider, private_group):
    after = _baseline()
    publish_post(author=owner, body="Board only", group=private_group)
    assert [kind for kind, _data in _events(_client(outsider), after)] == []


@pytest.mark.django_db(transaction=True)
def test_event_carries_ids_not_content(owner, member, private_group):
    after = _baseline()
    publish_post(author=owner, body="Quarterly numbers inside", group=private_group)
    response = _client(member).get("/live/events", HTTP_LAST_EVENT_ID=str(after))
    text = _read(response)
    assert "Quarterly" not in text


@pytest.mark.django_db(transaction=True)
def test_replay_starts_after_last_event_id(owner, member):
    first = publish_post(author=owner, body="first")
    after = _baseline()
    second = publish_post(author=owner, body="second")
    ids = [data["post_id"] for kind, data in _events(_client(member), after) if kind == "post"]
    assert ids == [second.pk]
    assert first.pk not in ids


@pytest.mark.django_db(transaction=True)
def test_comment_and_reaction_counts_reach_viewers_of_the_post(owner, member):
    post = publish_post(author=owner, body="Counting")
    after = _baseline()
    add_comment(author=member, post=post, body="Nice")
    toggle_reaction(person=member, post=post)
    counts = [
        d for kind, d in _events(_client(owner), after, posts=str(post.pk)) if kind == "counts"
    ]
    assert counts[-1] == {"post_id": post.pk, "comments": 1, "reactions": 1}


@pytest.mark.django_db(transaction=True)
def test_taking_a_reaction_back_lowers_the_count_live(owner, member):
    post = publish_post(author=owner, body="Counting down")
    toggle_reaction(person=member, post=post)
    after = _baseline()
    toggle_reaction(person=member, post=post)  # the same kind again removes it
    counts = [
        d for kind, d in _events(_client(owner), after, posts=str(post.pk)) if kind == "counts"
    ]
    assert counts == [{"post_id": post.pk, "comments": 0, "reactions": 0}]


@pytest.mark.django_db(transaction=True)
def test_counts_of_a_private_post_never_reach_outsider(owner, member, outsider, private_group):
    post = publish_post(author=owner, body="Board", group=private_group)
    after = _baseline()
    add_comment(author=member, post=post, body="Agreed")
    assert _events(_client(outsider), after, posts=str(post.pk)) == []


@pytest.mark.django_db(transaction=True)
def test_person_event_reaches_only_that_person(owner, member):
    after = _baseline()
    live.publish_to_person(member.pk, "bell", {"unread": 3})
    assert ("bell", {"unread": 3}) in _events(_client(member), after)
    assert _events(_client(owner), after) == []


@pytest.mark.django_db(transaction=True)
def test_rolled_back_post_sends_nothing(owner, member):
    after = _baseline()
    with pytest.raises(RuntimeError), transaction.atomic():
        publish_post(author=owner, body="never mind")
        raise RuntimeError
    assert _events(_client(member), after) == []


@pytest.mark.django_db(transaction=True)
def test_deleted_post_is_not_replayed(owner, member):
    from townhall.conversations.services import delete_post

    after = _baseline()
    post = publish_post(author=owner, body="oops")
    delete_post(actor=owner, post=post)
    assert _events(_client(member), after) == []


@pytest.mark.django_db(transaction=True)
def test_stream_setup_query_count_is_bounded(owner, member, django_assert_max_num_queries):
    posts = [publish_post(author=owner, body=f"p{i}") for i in range(5)]
    after = _baseline()
    publish_post(author=owner, body="new")
    ids = ",".join(str(p.pk) for p in posts)
    client = _client(member)
    with django_assert_max_num_queries(8):
        _events(client, after, posts=ids)


@pytest.mark.django_db(transaction=True)
def test_new_posts_banner_is_translated_fragment(member):
    response = _client(member).get("/live/new-posts?count=3")
    assert response.status_code == 200
    assert b"3 new posts" in response.content


@pytest.mark.django_db(transaction=True)
def test_new_posts_banner_ignores_bad_count(outsider):
    response = _client(outsider).get("/live/new-posts?count=abc")
    assert response.status_code == 200
    assert b"1 new post" in response.content
