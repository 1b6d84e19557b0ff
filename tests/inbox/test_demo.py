"""The inbox demo: the CEO and a team leader open a realistic inbox."""

from __future__ import annotations

import pytest

from townhall.conversations.demo import ConversationConfig, build_conversations
from townhall.groups.services import sync_unit_groups
from townhall.inbox import demo
from townhall.inbox.models import Snooze
from townhall.inbox.selectors import inbox_for
from townhall.people.demo import DemoConfig, build_demo
from townhall.people.models import Person

SMALL = DemoConfig(people=60, photo_share=0.0)


@pytest.fixture
def built(db):
    org = build_demo(SMALL)
    sync_unit_groups()
    build_conversations(org, SMALL, ConversationConfig())
    return demo.build_demo(org, SMALL)


def test_the_ceo_has_a_question_a_quiet_post_and_a_snoozed_item(built):
    ceo = Person.objects.get(email=demo.CEO_EMAIL)
    types = {item.type for item in inbox_for(ceo)}
    assert {"question", "quiet_post"} <= types
    assert Snooze.objects.filter(person=ceo).count() == 1


def test_a_team_leader_has_a_realistic_inbox_too(built):
    leaders = Person.objects.filter(inbox_snoozes__isnull=False).exclude(email=demo.CEO_EMAIL)
    [team_leader] = leaders
    types = {item.type for item in inbox_for(team_leader)}
    assert {"question", "quiet_post"} <= types
    assert built.startswith("inbox: items waiting for ")
