"""The leadership API: the same selectors, services and permissions as the pages."""

from __future__ import annotations

import pytest

from tests.factories import PersonFactory
from tests.leadership.conftest import call
from townhall.conversations.models import Post
from townhall.conversations.services import publish_post
from townhall.groups.services import company_group
from townhall.leadership.models import DraftPost, Nudge
from townhall.leadership.services import prepare_draft


@pytest.fixture
def draft(community_manager, leader):
    return prepare_draft(
        actor=community_manager, leader=leader, group=company_group(), body="For you to review"
    )


def test_leaders_are_listed_with_responsiveness(client, line, member):
    publish_post(author=member, body=f"@{line.ceo.handle} when is the next town hall?")
    response = call(client, "get", "/leaders", member)
    assert response.status_code == 200
    items = response.json()["items"]
    assert [i["leader"]["display_name"] for i in items] == ["Carla Ceo", "Hugo Head", "Lena Lead"]
    assert items[0]["responsiveness"] == {
        "median_first_reply_seconds": None,
        "answered_share": 0.0,
        "asked": 1,
        "answered": 0,
    }
    assert items[0]["level"] == 0 and items[0]["next_open_hour"] is None


def test_leaders_filter_by_unit(client, line, member):
    response = call(client, "get", f"/leaders?unit={line.units['nordics'].slug}", member)
    assert [i["leader"]["id"] for i in response.json()["items"]] == [line.lead.pk]


def test_an_unknown_unit_is_a_field_error(client, line, member):
    response = call(client, "get", "/leaders?unit=nowhere", member)
    assert response.status_code == 422 and "unit" in response.json()["errors"]


@pytest.mark.django_db
def test_leaders_list_takes_a_bounded_number_of_queries(
    client, company, member, django_assert_max_num_queries
):
    for _ in range(60):
        PersonFactory(roles=["leader"], primary_unit=company)
    call(client, "get", "/leaders", member)  # the token's first use records last_used_at
    with django_assert_max_num_queries(15):
        response = call(client, "get", "/leaders", member)
    assert len(response.json()["items"]) == 60


def test_follow_my_line(client, line):
    response = call(client, "post", "/leaders/follow-my-line", line.employee)
    assert response.status_code == 200 and response.json()["newly_followed"] == 3
    assert (
        call(client, "post", "/leaders/follow-my-line", line.employee).json()["newly_followed"] == 0
    )


def test_my_onboarding(client, leader):
    response = call(client, "get", "/leadership/onboarding", leader)
    body = response.json()
    assert response.status_code == 200
    assert (body["done_count"], body["total"]) == (1, 8)
    assert body["steps"][1] | {"done_at": None} == {
        "id": "unit_groups",
        "title": "Join your unit's groups",
        "why": "Your team's group is where your people already talk; be where they are.",
        "url": body["steps"][1]["url"],
        "done": True,
        "done_at": None,
    }


def test_members_have_no_onboarding(client, member):
    assert call(client, "get", "/leadership/onboarding", member).status_code == 403


def test_coaching_is_for_community_managers(client, community_manager, member, leader):
    assert call(client, "get", "/leadership/coaching", member).status_code == 403
    response = call(client, "get", "/leadership/coaching?sort=-activity", community_manager)
    assert response.status_code == 200
    assert response.json()["items"][0]["onboarding_total"] == 8


def test_coaching_rejects_an_unknown_sort(client, community_manager):
    response = call(client, "get", "/leadership/coaching?sort=shoe-size", community_manager)
    assert response.status_code == 422


def test_nudge_through_the_api(client, community_manager, leader):
    response = call(client, "post", f"/leaders/{leader.pk}/nudges", community_manager, {
        "message": "Your team asked about the reorg"
    })  # fmt: skip
    assert response.status_code == 201
    assert response.json()["message"] == "Your team asked about the reorg"


def test_a_second_nudge_the_same_day_is_429_and_writes_nothing(client, community_manager, leader):
    path = f"/leaders/{leader.pk}/nudges"
    call(client, "post", path, community_manager, {"message": "One"})
    response = call(client, "post", path, community_manager, {"message": "Two"})
    assert response.status_code == 429 and "24 hours" in response.json()["detail"]
    assert Nudge.objects.count() == 1


