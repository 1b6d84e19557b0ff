"""Open-hour pages: full pages and htmx partials, permissions from the outsider's side, queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from tests.factories import PersonFactory
from tests.openhours.conftest import ask
from townhall.openhours import services
from townhall.openhours.models import OpenHour, Question, QuestionStatus

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


# --- List and scheduling --------------------------------------------------------------------


def test_list_shows_upcoming_and_past_sessions(member, schedule, live_session):
    schedule(title="Next week's hour", start_in=timedelta(days=7))
    response = _client(member).get("/open-hours/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Next week&#x27;s hour" in text and live_session.title in text


def test_list_hides_private_sessions_from_outsiders(outsider, private_group, schedule):
    schedule(title="Board only", audience=private_group)
    assert "Board only" not in _client(outsider).get("/open-hours/").content.decode()


def test_list_page_queries_stay_flat(
    member, leader, company, schedule, django_assert_max_num_queries
):
    for n in range(12):
        host = PersonFactory(roles=["leader"], primary_unit=company)
        schedule(host, title=f"Session {n}", start_in=timedelta(hours=n + 1))
    client = _client(member)
    client.get("/open-hours/")
    with django_assert_max_num_queries(12):
        assert client.get("/open-hours/").status_code == 200


def test_list_partial_for_htmx(member, schedule):
    schedule()
    response = _client(member).get("/open-hours/", **HTMX)
    assert b'id="openhour-lists"' in response.content and b"<html" not in response.content


def test_leader_sees_the_schedule_form(leader):
    response = _client(leader).get("/open-hours/new")
    assert response.status_code == 200 and b'name="starts_at"' in response.content
    assert b'name="host"' not in response.content


def test_community_manager_picks_the_leader(community_manager, leader):
    response = _client(community_manager).get("/open-hours/new")
    assert b'name="host"' in response.content and leader.display_name.encode() in response.content


def test_member_cannot_open_the_schedule_form(member):
    assert _client(member).get("/open-hours/new").status_code == 403


def _form(company_group_id: int, **extra):
    start = (timezone.localtime() + timedelta(days=2)).replace(second=0, microsecond=0)
    data = {
        "title": "Ask Lena",
        "description": "Anything goes",
        "audience": company_group_id,
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "duration": "60",
        "recurrence": "none",
        "occurrences": "",
        "allow_anonymous": "on",
    }
    data.update(extra)
    return data


def test_leader_schedules_through_the_form(leader):
    from townhall.groups.services import company_group

    response = _client(leader).post("/open-hours/new", _form(company_group().pk))
    open_hour = OpenHour.objects.get()
    assert response.status_code == 302 and response["Location"] == open_hour.get_absolute_url()
    assert open_hour.host == leader and open_hour.ends_at - open_hour.starts_at == timedelta(
        hours=1
    )


def test_community_manager_schedules_for_a_leader_through_the_form(community_manager, leader):
    from townhall.groups.services import company_group

    data = _form(company_group().pk, host=leader.pk)
    assert _client(community_manager).post("/open-hours/new", data).status_code == 302
    assert OpenHour.objects.get().host == leader


def test_bad_schedule_form_comes_back_with_errors_and_nothing_saved(leader):
    from townhall.groups.services import company_group

    data = _form(company_group().pk, title="", starts_at="not a time")
    response = _client(leader).post("/open-hours/new", data)
    assert response.status_code == 422
    assert b"Give the session a title." in response.content
    assert not OpenHour.objects.exists()


def test_past_start_is_a_field_error(leader):
    from townhall.groups.services import company_group

    data = _form(company_group().pk, starts_at="2020-01-01T10:00")
    response = _client(leader).post("/open-hours/new", data)
    assert response.status_code == 422 and b"Choose a time in the future." in response.content


# --- A session ------------------------------------------------------------------------------


def test_detail_page_shows_the_board_and_ask_form(member, owner, schedule):
    open_hour = schedule()
    ask(owner, open_hour, "How is Q3 looking?")
    response = _client(member).get(open_hour.get_absolute_url())
    text = response.content.decode()
    assert response.status_code == 200
    assert "How is Q3 looking?" in text and 'id="openhour-ask"' in text
    assert f'data-live-openhour="{open_hour.pk}"' in text


def test_detail_partial_for_htmx_is_the_board(member, schedule):
    open_hour = schedule()
    response = _client(member).get(open_hour.get_absolute_url(), **HTMX)
    assert b'id="openhour-board"' in response.content and b"<html" not in response.content


def test_outsider_gets_404_for_a_private_session(outsider, private_group, schedule):
    open_hour = schedule(audience=private_group)
    client = _client(outsider)
    for url in (
        open_hour.get_absolute_url(),
        f"/open-hours/{open_hour.pk}/board",
        f"/open-hours/{open_hour.pk}/calendar.ics",
    ):
        assert client.get(url).status_code == 404
    assert client.post(f"/open-hours/{open_hour.pk}/ask", {"text": "Hi"}).status_code == 404
    assert not Question.objects.exists()


def test_outsider_cannot_vote_in_a_private_session(outsider, member, private_group, schedule):
    question = ask(member, schedule(audience=private_group))
    response = _client(outsider).post(f"/open-hours/questions/{question.pk}/vote", **HTMX)
    assert response.status_code == 404


def test_detail_page_queries_stay_flat(member, company, schedule, django_assert_max_num_queries):
    open_hour = schedule()
    for n in range(15):
        ask(PersonFactory(primary_unit=company), open_hour, f"Question {n}")
    client = _client(member)
    client.get(open_hour.get_absolute_url())
    with django_assert_max_num_queries(16):
        assert client.get(open_hour.get_absolute_url()).status_code == 200


def test_ask_with_htmx_returns_a_fresh_form_and_the_board(member, schedule):
    open_hour = schedule()
    response = _client(member).post(
        f"/open-hours/{open_hour.pk}/ask", {"text": "What's next?"}, **HTMX
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert 'id="openhour-ask"' in text and 'hx-swap-oob="true"' in text
    assert "What&#x27;s next?" in text


def test_empty_question_comes_back_with_an_error(member, schedule):
    open_hour = schedule()
    response = _client(member).post(f"/open-hours/{open_hour.pk}/ask", {"text": ""}, **HTMX)
    assert response.status_code == 422 and b"Write your question first." in response.content
    assert not Question.objects.exists()


def test_ask_without_script_redirects_back(member, schedule):
    open_hour = schedule()
    response = _client(member).post(f"/open-hours/{open_hour.pk}/ask", {"text": "Hi"})
    assert response.status_code == 302


def test_vote_button_returns_the_board_with_the_vote(member, owner, schedule):
    question = ask(owner, schedule())
    response = _client(member).post(f"/open-hours/questions/{question.pk}/vote", **HTMX)
    assert response.status_code == 200 and b'aria-pressed="true"' in response.content
    question.refresh_from_db()
    assert question.vote_count == 1


def test_unvote_takes_the_vote_back(member, owner, schedule):
    question = ask(owner, schedule())
    services.vote(person=member, question=question)
    _client(member).post(f"/open-hours/questions/{question.pk}/vote", {"action": "unvote"}, **HTMX)
    question.refresh_from_db()
    assert question.vote_count == 0


def test_voting_for_your_own_question_is_a_422(member, schedule):
    question = ask(member, schedule())
    response = _client(member).post(f"/open-hours/questions/{question.pk}/vote", **HTMX)
    assert response.status_code == 422
    assert b"You cannot vote for your own question." in response.content


def test_host_answers_inline(leader, member, schedule):
    question = ask(member, schedule())
    response = _client(leader).post(
        f"/open-hours/questions/{question.pk}/answer", {"body": "Next *Tuesday*."}, **HTMX
    )
    assert response.status_code == 200 and b"<em>Tuesday</em>" in response.content
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED


def test_member_cannot_answer_through_the_page(member, owner, schedule):
    question = ask(owner, schedule())
    response = _client(member).post(
        f"/open-hours/questions/{question.pk}/answer", {"body": "Me!"}, **HTMX
    )
    assert response.status_code == 403
    question.refresh_from_db()
    assert question.status == QuestionStatus.VISIBLE


def test_empty_answer_is_a_422_next_to_the_question(leader, member, schedule):
    question = ask(member, schedule())
    response = _client(leader).post(
        f"/open-hours/questions/{question.pk}/answer", {"body": ""}, **HTMX
    )
    assert response.status_code == 422 and b"Write your answer first." in response.content


def test_host_sees_answer_controls_and_members_do_not(leader, member, owner, schedule):
    open_hour = schedule()
    ask(owner, open_hour)
    assert b"Publish answer" in _client(leader).get(open_hour.get_absolute_url()).content
    assert b"Publish answer" not in _client(member).get(open_hour.get_absolute_url()).content


def test_host_closes_with_a_reason(leader, member, schedule):
    question = ask(member, schedule())
    response = _client(leader).post(
        f"/open-hours/questions/{question.pk}/close", {"reason": "Answered in the blog"}, **HTMX
    )
    assert response.status_code == 200 and b"Answered in the blog" in response.content


def test_host_merges_a_duplicate(leader, member, owner, schedule):
    open_hour = schedule()
    keep, dupe = ask(member, open_hour, "a"), ask(owner, open_hour, "b")
    response = _client(leader).post(
        f"/open-hours/questions/{dupe.pk}/merge", {"into": keep.pk}, **HTMX
    )
    assert response.status_code == 200
    dupe.refresh_from_db()
    assert dupe.status == QuestionStatus.MERGED


def test_merge_into_another_sessions_question_is_a_422(leader, member, owner, schedule):
    dupe = ask(member, schedule())
    other = ask(owner, schedule())
    response = _client(leader).post(
        f"/open-hours/questions/{dupe.pk}/merge", {"into": other.pk}, **HTMX
    )
    assert response.status_code == 422


def test_community_manager_screens_from_the_page(community_manager, asker, schedule):
    open_hour = schedule()
    question = ask(asker, open_hour, "Worry", anonymous=True)
    client = _client(community_manager)
    assert b"anonymous question to screen" in client.get(open_hour.get_absolute_url()).content
    response = client.post(
        f"/open-hours/questions/{question.pk}/screen", {"decision": "approve"}, **HTMX
    )
    assert response.status_code == 200
    question.refresh_from_db()
    assert question.status == QuestionStatus.VISIBLE


def test_member_cannot_screen(member, asker, schedule):
    question = ask(asker, schedule(), anonymous=True)
    response = _client(member).post(
        f"/open-hours/questions/{question.pk}/screen", {"decision": "approve"}, **HTMX
    )
    assert response.status_code == 404  # a pending question does not exist for members


def test_host_cancels_an_upcoming_session(leader, schedule):
    open_hour = schedule()
    response = _client(leader).post(f"/open-hours/{open_hour.pk}/cancel")
    assert response.status_code == 302
    open_hour.refresh_from_db()
    assert open_hour.cancelled_at is not None


def test_member_cannot_cancel(member, schedule):
    open_hour = schedule()
    assert _client(member).post(f"/open-hours/{open_hour.pk}/cancel").status_code == 403


def test_calendar_file_parses_back(member, schedule):
    open_hour = schedule(title="Ask Lena")
    response = _client(member).get(f"/open-hours/{open_hour.pk}/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Ask Lena" and "RRULE" not in event


def test_series_calendar_file_repeats(member, schedule):
    open_hour = schedule(recurrence="weekly", occurrences=3)
    response = _client(member).get(f"/open-hours/{open_hour.pk}/calendar.ics?series=1")
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert event["RRULE"]["COUNT"] == [3]


def test_ended_session_shows_answers_and_no_ask_form(leader, member, live_session):
    question = ask(member, live_session, "Lunch?")
    services.answer_question(actor=leader, question=question, body="Pizza")
    from freezegun import freeze_time

    with freeze_time(live_session.ends_at + timedelta(minutes=1)):
        text = _client(member).get(live_session.get_absolute_url()).content.decode()
    assert "Pizza" in text and 'id="openhour-ask"' not in text
