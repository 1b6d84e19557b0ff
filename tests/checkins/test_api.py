"""The check-ins API: my check-in, a unit's round, and its reminder settings."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.checkins.conftest import answers
from tests.factories import PersonFactory
from townhall.checkins.models import CheckIn, UnitCheckinSettings
from townhall.checkins.services import submit_checkin
from townhall.checkins.weeks import current_week, week_label
from townhall.groups.services import create_group
from townhall.people.services import create_access_token

pytestmark = pytest.mark.django_db

API = "/api/v1"


def bearer(person) -> dict[str, str]:
    _token, raw = create_access_token(actor=person, name="tests")
    return {"Authorization": f"Bearer {raw}"}


def call(client, method, path, person, payload=None):
    kwargs = {"content_type": "application/json"} if payload is not None else {}
    return getattr(client, method)(API + path, payload, headers=bearer(person), **kwargs)


def assert_error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["errors"], dict)
    return body


def test_no_checkin_yet_is_not_found(client, owner):
    assert_error(call(client, "get", "/checkins/me", owner), 404)


def test_put_creates_my_checkin_for_this_week(client, owner):
    response = call(client, "put", "/checkins/me", owner, answers())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["week"] == week_label(current_week())
    assert body["group"]["name"] == "Sales"
    assert body["need_help"] == answers()["need_help"]


def test_put_again_updates_it(client, owner):
    call(client, "put", "/checkins/me", owner, answers())
    response = call(client, "put", "/checkins/me", owner, answers(did="Edited."))
    assert response.status_code == 200
    assert response.json()["did"] == "Edited."
    assert CheckIn.objects.count() == 1


def test_get_returns_my_checkin_for_a_given_week(client, owner):
    last_week = current_week() - timedelta(days=7)
    submit_checkin(person=owner, week=last_week, **answers())
    response = call(client, "get", f"/checkins/me?week={week_label(last_week)}", owner)
    assert response.status_code == 200
    assert response.json()["week_start"] == last_week.isoformat()


def test_put_with_nothing_answered_is_422_and_posts_nothing(client, owner):
    body = assert_error(call(client, "put", "/checkins/me", owner, {}), 422)
    assert body["errors"]["__all__"]
    assert not CheckIn.objects.exists()


def test_put_for_next_week_is_422(client, owner):
    future = week_label(current_week() + timedelta(days=7))
    body = assert_error(call(client, "put", f"/checkins/me?week={future}", owner, answers()), 422)
    assert "week" in body["errors"]


@pytest.mark.parametrize("week", ["2026-W60", "2026W10", "yesterday"])
def test_a_malformed_week_is_422(client, owner, week):
    assert_error(call(client, "get", f"/checkins/me?week={week}", owner), 422)


def test_sharing_into_an_unknown_group_is_422(client, owner):
    payload = {**answers(), "share_with": "no-such-group"}
    body = assert_error(call(client, "put", "/checkins/me", owner, payload), 422)
    assert "share_with" in body["errors"]


def test_sharing_into_a_private_group_of_others_is_the_same_422(client, owner, member):
    board = create_group(actor=member, name="Board room", visibility="private")
    payload = {**answers(), "share_with": board.slug}
    body = assert_error(call(client, "put", "/checkins/me", owner, payload), 422)
    assert body["errors"]["share_with"] == ["Choose a group you can post in."]


def test_unknown_fields_are_refused(client, owner):
    assert_error(call(client, "put", "/checkins/me", owner, {**answers(), "week": "x"}), 422)


def test_manager_gets_the_round_with_who_is_missing(client, lead, owner, member, sales):
    submit_checkin(person=owner, **answers())
    body = call(client, "get", f"/checkins?unit={sales.slug}", lead).json()
    assert [c["person"]["id"] for c in body["checkins"]] == [owner.pk]
    assert body["missing_visible"] is True
    assert {p["id"] for p in body["missing"]} == {lead.pk, member.pk}
    assert body["next_week"] is None


def test_member_gets_the_round_without_who_is_missing(client, owner, member, sales):
    submit_checkin(person=owner, **answers())
    body = call(client, "get", f"/checkins?unit={sales.slug}", member).json()
    assert len(body["checkins"]) == 1
    assert body["missing_visible"] is False
    assert body["missing"] == []


def test_outsider_is_refused_the_round(client, outsider, sales):
    assert_error(call(client, "get", f"/checkins?unit={sales.slug}", outsider), 403)


def test_round_of_an_unknown_unit_is_404(client, lead):
    assert_error(call(client, "get", "/checkins?unit=nowhere", lead), 404)


def test_round_needs_a_unit(client, lead):
    assert_error(call(client, "get", "/checkins", lead), 422)


def test_round_endpoint_query_count_is_bounded(client, lead, sales, django_assert_max_num_queries):
    headers = bearer(lead)

    def queries_for_round() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"{API}/checkins?unit={sales.slug}", headers=headers)
            assert response.status_code == 200
        return len(captured)

    queries_for_round()  # the first request warms caches (session, company group)
    few = queries_for_round()
    team = [PersonFactory(primary_unit=sales) for _ in range(60)]
    for person in team[::2]:
        submit_checkin(person=person, **answers())
    with django_assert_max_num_queries(12):
        response = client.get(f"{API}/checkins?unit={sales.slug}", headers=headers)
    assert len(response.json()["checkins"]) == 30
    assert queries_for_round() == few


def test_settings_default_to_monday(client, member, sales):
    body = call(client, "get", f"/units/{sales.slug}/checkin-settings", member).json()
    assert (body["reminder_weekday"], body["reminders_enabled"]) == (0, True)


def test_manager_patches_the_reminder_day(client, lead, sales):
    response = call(
        client, "patch", f"/units/{sales.slug}/checkin-settings", lead, {"reminder_weekday": 2}
    )
    assert response.status_code == 200
    assert response.json()["reminders_enabled"] is True
    assert UnitCheckinSettings.objects.get(unit=sales).reminder_weekday == 2


def test_patching_a_weekday_out_of_range_is_422(client, lead, sales):
    response = call(
        client, "patch", f"/units/{sales.slug}/checkin-settings", lead, {"reminder_weekday": 7}
    )
    assert_error(response, 422)
    assert not UnitCheckinSettings.objects.exists()


def test_member_cannot_patch_the_reminder_day(client, member, sales):
    response = call(
        client, "patch", f"/units/{sales.slug}/checkin-settings", member, {"reminder_weekday": 2}
    )
    assert_error(response, 403)


def test_outsider_cannot_read_the_settings(client, outsider, sales):
    assert_error(call(client, "get", f"/units/{sales.slug}/checkin-settings", outsider), 403)


def test_signed_out_caller_gets_401(client):
    assert client.get(f"{API}/checkins/me").status_code == 401
