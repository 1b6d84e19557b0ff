"""The open-hours API: sessions, questions, votes, screening, merging, answers, .ics."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from tests.factories import PersonFactory
from tests.openhours.conftest import ask
from townhall.openhours.models import OpenHour, Question, QuestionStatus

pytestmark = pytest.mark.django_db
API = "/api/v1"


def _client(person) -> Client:
    client = Client(enforce_csrf_checks=False)
    client.force_login(person)
    return client


def _json(client: Client, method: str, url: str, data=None):
    return getattr(client, method)(f"{API}{url}", data=data, content_type="application/json")


def _times(hours: float = 24) -> dict[str, str]:
    start = timezone.now() + timedelta(hours=hours)
    return {"starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=1)).isoformat()}


def test_leader_schedules_through_the_api(leader):
    response = _json(_client(leader), "post", "/open-hours", {"title": "AMA", **_times()})
    assert response.status_code == 201
    body = response.json()
    assert body["host"]["id"] == leader.pk and body["state"] == "upcoming"
    assert body["calendar_url"].endswith("/calendar.ics")


def test_community_manager_schedules_for_a_leader(community_manager, leader):
    payload = {"title": "AMA", "host_id": leader.pk, **_times()}
    response = _json(_client(community_manager), "post", "/open-hours", payload)
    assert response.status_code == 201 and response.json()["host"]["id"] == leader.pk


def test_member_cannot_schedule_through_the_api(member):
    response = _json(_client(member), "post", "/open-hours", {"title": "AMA", **_times()})
    assert response.status_code == 403 and not OpenHour.objects.exists()


def test_bad_times_are_a_422_with_field_errors(leader):
    times = _times()
    payload = {"title": "AMA", "starts_at": times["ends_at"], "ends_at": times["starts_at"]}
    response = _json(_client(leader), "post", "/open-hours", payload)
    assert response.status_code == 422 and "ends_at" in response.json()["errors"]
    assert not OpenHour.objects.exists()


def test_naive_times_are_refused(leader):
    payload = {"title": "AMA", "starts_at": "2030-01-01T10:00", "ends_at": "2030-01-01T11:00"}
    response = _json(_client(leader), "post", "/open-hours", payload)
    assert response.status_code == 422 and "starts_at" in response.json()["errors"]


def test_unknown_group_is_a_field_error(leader):
    payload = {"title": "AMA", "audience": "nope", **_times()}
    response = _json(_client(leader), "post", "/open-hours", payload)
    assert response.status_code == 422 and "audience" in response.json()["errors"]


def test_list_upcoming_and_past(member, schedule, live_session):
    upcoming = schedule(start_in=timedelta(days=1))
    rows = _json(_client(member), "get", "/open-hours").json()
    assert [r["id"] for r in rows] == [live_session.pk, upcoming.pk]
    assert _json(_client(member), "get", "/open-hours?when=past").json() == []


def test_list_endpoint_queries_stay_flat(member, company, schedule, django_assert_max_num_queries):
    for n in range(10):
        schedule(
            PersonFactory(roles=["leader"], primary_unit=company), start_in=timedelta(hours=n + 1)
        )
    client = _client(member)
    with django_assert_max_num_queries(6):
        assert len(_json(client, "get", "/open-hours").json()) == 10


def test_outsider_gets_404_for_a_private_session(outsider, private_group, schedule):
    open_hour = schedule(audience=private_group)
    client = _client(outsider)
    assert _json(client, "get", f"/open-hours/{open_hour.pk}").status_code == 404
    assert _json(client, "get", f"/open-hours/{open_hour.pk}/questions").status_code == 404
    response = _json(client, "post", f"/open-hours/{open_hour.pk}/questions", {"text": "Hi"})
    assert response.status_code == 404
    assert _json(client, "get", f"/open-hours/{open_hour.pk}/calendar.ics").status_code == 404
    assert _json(client, "get", "/open-hours").json() == []


def test_host_updates_the_title(leader, schedule):
    open_hour = schedule()
    response = _json(_client(leader), "patch", f"/open-hours/{open_hour.pk}", {"title": "New"})
    assert response.status_code == 200 and response.json()["title"] == "New"


def test_member_cannot_update(member, schedule):
    open_hour = schedule()
    response = _json(_client(member), "patch", f"/open-hours/{open_hour.pk}", {"title": "x"})
    assert response.status_code == 403


def test_host_cancels(leader, schedule):
    open_hour = schedule()
    response = _json(_client(leader), "post", f"/open-hours/{open_hour.pk}/cancel")
    assert response.status_code == 200 and response.json()["state"] == "cancelled"


def test_ask_and_list_questions(member, owner, schedule):
    open_hour = schedule()
    response = _json(
        _client(member), "post", f"/open-hours/{open_hour.pk}/questions", {"text": "Budget?"}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "visible" and body["is_mine"] and body["asker"]["id"] == member.pk
    rows = _json(_client(owner), "get", f"/open-hours/{open_hour.pk}/questions").json()
    assert [r["text"] for r in rows] == ["Budget?"] and not rows[0]["is_mine"]


def test_empty_question_is_a_422(member, schedule):
    open_hour = schedule()
    response = _json(
        _client(member), "post", f"/open-hours/{open_hour.pk}/questions", {"text": " "}
    )
    assert response.status_code == 422 and "text" in response.json()["errors"]


def test_questions_list_queries_stay_flat(member, company, schedule, django_assert_max_num_queries):
    open_hour = schedule()
    for n in range(12):
        ask(PersonFactory(primary_unit=company), open_hour, f"Q{n}")
    client = _client(member)
    with django_assert_max_num_queries(8):
        assert len(_json(client, "get", f"/open-hours/{open_hour.pk}/questions").json()) == 12


def test_pending_questions_are_listed_only_for_screeners(
    member, leader, community_manager, asker, schedule
):
    open_hour = schedule()
    ask(asker, open_hour, "Worry", anonymous=True)
    url = f"/open-hours/{open_hour.pk}/questions"
    assert _json(_client(member), "get", url).json() == []
    assert _json(_client(leader), "get", url).json() == []
    [row] = _json(_client(community_manager), "get", url).json()
    assert row["status"] == "pending_screening" and row["asker"] is None


def test_vote_and_unvote(member, owner, schedule):
    question = ask(owner, schedule())
    client = _client(member)
    body = _json(client, "put", f"/open-hours/questions/{question.pk}/vote").json()
    assert body["vote_count"] == 1 and body["voted"]
    body = _json(client, "delete", f"/open-hours/questions/{question.pk}/vote").json()
    assert body["vote_count"] == 0 and not body["voted"]


def test_voting_for_your_own_question_is_a_422(member, schedule):
    question = ask(member, schedule())
    response = _json(_client(member), "put", f"/open-hours/questions/{question.pk}/vote")
    assert response.status_code == 422


def test_screen_through_the_api(community_manager, asker, schedule):
    question = ask(asker, schedule(), anonymous=True)
    response = _json(
        _client(community_manager),
        "post",
        f"/open-hours/questions/{question.pk}/screen",
        {"approve": True},
    )
    assert response.status_code == 200 and response.json()["status"] == "visible"


def test_host_cannot_screen_through_the_api(leader, community_manager, asker, schedule):
    question = ask(asker, schedule(), anonymous=True)
    response = _json(
        _client(leader), "post", f"/open-hours/questions/{question.pk}/screen", {"approve": True}
    )
    assert response.status_code == 404  # pending questions do not exist for the host


def test_merge_through_the_api(leader, member, owner, schedule):
    open_hour = schedule()
    keep, dupe = ask(member, open_hour, "a"), ask(owner, open_hour, "b")
    response = _json(
        _client(leader), "post", f"/open-hours/questions/{dupe.pk}/merge", {"into_id": keep.pk}
    )
    assert response.status_code == 200 and response.json()["id"] == keep.pk


def test_merge_into_an_unknown_question_is_a_422(leader, member, schedule):
    dupe = ask(member, schedule())
    response = _json(
        _client(leader), "post", f"/open-hours/questions/{dupe.pk}/merge", {"into_id": 999999}
    )
    assert response.status_code == 422 and "into_id" in response.json()["errors"]


def test_answer_through_the_api(leader, member, schedule):
    question = ask(member, schedule())
    response = _json(
        _client(leader), "post", f"/open-hours/questions/{question.pk}/answer", {"body": "Yes"}
    )
    body = response.json()
    assert response.status_code == 200 and body["status"] == "answered"
    assert body["answer_html"] == "<p>Yes</p>\n" and body["answered_by"]["id"] == leader.pk


def test_member_cannot_answer_through_the_api(member, owner, schedule):
    question = ask(owner, schedule())
    response = _json(
        _client(member), "post", f"/open-hours/questions/{question.pk}/answer", {"body": "Yes"}
    )
    assert response.status_code == 403
    assert Question.objects.get().status == QuestionStatus.VISIBLE


def test_close_through_the_api(leader, member, schedule):
    question = ask(member, schedule())
    response = _json(
        _client(leader), "post", f"/open-hours/questions/{question.pk}/close", {"reason": "Dup"}
    )
    assert response.json()["status"] == "closed" and response.json()["close_reason"] == "Dup"


def test_close_without_reason_is_a_422(leader, member, schedule):
    question = ask(member, schedule())
    response = _json(
        _client(leader), "post", f"/open-hours/questions/{question.pk}/close", {"reason": ""}
    )
    assert response.status_code == 422 and "reason" in response.json()["errors"]


def test_calendar_through_the_api(member, schedule):
    open_hour = schedule(recurrence="monthly", occurrences=2, start_in=timedelta(days=1))
    response = _client(member).get(f"{API}/open-hours/{open_hour.pk}/calendar.ics?series=true")
    assert response.status_code == 200
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert event["RRULE"]["FREQ"] == ["MONTHLY"]


def test_endpoints_are_in_the_openapi_schema(member):
    paths = _client(member).get(f"{API}/openapi.json").json()["paths"]
    for path in (
        "/api/v1/open-hours",
        "/api/v1/open-hours/{open_hour_id}",
        "/api/v1/open-hours/{open_hour_id}/questions",
        "/api/v1/open-hours/{open_hour_id}/calendar.ics",
        "/api/v1/open-hours/questions/{question_id}/vote",
        "/api/v1/open-hours/questions/{question_id}/answer",
    ):
        assert path in paths


def test_ended_session_takes_no_questions(member, live_session):
    from freezegun import freeze_time

    with freeze_time(live_session.ends_at + timedelta(minutes=1)):
        response = _json(
            _client(member), "post", f"/open-hours/{live_session.pk}/questions", {"text": "Hi"}
        )
    assert response.status_code == 422
    assert not Question.objects.exists()
