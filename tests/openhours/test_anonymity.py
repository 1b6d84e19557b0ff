"""Anonymous questions: who asked never reaches anyone — page, partial, API, notification, email,
live event or summary — admins and community managers included."""

from __future__ import annotations

import json
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from django.test import Client
from freezegun import freeze_time

from tests.openhours.conftest import ask
from townhall.live.broker import get_broker
from townhall.notifications.models import EmailMode, Kind
from townhall.notifications.services import update_preferences
from townhall.openhours import services
from townhall.openhours.models import Question

pytestmark = pytest.mark.django_db


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _leaks(text: str, asker) -> list[str]:
    """Whatever in `text` would tell who the asker is."""
    clues = [asker.first_name, asker.last_name, asker.email, f"/people/{asker.pk}/"]
    if asker.handle:
        clues.append(asker.handle)
    return [clue for clue in clues if clue.lower() in text.lower()]


@pytest.fixture
def anonymous_question(asker, schedule) -> Question:
    return ask(asker, schedule(), "Are layoffs coming?", anonymous=True)


@pytest.fixture
def approved(anonymous_question, community_manager) -> Question:
    services.screen_question(actor=community_manager, question=anonymous_question, approve=True)
    anonymous_question.refresh_from_db()
    return anonymous_question


@pytest.fixture
def answered(approved, leader) -> Question:
    services.answer_question(actor=leader, question=approved, body="No.")
    approved.refresh_from_db()
    return approved


@pytest.mark.parametrize("viewer", ["community_manager", "admin"])
def test_screeners_never_see_who_asked_while_screening(viewer, anonymous_question, asker, request):
    person = request.getfixturevalue(viewer)
    text = _client(person).get(anonymous_question.get_absolute_url()).content.decode()
    assert "Are layoffs coming?" in text
    assert _leaks(text, asker) == []


@pytest.mark.parametrize("viewer", ["leader", "member", "community_manager", "admin"])
def test_page_never_names_the_anonymous_asker(viewer, answered, asker, request):
    person = request.getfixturevalue(viewer)
    text = _client(person).get(answered.get_absolute_url()).content.decode()
    assert "Are layoffs coming?" in text and "Asked anonymously" in text
    assert _leaks(text, asker) == []


@pytest.mark.parametrize("viewer", ["leader", "member", "admin"])
def test_board_partial_never_names_the_anonymous_asker(viewer, approved, asker, request):
    person = request.getfixturevalue(viewer)
    text = _client(person).get(f"/open-hours/{approved.open_hour_id}/board").content.decode()
    assert "Are layoffs coming?" in text and _leaks(text, asker) == []


@pytest.mark.parametrize("viewer", ["leader", "member", "community_manager", "admin"])
def test_api_never_names_the_anonymous_asker(viewer, answered, asker, request):
    person = request.getfixturevalue(viewer)
    response = _client(person).get(f"/api/v1/open-hours/{answered.open_hour_id}/questions")
    [row] = response.json()
    assert row["asker"] is None and row["is_anonymous"] and not row["is_mine"]
    assert _leaks(response.content.decode(), asker) == []


def test_screening_answer_in_the_api_never_names_the_asker(
    anonymous_question, community_manager, asker
):
    response = _client(community_manager).post(
        f"/api/v1/open-hours/questions/{anonymous_question.pk}/screen",
        data={"approve": True},
        content_type="application/json",
    )
    assert response.json()["asker"] is None and _leaks(response.content.decode(), asker) == []


def test_the_asker_recognises_their_own_question(anonymous_question, asker):
    text = _client(asker).get(anonymous_question.get_absolute_url()).content.decode()
    assert "Waiting for a community manager to screen it." in text


def test_host_notification_never_names_the_asker(approved, leader, asker):
    notice = leader.notifications.get(kind=Kind.OPEN_HOUR_QUESTION)
    assert notice.actor is None
    client = _client(leader)
    page = client.get("/notifications/").content.decode()
    assert "New questions for your open hour" in page and _leaks(page, asker) == []
    api = client.get("/api/v1/notifications").content.decode()
    assert _leaks(api, asker) == []


def test_host_email_never_names_the_asker(
    leader, asker, schedule, community_manager, commit, smtp_server, run_tasks
):
    update_preferences(person=leader, email={Kind.OPEN_HOUR_QUESTION: EmailMode.IMMEDIATE})
    open_hour = schedule()
    with commit():
        question = ask(asker, open_hour, "Are layoffs coming?", anonymous=True)
        services.screen_question(actor=community_manager, question=question, approve=True)
    run_tasks()
    subjects = [str(make_header(decode_header(m["Subject"]))) for m in smtp_server.messages]
    assert len([s for s in subjects if "New questions" in s]) == 1
    for subject, body in zip(subjects, smtp_server.bodies(), strict=True):
        assert _leaks(subject + body, asker) == []


def test_answer_notice_to_a_voter_never_names_the_asker(
    approved, leader, member, asker, commit, run_tasks
):
    services.vote(person=member, question=approved)
    with commit():
        services.answer_question(actor=leader, question=approved, body="No.")
    run_tasks()
    page = _client(member).get("/notifications/").content.decode()
    assert "answered a question you voted for" in page and _leaks(page, asker) == []


def test_live_events_carry_no_author(anonymous_question, community_manager, leader, commit):
    after = get_broker().last_id()
    with commit():
        services.screen_question(actor=community_manager, question=anonymous_question, approve=True)
        services.answer_question(actor=leader, question=anonymous_question, body="No.")
    channel = f"openhour:{anonymous_question.open_hour_id}"
    events = get_broker().replay(frozenset({channel}), after)
    assert events
    for event in events:
        assert set(event.data) == {"open_hour_id", "question_id"}
        assert "Quietly" not in json.dumps(event.data)


def test_summary_post_never_names_the_asker(answered, leader, asker):
    open_hour = answered.open_hour
    with freeze_time(open_hour.ends_at + timedelta(minutes=10)):
        post = services.publish_summary(open_hour=open_hour)
    assert post is not None and "Are layoffs coming?" in post.body
    text = _client(leader).get(f"/posts/{post.pk}/").content.decode()
    assert _leaks(post.body, asker) == [] and _leaks(text, asker) == []
