"""The leadership demo: leaders at different stages, nudges and a draft for the CEO."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from townhall.conversations.demo import ConversationConfig, build_conversations
from townhall.groups.services import sync_unit_groups
from townhall.leadership import demo
from townhall.leadership.models import DraftPost, LeaderOnboarding, Nudge
from townhall.leadership.selectors import onboarding_for, onboarding_for_many, pending_drafts_for
from townhall.people.demo import DemoConfig, build_demo
from townhall.people.models import Person

SMALL = DemoConfig(people=60, photo_share=0.0)
NOW = datetime(2026, 3, 6, 11, 30, tzinfo=UTC)


@pytest.fixture
def built(db):
    org = build_demo(SMALL)
    sync_unit_groups()
    build_conversations(org, SMALL, ConversationConfig(now=NOW))
    summary = demo.build_demo(org, SMALL)
    return summary


def test_the_ceo_has_done_every_step(built):
    ceo = Person.objects.get(email=demo.CEO)
    checklist = onboarding_for(ceo)
    assert [s.id for s in checklist.steps if not s.done] == []


def test_the_new_leader_has_done_two_steps(built):
    newcomer = Person.objects.get(email=demo.NEW_LEADER)
    assert onboarding_for(newcomer).done_count == 2


def test_other_leaders_are_somewhere_in_between(built):
    leaders = list(Person.objects.filter(is_leader=True, is_active=True))
    counts = {o.done_count for o in onboarding_for_many(leaders).values()}
    assert len(counts) >= 3
    assert LeaderOnboarding.objects.count() == len(leaders)


def test_the_community_manager_nudged_two_leaders_and_prepared_a_draft_for_the_ceo(built):
    comms = Person.objects.get(email=demo.COMMS)
    ceo = Person.objects.get(email=demo.CEO)
    assert Nudge.objects.filter(sent_by=comms).count() == 2
    drafts = list(pending_drafts_for(ceo))
    assert len(drafts) == 1 and drafts[0].prepared_by == comms
    assert DraftPost.objects.count() == 1


def test_the_summary_is_one_line(built):
    assert built.startswith("leadership: ") and "\n" not in built
    assert "CEO 8/8" in built and "new leader 2/8" in built
