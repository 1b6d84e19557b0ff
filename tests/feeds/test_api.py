from __future__ import annotations

import pytest

from tests.factories import PersonFactory
from townhall.conversations.services import (
    follow_topic,
    publish_post,
    share_post,
    toggle_bookmark,
    toggle_reaction,
)
from townhall.feeds.selectors import access_topic
from townhall.groups.services import create_group, decide_join_request, request_to_join
from townhall.people.selectors import encode_cursor
from townhall.people.services import create_access_token, set_roles

API = "/api/v1"


@pytest.fixture(autouse=True)
def _roomy_rate_limits(settings):
    settings.TOWNHALL_RATE_LIMITS = {
        **settings.TOWNHALL_RATE_LIMITS,
        "post": (1000, 3600),
        "reaction": (1000, 3600),
    }


def bearer(person) -> dict[str, str]:
    _token, raw = create_access_token(actor=person, name="tests")
    return {"Authorization": f"Bearer {raw}"}


def ids(client, path, person, **params) -> list[int]:
    response = client.get(API + path, params, headers=bearer(person))
    assert response.status_code == 200, response.content
    return [p["id"] for p in response.json()["items"]]


@pytest.fixture
def leader(db, company, admin):
    person = PersonFactory(first_name="Lea", last_name="Leader", primary_unit=company)
    return set_roles(actor=admin, person=person, roles=["leader"])


@pytest.fixture
def private_group(leader, member):
    group = create_group(actor=leader, name="Board room", visibility="private")
    decide_join_request(
        actor=leader, request=request_to_join(person=member, group=group), approve=True
    )
    return group


# --- Happy paths ---------------------------------------------------------------------------


def test_home_feed_has_company_posts_newest_first(client, owner, member):
    first = publish_post(author=owner, body="One")
    second = publish_post(author=member, body="Two")
    assert ids(client, "/feeds/home", member) == [second.pk, first.pk]


def test_home_feed_cards_carry_my_reaction_and_saved_state(client, owner, member):
    post = publish_post(author=owner, body="One #news")
    toggle_reaction(person=member, post=post, kind="insightful")
    toggle_bookmark(person=member, post=post)
    card = client.get(f"{API}/feeds/home", headers=bearer(member)).json()["items"][0]
    assert card["my_reaction"] == "insightful"
    assert card["reaction_counts"] == {"insightful": 1}
    assert card["is_saved"] is True and card["topics"] == ["news"]


def test_leaders_feed_has_only_leaders(client, leader, member):
    theirs = publish_post(author=leader, body="Strategy")
    publish_post(author=member, body="Lunch")
    assert ids(client, "/feeds/leaders", member) == [theirs.pk]


def test_saved_feed_has_my_bookmarks(client, owner, member):
    saved = publish_post(author=owner, body="Keep")
    publish_post(author=owner, body="Skip")
    toggle_bookmark(person=member, post=saved)
    assert ids(client, "/feeds/saved", member) == [saved.pk]


def test_questions_feed_has_unanswered_questions(client, owner, member):
    question = publish_post(author=owner, body="Why?", kind="question")
    publish_post(author=owner, body="Because")
    assert ids(client, "/feeds/questions", member) == [question.pk]


def test_pinned_feed_has_pinned_announcements(client, leader, member):
    pinned = publish_post(author=leader, body="Pin", kind="announcement", pinned=True)
    publish_post(author=leader, body="Not pinned", kind="announcement")
    response = client.get(f"{API}/feeds/pinned", headers=bearer(member))
    assert [p["id"] for p in response.json()] == [pinned.pk]


def test_group_posts(client, owner, member):
    group = create_group(actor=owner, name="Runners")
    inside = publish_post(author=owner, body="Run", group=group)
    publish_post(author=owner, body="Elsewhere")
    assert ids(client, f"/groups/{group.slug}/posts", member) == [inside.pk]


def test_topic_posts(client, owner, member):
    tagged = publish_post(author=owner, body="About #Security")
    publish_post(author=owner, body="Untagged")
    assert ids(client, "/topics/security/posts", member) == [tagged.pk]


def test_person_posts(client, owner, member):
    mine = publish_post(author=owner, body="Mine")
    publish_post(author=member, body="Theirs")
    assert ids(client, f"/people/{owner.pk}/posts", member) == [mine.pk]


