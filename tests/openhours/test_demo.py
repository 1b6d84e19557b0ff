"""The open-hours demo: the CEO's weekly series with history, and a unit leader's session."""

from __future__ import annotations

import pytest

from townhall.conversations.demo import ConversationConfig, build_conversations
from townhall.groups.services import sync_unit_groups
from townhall.openhours.demo import build_demo as build_openhours
from townhall.openhours.models import OpenHour, Question, QuestionStatus
from townhall.openhours.selectors import board_for
from townhall.people.demo import DemoConfig, build_demo
from townhall.people.models import Person

SMALL = DemoConfig(people=60, photo_share=0.0)


@pytest.fixture
def demo(db) -> str:
    org = build_demo(SMALL)
    sync_unit_groups()
    build_conversations(org, SMALL, ConversationConfig())
    return build_openhours(org, SMALL)


def test_ceo_has_two_past_sessions_with_summaries_and_an_upcoming_series(demo):
    ceo = Person.objects.get(email="ceo@demo.townhall.example")
    mine = OpenHour.objects.filter(host=ceo)
    past = [o for o in mine if o.state == "ended"]
    assert len(past) == 2 and all(o.summary_post_id for o in past)
    assert all(o.article_id for o in mine[:3])
    assert sum(1 for o in mine if o.state == "upcoming") == 4
    assert "open hours" in demo


def test_past_sessions_hold_an_answered_anonymous_question(demo):
    answered = Question.objects.filter(
        is_anonymous=True, status=QuestionStatus.ANSWERED, open_hour__ends_at__isnull=False
    )
    assert answered.count() == 2
    for question in answered:
        assert question.created_at < question.open_hour.starts_at < question.answered_at


def test_community_manager_has_a_question_to_screen(demo):
    comms = Person.objects.get(email="comms@demo.townhall.example")
    ceo = Person.objects.get(email="ceo@demo.townhall.example")
    upcoming = OpenHour.objects.filter(host=ceo, questions__isnull=False).order_by("-starts_at")[0]
    assert len(board_for(comms, upcoming).screening) == 1


def test_a_unit_leader_holds_a_session_for_their_unit(demo):
    unit_sessions = OpenHour.objects.filter(audience__unit__isnull=False).exclude(
        audience__is_company=True
    )
    assert unit_sessions.count() == 1
    assert unit_sessions.get().questions.count() == 3
