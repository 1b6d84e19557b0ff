"""The inbox in the REST API: the same items, actions and permissions as the page."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from townhall.conversations.models import Comment
from townhall.conversations.services import publish_post
from townhall.inbox.models import InboxSettings, Snooze
from townhall.inbox.services import opt_out_token
from townhall.people.services import create_access_token

API = "/api/v1"


def bearer(person) -> dict[str, str]:
    _token, raw = create_access_token(actor=person, name="tests")
    return {"Authorization": f"Bearer {raw}"}


def _question(author, leader, text="How do we plan the Q3 roadmap?", **kw):
    return publish_post(author=author, kind="question", body=f"@{leader.handle} {text}", **kw)


def test_the_leader_lists_their_inbox_with_counts(client, leader, member):
    post = _question(member, leader)
    response = client.get(f"{API}/inbox", headers=bearer(leader))
    assert response.status_code == 200
    data = response.json()
    [item] = data["items"]
    assert item["id"] == f"question:post-{post.pk}"
    assert item["actions"] == ["answer", "delegate", "snooze"]
    assert data["counts"]["question"] == 1


def test_the_list_runs_a_bounded_number_of_queries(
    client, leader, member, django_assert_max_num_queries
):
    for n in range(10):
        _question(member, leader, f"Question {n}?")
    headers = bearer(leader)
    with django_assert_max_num_queries(16):
        response = client.get(f"{API}/inbox", headers=headers)
    assert len(response.json()["items"]) == 10


def test_a_non_leader_is_refused_the_list(client, member):
    response = client.get(f"{API}/inbox", headers=bearer(member))
    assert response.status_code == 403
    assert response.json()["detail"] == "The inbox is for leaders."


def test_the_count_is_zero_for_non_leaders(client, member):
    response = client.get(f"{API}/inbox/count", headers=bearer(member))
    assert response.json() == {"count": 0}


def test_the_count_counts_the_leaders_items(client, leader, member):
    _question(member, leader)
    response = client.get(f"{API}/inbox/count", headers=bearer(leader))
    assert response.json() == {"count": 1}


def test_snoozing_until_a_day(client, leader, member):
    post = _question(member, leader)
    day = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(
        f"{API}/inbox/items/question/post-{post.pk}/snooze",
        data={"until": "date", "date": day},
        headers=bearer(leader),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["until"].startswith(day)
    assert Snooze.objects.filter(person=leader).count() == 1


def test_snoozing_with_a_bad_choice_is_a_field_error(client, leader, member):
    post = _question(member, leader)
    response = client.post(
        f"{API}/inbox/items/question/post-{post.pk}/snooze",
        data={"until": "someday"},
        headers=bearer(leader),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "until" in response.json()["errors"]
    assert not Snooze.objects.exists()


def test_answering_through_the_api(client, leader, member):
    post = _question(member, leader)
    response = client.post(
        f"{API}/inbox/items/question/post-{post.pk}/answer",
        data={"body": "Monday."},
        headers=bearer(leader),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert Comment.objects.get(post=post).author == leader


def test_an_empty_answer_is_a_field_error(client, leader, member):
    post = _question(member, leader)
    response = client.post(
        f"{API}/inbox/items/question/post-{post.pk}/answer",
        data={"body": "  "},
        headers=bearer(leader),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "body" in response.json()["errors"]


def test_delegating_through_the_api(client, leader, member, engineer):
    post = _question(member, leader)
    response = client.post(
        f"{API}/inbox/items/question/post-{post.pk}/delegate",
        data={"to": f"@{engineer.handle}", "note": "Please"},
        headers=bearer(leader),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["detail"] == f"Delegated to {engineer.display_name}."
    assert (
        client.get(f"{API}/inbox", headers=bearer(leader)).json()["delegated"][0]["delegated_to"][
            "id"
        ]
        == engineer.pk
    )


def test_closing_a_post_question_is_a_field_error(client, leader, member):
    post = _question(member, leader)
    response = client.post(
        f"{API}/inbox/items/question/post-{post.pk}/close",
        data={"reason": "No"},
        headers=bearer(leader),
        content_type="application/json",
    )
    assert response.status_code == 422


def test_an_item_in_a_private_group_is_not_found_for_a_non_member(
    client, leader, member, private_group
):
    post = _question(member, leader, group=private_group)
    response = client.post(
        f"{API}/inbox/items/question/post-{post.pk}/answer",
        data={"body": "Hi"},
        headers=bearer(leader),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_an_outsider_cannot_act_on_items(client, leader, member, outsider):
    post = _question(member, leader)
    response = client.post(
        f"{API}/inbox/items/question/post-{post.pk}/snooze",
        data={"until": "tomorrow"},
        headers=bearer(outsider),
        content_type="application/json",
    )
    assert response.status_code == 403


def test_an_unknown_item_type_is_a_field_error(client, leader):
    response = client.post(
        f"{API}/inbox/items/nonsense/post-1/snooze",
        data={},
        headers=bearer(leader),
        content_type="application/json",
    )
    assert response.status_code == 422


def test_reading_and_changing_the_settings(client, leader):
    headers = bearer(leader)
    assert client.get(f"{API}/inbox/settings", headers=headers).json()["daily_summary"] is True
    response = client.patch(
        f"{API}/inbox/settings",
        data={"daily_summary": False},
        headers=headers,
        content_type="application/json",
    )
    assert response.json()["daily_summary"] is False
    assert InboxSettings.objects.get(person=leader).daily_summary is False


def test_one_click_opt_out_needs_no_sign_in(client, leader):
    token = opt_out_token(person_id=leader.pk)
    response = client.post(f"{API}/inbox/opt-out/{token}")
    assert response.status_code == 200
    assert InboxSettings.objects.get(person=leader).daily_summary is False


def test_a_forged_opt_out_token_is_refused(client, leader):
    response = client.post(f"{API}/inbox/opt-out/forged")
    assert response.status_code == 422
    assert not InboxSettings.objects.exists()


def test_the_endpoints_are_in_the_openapi_schema(client):
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    assert "/api/v1/inbox" in paths
    assert "/api/v1/inbox/items/{item_type}/{key}/delegate" in paths