def test_unknown_group_topic_or_person_is_404(client, owner):
    headers = bearer(owner)
    for path in ("/groups/nowhere/posts", "/topics/nothing/posts", "/people/999999/posts"):
        assert client.get(API + path, headers=headers).status_code == 404


def test_cursor_pages_walk_the_feed_without_duplicates(client, owner, member):
    posted = [publish_post(author=owner, body=f"p{i}").pk for i in range(11)]
    headers = bearer(member)
    seen, cursor = [], ""
    while True:
        body = client.get(
            f"{API}/feeds/home", {"limit": 4, "cursor": cursor}, headers=headers
        ).json()
        assert len(body["items"]) <= 4
        seen += [p["id"] for p in body["items"]]
        if body["next_cursor"] is None:
            break
        cursor = body["next_cursor"]
    assert seen == posted[::-1]


@pytest.mark.parametrize(
    "cursor", ["!!!", encode_cursor(["yesterday", 1]), encode_cursor([1, 2]), encode_cursor([1])]
)
def test_forged_cursor_is_422(client, owner, cursor):
    response = client.get(f"{API}/feeds/home", {"cursor": cursor}, headers=bearer(owner))
    assert response.status_code == 422
    assert "cursor" in response.json()["errors"]


# --- Outsiders never see private posts -----------------------------------------------------


def test_outsider_sees_no_private_post_in_any_feed(client, leader, member, outsider, private_group):
    question = publish_post(
        author=leader, body="Private #roadmap question?", group=private_group, kind="question"
    )
    pinned = publish_post(
        author=leader, body="Private pin", group=private_group, kind="announcement", pinned=True
    )
    follow_topic(follower=outsider, topic=access_topic("roadmap"))
    secret = {question.pk, pinned.pk}
    # The member sees them, so the lists below are not empty by accident.
    assert secret <= set(ids(client, "/feeds/home", member))
    for path in (
        "/feeds/home",
        "/feeds/leaders",
        "/feeds/questions",
        "/feeds/saved",
        f"/groups/{private_group.slug}/posts",
        "/topics/roadmap/posts",
        f"/people/{leader.pk}/posts",
    ):
        assert not secret & set(ids(client, path, outsider)), path
    pinned_cards = client.get(f"{API}/feeds/pinned", headers=bearer(outsider)).json()
    assert pinned.pk not in [p["id"] for p in pinned_cards]


def test_outsider_sees_no_private_post_through_a_share_in_an_open_group(
    client, leader, member, outsider, private_group
):
    original = publish_post(author=leader, body="Private", group=private_group)
    shared = share_post(person=member, post=original, group=create_group(actor=member, name="Open"))
    card = next(
        p
        for p in client.get(f"{API}/people/{member.pk}/posts", headers=bearer(outsider)).json()[
            "items"
        ]
        if p["id"] == shared.pk
    )
    assert card["shared_post_id"] is None


# --- Query bounds --------------------------------------------------------------------------

FEEDS = [
    "/feeds/home",
    "/feeds/leaders",
    "/feeds/saved",
    "/feeds/questions",
    "/groups/{group}/posts",
    "/topics/bench/posts",
    "/people/{leader}/posts",
]


@pytest.mark.parametrize("path", FEEDS)
def test_feed_runs_constant_queries(
    client, leader, member, owner, path, django_assert_max_num_queries
):
    group = create_group(actor=leader, name="Bench")
    original = publish_post(author=owner, body="Original")
    for i in range(30):
        post = publish_post(
            author=leader,
            body=f"Post {i} #bench #t{i} @{member.handle}?",
            group=group,
            kind="question",
        )
        toggle_reaction(person=member, post=post, kind="like")
        toggle_bookmark(person=member, post=post)
    share_post(person=leader, post=original, group=group)
    url = API + path.format(group=group.slug, leader=leader.pk)
    headers = bearer(member)
    client.get(url, headers=headers)  # marks the token as used
    with django_assert_max_num_queries(9):
        response = client.get(url, {"limit": 30}, headers=headers)
    assert len(response.json()["items"]) == 30


def test_pinned_feed_runs_constant_queries(client, leader, member, django_assert_max_num_queries):
    for i in range(30):
        publish_post(
            author=leader, body=f"Pin {i}", kind="announcement", pinned=True, must_read=True
        )
    headers = bearer(leader)
    client.get(f"{API}/feeds/pinned", headers=headers)
    with django_assert_max_num_queries(11):
        response = client.get(f"{API}/feeds/pinned", headers=headers)
    assert len(response.json()) == 5
