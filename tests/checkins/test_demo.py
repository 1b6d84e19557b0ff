"""The check-ins demo: three weeks, the CEO every week, not everyone, one call for help answered."""

from __future__ import annotations

import pytest

from townhall.checkins import demo
from townhall.checkins.models import CheckIn
from townhall.checkins.weeks import current_week
from townhall.conversations.models import Comment
from townhall.groups.services import sync_unit_groups
from townhall.people.demo import DemoConfig, build_demo

SMALL = DemoConfig(people=80, photo_share=0.0)
CEO = "ceo@demo.townhall.example"


@pytest.fixture
def summary(db) -> str:
    org = build_demo(SMALL)
    sync_unit_groups()
    return demo.build_demo(org, SMALL)


def test_the_ceo_checks_in_every_one_of_the_three_weeks(summary):
    weeks = CheckIn.objects.filter(person__email=CEO).values_list("week", flat=True)
    assert len(set(weeks)) == 3
    assert max(weeks) == current_week()


def test_not_everyone_in_a_demo_unit_checks_in_every_week(summary):
    from townhall.people.models import Person

    people = Person.objects.filter(primary_unit__name__in=demo.demo_data.UNITS).count()
    assert 0 < CheckIn.objects.exclude(person__email=CEO).count() < people * 3


def test_one_call_for_help_gets_a_reply(summary):
    asking = CheckIn.objects.exclude(need_help="").values_list("post_id", flat=True)
    assert Comment.objects.filter(post_id__in=list(asking)).count() == 1
    assert "1 answered" in summary


def test_some_checkins_are_written_in_dutch_or_swedish(summary):
    texts = " ".join(CheckIn.objects.values_list("did", flat=True))
    assert "getekend" in texts or "avtal" in texts or "Gick igenom" in texts


def test_the_demo_is_the_same_for_the_same_seed(db):
    org = build_demo(SMALL)
    sync_unit_groups()
    demo.build_demo(org, SMALL)
    rows = sorted(CheckIn.objects.values_list("person__email", "week", "did"))
    CheckIn.objects.all().delete()
    demo.build_demo(org, SMALL)
    assert sorted(CheckIn.objects.values_list("person__email", "week", "did")) == rows
