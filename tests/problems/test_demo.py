"""The problems demo: written through the services, with realistic times and statuses."""

from __future__ import annotations

from datetime import timedelta

import pytest

from townhall.conversations.demo import ConversationConfig, build_conversations
from townhall.groups.services import sync_unit_groups
from townhall.people.demo import DemoConfig, build_demo
from townhall.problems import demo
from townhall.problems.models import Problem, ProblemEvent, ProblemStatus
from townhall.problems.selectors import helpers

SMALL = DemoConfig(people=60, photo_share=0.0)


@pytest.fixture
def built(db):
    org = build_demo(SMALL)
    sync_unit_groups()
    build_conversations(org, SMALL, ConversationConfig())
    return demo.build_demo(org, SMALL)


def test_demo_writes_problems_in_every_status(built):
    assert built.startswith("8 problems")
    statuses = set(Problem.objects.values_list("status", flat=True))
    assert statuses == set(ProblemStatus.values)


def test_resolved_demo_problems_have_notes_and_realistic_times(built):
    for problem in Problem.objects.filter(status=ProblemStatus.RESOLVED):
        assert problem.resolution_note
        assert timedelta(hours=1) <= problem.time_to_resolution <= timedelta(days=14)
        assert problem.resolved_at - problem.raised_at == problem.time_to_resolution


def test_demo_problems_in_progress_have_a_helper(built):
    for problem in Problem.objects.filter(status=ProblemStatus.IN_PROGRESS):
        assert helpers(problem), problem.post.title


def test_demo_timelines_are_in_time_order_and_in_the_past(built):
    for problem in Problem.objects.all():
        times = list(
            ProblemEvent.objects.filter(problem=problem).values_list("created_at", flat=True)
        )
        assert times == sorted(times) and times[0] == problem.raised_at
        assert problem.post.created_at == problem.raised_at
