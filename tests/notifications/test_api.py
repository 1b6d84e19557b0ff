from __future__ import annotations

import pytest

from tests.factories import PersonFactory
from townhall.conversations.services import publish_post
from townhall.notifications.models import Notification, NotificationPreference
from townhall.people.services import create_access_token

API = "/api/v1"


def bearer(person) -> dict[str, str]:
    _token, raw = create_access_token(actor=person, name="tests")
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def mentioned(owner, member, commit):
    with commit():
        publish_post(author=owner, body=f"@{member.handle} the Q3 plan")
    return Notification.objects.get(recipient=member)


def test_list_returns_my_notifications_with_bounded_queries(
    client, owner, member, commit, django_assert_max_num_queries
):
    authors = [PersonFactory(primary_unit=owner.primary_unit) for _ in range(5)]
    with commit():
        for i in range(40):
            publish_post(author=authors[i % 5], body=f"@{member.handle} item {i}")
    headers = bearer(member)
    with django_assert_max_num_queries(8):
        response = client.get(f"{API}/notifications?limit=25", headers=headers)
    data = response.json()
    assert response.status_code == 200
    assert len(data["items"]) == 25 and data["unread_count"] == 40
    assert data["items"][0]["text"].endswith("mentioned you in a post")
    rest = client.get(f"{API}/notifications?cursor={data['next_cursor']}", headers=headers).json()
    assert len(rest["items"]) == 15 and rest["next_cursor"] is None


def test_outsider_lists_only_their_own(client, outsider, mentioned):
    data = client.get(f"{API}/notifications", headers=bearer(outsider)).json()
    assert data["items"] == []


def test_list_needs_authentication(client, mentioned):
    assert client.get(f"{API}/notifications").status_code == 401


def test_damaged_cursor_is_a_field_error(client, member):
    response = client.get(f"{API}/notifications?cursor=zzz", headers=bearer(member))
    assert response.status_code == 422
    assert "cursor" in response.json()["errors"]


def test_mark_one_read(client, member, mentioned):
    response = client.post(f"{API}/notifications/{mentioned.pk}/read", headers=bearer(member))
    assert response.status_code == 200 and response.json()["unread"] is False


def test_outsider_cannot_mark_someone_elses_read(client, outsider, mentioned):
    response = client.post(f"{API}/notifications/{mentioned.pk}/read", headers=bearer(outsider))
    assert response.status_code == 404
    mentioned.refresh_from_db()
    assert mentioned.read_at is None


def test_read_all(client, member, mentioned):
    response = client.post(f"{API}/notifications/read-all", headers=bearer(member))
    assert response.json() == {"updated": 1}


def test_get_preferences_shows_defaults(client, member):
    data = client.get(f"{API}/me/notification-preferences", headers=bearer(member)).json()
    assert data["digest"] == "weekly"
    assert data["email"]["mention"] == "immediate" and data["email"]["reaction"] == "digest"


def test_put_preferences_changes_only_what_is_sent(client, member):
    response = client.put(
        f"{API}/me/notification-preferences",
        {"digest": "daily", "email": {"reaction": "off"}},
        content_type="application/json",
        headers=bearer(member),
    )
    data = response.json()
    assert response.status_code == 200
    assert (data["digest"], data["email"]["reaction"], data["email"]["mention"]) == (
        "daily",
        "off",
        "immediate",
    )


def test_put_preferences_rejects_unknown_mode(client, member):
    response = client.put(
        f"{API}/me/notification-preferences",
        {"email": {"reaction": "hourly"}},
        content_type="application/json",
        headers=bearer(member),
    )
    assert response.status_code == 422
    assert "email.reaction" in response.json()["errors"]
    assert not NotificationPreference.objects.exists()


def test_put_preferences_needs_authentication(client):
    response = client.put(
        f"{API}/me/notification-preferences", {"digest": "off"}, content_type="application/json"
    )
    assert response.status_code == 401
