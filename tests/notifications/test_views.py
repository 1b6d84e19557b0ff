from __future__ import annotations

import re

import pytest

from tests.factories import PersonFactory
from townhall.conversations.services import publish_post
from townhall.notifications import services
from townhall.notifications.models import (
    EmailMode,
    Kind,
    Notification,
    NotificationPreference,
)

XSS = '<script>alert("x")</script> <img src=x onerror=alert(1)> **hi**'


@pytest.fixture
def mentioned(owner, member, commit):
    with commit():
        publish_post(author=owner, body=f"@{member.handle} the Q3 plan")
    return Notification.objects.get(recipient=member)


def test_bell_shows_the_unread_count_with_an_accessible_label(client, member, mentioned):
    client.force_login(member)
    html = client.get("/notifications/").content.decode()
    assert 'aria-label="1 unread notification"' in html
    assert 'class="bell__badge" aria-hidden="true">1<' in html


def test_bell_costs_one_query_on_a_page(client, member, mentioned):
    client.force_login(member)
    client.get("/settings/notifications/")  # warm the session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get("/settings/notifications/")
    counts = [
        q["sql"] for q in ctx.captured_queries if 'FROM "notifications_notification"' in q["sql"]
    ]
    assert len(counts) == 1


def test_notification_page_lists_entries_with_bounded_queries(
    client, owner, member, commit, django_assert_max_num_queries
):
    authors = [PersonFactory(primary_unit=owner.primary_unit) for _ in range(5)]
    with commit():
        for i in range(40):
            publish_post(author=authors[i % 5], body=f"@{member.handle} item {i}")
    client.force_login(member)
    with django_assert_max_num_queries(12):
        response = client.get("/notifications/")
    assert response.status_code == 200
    assert response.content.decode().count('class="notification notification--unread"') == 30
    assert "?after=" in response.content.decode()


def test_load_more_returns_the_next_items_as_a_partial(client, owner, member, commit):
    with commit():
        for i in range(35):
            publish_post(author=owner, body=f"@{member.handle} item {i}")
    client.force_login(member)
    first = client.get("/notifications/").content.decode()
    after = re.search(r"\?after=([\w-]+)", first).group(1)
    response = client.get(f"/notifications/?after={after}", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert html.count('class="notification notification--unread"') == 5


def test_damaged_cursor_is_not_found(client, member):
    client.force_login(member)
    assert client.get("/notifications/?after=%%%").status_code == 404


def test_post_body_payload_renders_inert_in_the_notification_page(client, owner, member, commit):
    with commit():
        publish_post(author=owner, body=f"@{member.handle} {XSS}")
    client.force_login(member)
    html = client.get("/notifications/").content.decode()
    assert "<script>alert" not in html
    assert "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
    assert "<img src=x" not in html


def test_mark_one_read_with_htmx_swaps_the_row_and_the_bell(client, member, mentioned):
    client.force_login(member)
    response = client.post(f"/notifications/{mentioned.pk}/read/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "notification--unread" not in html
    assert 'hx-swap-oob="true"' in html and 'aria-label="0 unread notifications"' in html
    mentioned.refresh_from_db()
    assert mentioned.read_at is not None


def test_outsider_cannot_mark_someone_elses_notification_read(client, outsider, mentioned):
    client.force_login(outsider)
    assert client.post(f"/notifications/{mentioned.pk}/read/").status_code == 404
    mentioned.refresh_from_db()
    assert mentioned.read_at is None


def test_outsider_sees_only_their_own_notifications(client, outsider, mentioned):
    client.force_login(outsider)
    html = client.get("/notifications/").content.decode()
    assert "the Q3 plan" not in html
    assert "Nothing new" in html


def test_mark_all_read_from_the_page(client, member, mentioned):
    client.force_login(member)
    response = client.post("/notifications/read-all/")
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()


def test_signed_out_visitor_is_sent_to_sign_in(client, mentioned):
    assert client.get("/notifications/").status_code == 302
    assert client.post(f"/notifications/{mentioned.pk}/read/").status_code == 302
    mentioned.refresh_from_db()
    assert mentioned.read_at is None


def test_preferences_page_saves_choices(client, member):
    client.force_login(member)
    data = {f"email_{k}": "digest" for k in Kind.values} | {"digest": "daily"}
    data["email_mention"] = "off"
    response = client.post("/settings/notifications/", data)
    assert response.status_code == 302
    assert NotificationPreference.objects.get(person=member, kind="mention").email == "off"
    assert member.digest_setting.frequency == "daily"


def test_preferences_page_rejects_unknown_choice_with_422(client, member):
    client.force_login(member)
    data = {f"email_{k}": "digest" for k in Kind.values} | {"digest": "hourly"}
    response = client.post("/settings/notifications/", data)
    assert response.status_code == 422
    assert not NotificationPreference.objects.exists()


def test_unsubscribe_page_confirms_then_applies(client, member):
    token = services.unsubscribe_token(person_id=member.pk, kind=Kind.REPLY)
    client.force_login(member)
    page = client.get(f"/notifications/unsubscribe/{token}/")
    assert page.status_code == 200 and "Replies to my posts and comments" in page.content.decode()
    assert not NotificationPreference.objects.exists()
    client.post(f"/notifications/unsubscribe/{token}/")
    assert NotificationPreference.objects.get(person=member, kind="reply").email == EmailMode.OFF


def test_forged_unsubscribe_token_is_not_found(client, member):
    token = services.unsubscribe_token(person_id=member.pk, kind=Kind.REPLY)
    client.force_login(member)
    assert client.post(f"/notifications/unsubscribe/{token}x/").status_code == 404
    assert not NotificationPreference.objects.exists()
