"""Live mode: votes, answers and new questions reach people watching the session, never others."""

from __future__ import annotations

import json
import warnings

import pytest
from django.test import Client

from tests.openhours.conftest import ask
from townhall.live.broker import get_broker
from townhall.openhours import services


@pytest.fixture(autouse=True)
def _short_streams(settings) -> None:
    # Streams end by themselves; a short life lets the test client read the whole response.
    settings.TOWNHALL_LIVE_STREAM_SECONDS = 0.3


def _baseline() -> int:
    return get_broker().publish("test:baseline", "noop", {}).id


def _events(person, after: int, open_hour_id: int) -> list[tuple[str, dict[str, object]]]:
    client = Client()
    client.force_login(person)
    response = client.get(f"/live/events?openhours={open_hour_id}", HTTP_LAST_EVENT_ID=str(after))
    assert response.status_code == 200
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text = b"".join(response).decode()
    out = []
    for block in text.split("\n\n"):
        fields = dict(
            line.split(": ", 1) for line in block.splitlines() if ": " in line and line[0] != ":"
        )
        if fields.get("event") == "openhour":
            out.append((fields["event"], json.loads(fields["data"])))
    return out


@pytest.mark.django_db(transaction=True)
def test_vote_and_answer_reach_a_member_watching_a_private_session(
    leader, member, owner, private_group, schedule
):
    open_hour = schedule(audience=private_group)
    question = ask(member, open_hour, "Budget?")
    after = _baseline()
    services.vote(person=leader, question=question)
    services.answer_question(actor=leader, question=question, body="Approved")
    events = _events(member, after, open_hour.pk)
    expected = {"open_hour_id": open_hour.pk, "question_id": question.pk}
    assert events == [("openhour", expected), ("openhour", expected)]


@pytest.mark.django_db(transaction=True)
def test_outsider_asking_for_a_private_session_hears_nothing(
    leader, member, outsider, private_group, schedule
):
    open_hour = schedule(audience=private_group)
    question = ask(member, open_hour, "Budget?")
    after = _baseline()
    services.answer_question(actor=leader, question=question, body="Approved")
    assert _events(outsider, after, open_hour.pk) == []


@pytest.mark.django_db(transaction=True)
def test_pending_anonymous_question_reaches_only_screeners(
    member, asker, community_manager, schedule
):
    open_hour = schedule()
    after = _baseline()
    question = ask(asker, open_hour, "Worry", anonymous=True)
    assert _events(member, after, open_hour.pk) == []
    expected = {"open_hour_id": open_hour.pk, "question_id": question.pk}
    assert _events(community_manager, after, open_hour.pk) == [("openhour", expected)]


@pytest.mark.django_db(transaction=True)
def test_approval_refreshes_everyone_watching(member, asker, community_manager, schedule):
    open_hour = schedule()
    question = ask(asker, open_hour, "Worry", anonymous=True)
    after = _baseline()
    services.screen_question(actor=community_manager, question=question, approve=True)
    assert [kind for kind, _data in _events(member, after, open_hour.pk)] == ["openhour"]