@pytest.mark.parametrize("payload", [{}, {"message": ""}, {"message": "x" * 501}, {"x": 1}])
def test_bad_nudges_are_422(client, community_manager, leader, payload):
    response = call(client, "post", f"/leaders/{leader.pk}/nudges", community_manager, payload)
    assert response.status_code == 422 and response.json()["errors"]
    assert not Nudge.objects.exists()


def test_members_cannot_nudge(client, member, leader):
    path = f"/leaders/{leader.pk}/nudges"
    assert call(client, "post", path, member, {"message": "Hi"}).status_code == 403


def test_create_edit_and_publish_a_draft(client, community_manager, leader):
    response = call(client, "post", "/leadership/drafts", community_manager, {
        "leader_id": leader.pk, "group": company_group().slug, "kind": "update",
        "body": "Welcome, new starters!",
    })  # fmt: skip
    assert response.status_code == 201, response.content
    draft_id = response.json()["id"]
    patched = call(
        client, "patch", f"/leadership/drafts/{draft_id}", leader, {"body": "Welcome aboard!"}
    )
    assert patched.status_code == 200 and patched.json()["body"] == "Welcome aboard!"
    published = call(client, "post", f"/leadership/drafts/{draft_id}/publish", leader)
    assert published.status_code == 200 and published.json()["status"] == "published"
    post = Post.objects.get(pk=published.json()["published_post_id"])
    assert post.author == leader and post.body == "Welcome aboard!"


def test_an_unknown_group_is_a_field_error(client, community_manager, leader):
    response = call(client, "post", "/leadership/drafts", community_manager, {
        "leader_id": leader.pk, "group": "no-such-group", "body": "Hi",
    })  # fmt: skip
    assert response.status_code == 422 and "group" in response.json()["errors"]
    assert not DraftPost.objects.exists()


def test_decline_a_draft(client, leader, draft):
    response = call(client, "post", f"/leadership/drafts/{draft.pk}/decline", leader)
    assert response.status_code == 200 and response.json()["status"] == "declined"


def test_the_preparer_reads_but_cannot_publish(client, community_manager, draft):
    assert (
        call(client, "get", f"/leadership/drafts/{draft.pk}", community_manager).status_code == 200
    )
    path = f"/leadership/drafts/{draft.pk}/publish"
    assert call(client, "post", path, community_manager).status_code == 403
    assert not Post.objects.exists()


@pytest.mark.parametrize("who", ["member", "owner", "outsider"])
def test_nobody_else_sees_a_draft_through_the_api(client, request, who, draft):
    person = request.getfixturevalue(who)
    assert call(client, "get", f"/leadership/drafts/{draft.pk}", person).status_code == 404
    assert (
        call(client, "patch", f"/leadership/drafts/{draft.pk}", person, {"body": "x"}).status_code
        == 404
    )
    assert call(client, "post", f"/leadership/drafts/{draft.pk}/publish", person).status_code == 404
    assert call(client, "get", "/leadership/drafts", person).json()["items"] == []


def test_the_leader_lists_their_drafts(client, leader, draft):
    items = call(client, "get", "/leadership/drafts", leader).json()["items"]
    assert [i["id"] for i in items] == [draft.pk]


def test_leadership_paths_are_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/leaders",
        "/api/v1/leaders/follow-my-line",
        "/api/v1/leadership/onboarding",
        "/api/v1/leadership/coaching",
        "/api/v1/leaders/{leader_id}/nudges",
        "/api/v1/leadership/drafts",
        "/api/v1/leadership/drafts/{draft_id}",
        "/api/v1/leadership/drafts/{draft_id}/publish",
        "/api/v1/leadership/drafts/{draft_id}/decline",
    ):
        assert path in paths


def test_anonymous_requests_are_401(client):
    assert client.get("/api/v1/leaders").status_code == 401


def test_latest_post_in_a_private_group_is_only_shown_to_its_members(
    client, owner, outsider, leader, private_group
):
    from townhall.groups.services import decide_join_request, request_to_join

    decide_join_request(
        actor=owner, request=request_to_join(person=leader, group=private_group), approve=True
    )
    publish_post(author=leader, body="Open news")
    publish_post(author=leader, body="Board-only news", group=private_group)

    def latest(person):
        items = call(client, "get", "/leaders", person).json()["items"]
        return next(i for i in items if i["leader"]["id"] == leader.pk)["latest_post"]["excerpt"]

    assert latest(owner) == "Board-only news"
    assert latest(outsider) == "Open news"
