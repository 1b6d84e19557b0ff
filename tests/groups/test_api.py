from __future__ import annotations

import pytest

from tests.factories import PersonFactory
from townhall.groups.models import Group, GroupInvitation, JoinRequest, Membership
from townhall.groups.services import (
    answer_group_invitation,
    company_group,
    create_group,
    invite_to_group,
    join_group,
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
def open_group(owner):
    return create_group(actor=owner, name="Runners")


@pytest.fixture
def private_group(owner):
    return create_group(actor=owner, name="Board room", visibility="private")


@pytest.fixture
def secret_group(owner, member):
    group = create_group(actor=owner, name="Skunkworks", visibility="secret")
    invitation = invite_to_group(actor=owner, group=group, person=member)
    answer_group_invitation(person=member, invitation=invitation, accept=True)
    return group


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [g["slug"] for g in response.json()["items"]]


def test_group_list_shows_visible_groups_by_name(
    client, outsider, open_group, private_group, secret_group
):
    listed = slugs(call(client, "get", "/groups", outsider))
    assert {private_group.slug, open_group.slug} <= set(listed)
    assert secret_group.slug not in listed
    assert listed == sorted(listed, key=lambda s: Group.objects.get(slug=s).name)


def test_secret_group_is_listed_for_its_members(client, member, secret_group):
    assert secret_group.slug in slugs(call(client, "get", "/groups", member))


def test_mine_lists_only_my_groups(client, member, open_group, secret_group):
    company = company_group()
    mine = slugs(call(client, "get", "/groups?mine=true", member))
    assert {secret_group.slug, company.slug} <= set(mine)
    assert open_group.slug not in mine


def test_group_list_pages_walk_every_group_once(client, owner):
    for i in range(7):
        create_group(actor=owner, name=f"Group {i}")
    seen, cursor = [], ""
    headers = bearer(owner)
    while True:
        body = client.get(f"{API}/groups", {"limit": 3, "cursor": cursor}, headers=headers).json()
        seen += [g["slug"] for g in body["items"]]
        if body["next_cursor"] is None:
            break
        cursor = body["next_cursor"]
    assert seen == list(Group.objects.order_by("name", "id").values_list("slug", flat=True))
    assert len(seen) > 7


def test_create_group_makes_me_its_admin(client, member):
    response = call(
        client, "post", "/groups", member, {"name": " Book  club ", "visibility": "private"}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["slug"] == "book-club" and body["visibility"] == "private"
    assert body["is_member"] and body["can_manage"] and body["member_count"] == 1


def test_create_group_without_a_name_is_a_field_error(client, member):
    before = Group.objects.count()
    response = call(client, "post", "/groups", member, {"name": "   "})
    assert "name" in assert_error_shape(response, 422)["errors"]
    assert Group.objects.count() == before


def test_group_detail_says_what_i_may_do(client, outsider, open_group):
    body = call(client, "get", f"/groups/{open_group.slug}", outsider).json()
    assert body["can_join"] and not body["can_post"] and not body["can_manage"]


def test_secret_group_is_404_for_outsiders_everywhere(client, outsider, secret_group):
    for method, path, payload in [
        ("get", "/groups/{slug}", None),
        ("post", "/groups/{slug}/join", None),
        ("post", "/groups/{slug}/leave", None),
        ("post", "/groups/{slug}/join-requests", {}),
        ("get", "/groups/{slug}/join-requests", None),
        ("post", "/groups/{slug}/invitations", {"person_id": outsider.pk}),
        ("get", "/groups/{slug}/members", None),
        ("get", "/groups/{slug}/posts", None),
    ]:
        response = call(client, method, path.format(slug=secret_group.slug), outsider, payload)
        assert_error_shape(response, 404)
    assert not Membership.objects.filter(person=outsider).exists()


def test_join_and_leave_an_open_group(client, member, open_group):
    joined = call(client, "post", f"/groups/{open_group.slug}/join", member).json()
    assert joined["is_member"] and joined["member_count"] == 2
    again = call(client, "post", f"/groups/{open_group.slug}/join", member).json()
    assert again["member_count"] == 2
    left = call(client, "post", f"/groups/{open_group.slug}/leave", member).json()
    assert not left["is_member"] and left["member_count"] == 1


def test_joining_a_private_group_directly_is_403(client, outsider, private_group):
    assert_error_shape(call(client, "post", f"/groups/{private_group.slug}/join", outsider), 403)


def test_leaving_the_company_group_is_422(client, member):
    company = company_group()
    assert_error_shape(call(client, "post", f"/groups/{company.slug}/leave", member), 422)


def test_join_request_and_approval(client, owner, outsider, private_group):
    asked = call(
        client, "post", f"/groups/{private_group.slug}/join-requests", outsider, {"message": "Hi"}
    )
    assert asked.status_code == 201
    pending = call(client, "get", f"/groups/{private_group.slug}/join-requests", owner).json()
    assert [r["person"]["id"] for r in pending["items"]] == [outsider.pk]
    decided = call(
        client, "post", f"/join-requests/{asked.json()['id']}/decision", owner, {"approve": True}
    )
    assert decided.json()["approved"] is True
    assert Membership.objects.filter(group=private_group, person=outsider).exists()


def test_members_cannot_list_or_decide_join_requests(client, member, outsider, private_group):
    join_request = request_to_join(person=outsider, group=private_group)
    path = f"/groups/{private_group.slug}/join-requests"
    assert_error_shape(call(client, "get", path, outsider), 403)
    response = call(
        client, "post", f"/join-requests/{join_request.pk}/decision", outsider, {"approve": True}
    )
    assert_error_shape(response, 403)
    assert JoinRequest.objects.get(pk=join_request.pk).decided_at is None


def test_join_request_of_a_secret_group_is_404_to_outsiders(client, owner, outsider, secret_group):
    join_request = JoinRequest.objects.create(group=secret_group, person=owner)
    response = call(
        client, "post", f"/join-requests/{join_request.pk}/decision", outsider, {"approve": True}
    )
    assert_error_shape(response, 404)


def test_member_invites_a_colleague(client, member, outsider, secret_group):
    response = call(
        client,
        "post",
        f"/groups/{secret_group.slug}/invitations",
        member,
        {"person_id": outsider.pk},
    )
    assert response.status_code == 201
    assert response.json()["person"]["id"] == outsider.pk
    assert GroupInvitation.objects.filter(group=secret_group, person=outsider).exists()


def test_inviting_an_unknown_person_is_a_field_error(client, owner, open_group):
    response = call(
        client, "post", f"/groups/{open_group.slug}/invitations", owner, {"person_id": 999999}
    )
    assert "person_id" in assert_error_shape(response, 422)["errors"]


def test_outsider_cannot_invite_into_a_private_group(client, outsider, member, private_group):
    response = call(
        client,
        "post",
        f"/groups/{private_group.slug}/invitations",
        outsider,
        {"person_id": member.pk},
    )
    assert_error_shape(response, 403)


def test_members_list(client, owner, member, open_group):
    join_group(person=member, group=open_group)
    body = call(client, "get", f"/groups/{open_group.slug}/members", member).json()
    assert [(m["person"]["id"], m["role"]) for m in body["items"]] == [
        (member.pk, "member"),
        (owner.pk, "admin"),
    ]


def test_private_group_members_are_for_members(client, outsider, private_group):
    assert_error_shape(call(client, "get", f"/groups/{private_group.slug}/members", outsider), 403)


# --- Query bounds --------------------------------------------------------------------------


def test_group_list_runs_constant_queries(client, owner, django_assert_max_num_queries):
    for i in range(30):
        create_group(actor=PersonFactory(), name=f"Group {i}")
    headers = bearer(owner)
    client.get(f"{API}/groups", headers=headers)
    with django_assert_max_num_queries(4):
        assert len(client.get(f"{API}/groups?limit=30", headers=headers).json()["items"]) == 30


def test_members_list_runs_constant_queries(
    client, owner, open_group, django_assert_max_num_queries
):
    for _ in range(30):
        join_group(person=PersonFactory(), group=open_group)
    headers = bearer(owner)
    client.get(f"{API}/groups/{open_group.slug}/members", headers=headers)
    with django_assert_max_num_queries(5):
        body = client.get(
            f"{API}/groups/{open_group.slug}/members?limit=30", headers=headers
        ).json()
    assert len(body["items"]) == 30


def test_join_requests_list_runs_constant_queries(
    client, owner, private_group, django_assert_max_num_queries
):
    for _ in range(30):
        request_to_join(person=PersonFactory(), group=private_group)
    headers = bearer(owner)
    path = f"{API}/groups/{private_group.slug}/join-requests"
    client.get(path, headers=headers)
    with django_assert_max_num_queries(6):
        assert len(client.get(f"{path}?limit=30", headers=headers).json()["items"]) == 30


def test_invitee_answers_through_the_api(client, owner, member):
    group = create_group(actor=owner, name="Acquisition room", visibility="secret")
    invite_to_group(actor=owner, group=group, person=member)
    path = f"/groups/{group.slug}/invitation"
    response = call(client, "post", path, member, {"accept": True})
    assert response.status_code == 200, response.content
    assert response.json()["is_member"] is True
    assert_error_shape(call(client, "post", path, member, {"accept": True}), 404)
