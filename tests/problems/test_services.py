"""Raising, creating, status changes and owner changes, through the real services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from freezegun import freeze_time

from townhall.conversations.models import Post
from townhall.conversations.services import publish_post
from townhall.problems.models import EventKind, Problem, ProblemEvent, ProblemStatus
from townhall.problems.services import (
    change_owner_unit,
    change_status,
    create_problem,
    raise_problem,
)

pytestmark = pytest.mark.django_db


def test_raise_problem_defaults_owner_unit_to_the_authors_unit(engineer, platform):
    post = publish_post(author=engineer, body="The staging database is out of disk again")
    problem = raise_problem(actor=engineer, post=post)
    assert problem.owner_unit == platform
    assert problem.status == ProblemStatus.OPEN
    assert problem.raised_by == engineer


def test_raise_problem_records_the_raise_in_the_timeline(engineer, platform):
    post = publish_post(author=engineer, body="Builds take 40 minutes")
    problem = raise_problem(actor=engineer, post=post)
    [event] = ProblemEvent.objects.filter(problem=problem)
    assert (event.kind, event.actor, event.to_status, event.owner_unit) == (
        EventKind.RAISED,
        engineer,
        ProblemStatus.OPEN,
        platform,
    )


def test_raising_a_post_twice_is_refused(engineer):
    post = publish_post(author=engineer, body="VPN drops every hour")
    raise_problem(actor=engineer, post=post)
    with pytest.raises(ValidationError) as caught:
        raise_problem(actor=engineer, post=post)
    assert "post" in caught.value.message_dict
    assert Problem.objects.count() == 1


def test_member_cannot_raise_someone_elses_post(engineer, member):
    post = publish_post(author=engineer, body="Printer on floor 3 is jammed")
    with pytest.raises(PermissionDenied):
        raise_problem(actor=member, post=post)
    assert not Problem.objects.exists()


def test_leader_can_raise_someone_elses_post_for_a_unit_they_choose(engineer, sales_lead, sales):
    post = publish_post(author=engineer, body="Customers cannot find the returns form")
    problem = raise_problem(actor=sales_lead, post=post, owner_unit=sales)
    assert problem.owner_unit == sales and problem.raised_by == sales_lead


def test_create_problem_publishes_a_post_and_raises_it(engineer, platform):
    problem = create_problem(
        author=engineer, title="Flaky deploys", body="One in five deploys fails on migrations."
    )
    post = Post.objects.get()
    assert problem.post == post
    assert post.title == "Flaky deploys" and post.author == engineer
    assert problem.owner_unit == platform


def test_create_problem_without_a_title_writes_nothing(engineer):
    with pytest.raises(ValidationError) as caught:
        create_problem(author=engineer, title="  ", body="Something is broken")
    assert "title" in caught.value.message_dict
    assert not Post.objects.exists() and not Problem.objects.exists()


def test_create_problem_in_a_group_the_author_cannot_post_in_writes_nothing(
    outsider, private_group
):
    with pytest.raises(PermissionDenied):
        create_problem(author=outsider, title="Leaky roof", body="Drips", group=private_group)
    assert not Post.objects.exists() and not Problem.objects.exists()


def test_resolving_needs_a_resolution_note(engineer):
    problem = create_problem(author=engineer, title="Slow CI", body="Queues are long")
    with pytest.raises(ValidationError) as caught:
        change_status(actor=engineer, problem=problem, status=ProblemStatus.RESOLVED, note=" ")
    assert "note" in caught.value.message_dict
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.OPEN
    assert ProblemEvent.objects.filter(kind=EventKind.STATUS).count() == 0


def test_resolving_records_who_when_how_and_the_time_it_took(engineer, team_lead):
    with freeze_time("2026-03-02 09:00:00+00:00"):
        problem = create_problem(author=engineer, title="Slow CI", body="Queues are long")
    with freeze_time("2026-03-03 15:30:00+00:00"):
        change_status(
            actor=team_lead, problem=problem, status="resolved", note="Added four runners."
        )
    problem.refresh_from_db()
    assert problem.resolved_by == team_lead
    assert problem.resolution_note == "Added four runners."
    assert problem.time_to_resolution == timedelta(hours=30, minutes=30)


def test_reopening_clears_the_resolution_but_keeps_it_in_the_timeline(engineer, team_lead):
    problem = create_problem(author=engineer, title="Slow CI", body="Queues are long")
    change_status(actor=team_lead, problem=problem, status="resolved", note="More runners.")
    change_status(actor=engineer, problem=problem, status="open", note="Slow again today.")
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.OPEN
    assert problem.resolved_at is None and problem.time_to_resolution is None
    assert problem.resolution_note == ""
    notes = list(ProblemEvent.objects.filter(kind=EventKind.STATUS).values_list("note", flat=True))
    assert notes == ["More runners.", "Slow again today."]


def test_moving_to_the_same_status_is_refused(engineer):
    problem = create_problem(author=engineer, title="Slow CI", body="Queues are long")
    with pytest.raises(ValidationError):
        change_status(actor=engineer, problem=problem, status="open")


def test_unknown_status_is_refused(engineer):
    problem = create_problem(author=engineer, title="Slow CI", body="Queues are long")
    with pytest.raises(ValidationError):
        change_status(actor=engineer, problem=problem, status="closed")


def test_manager_above_the_owner_unit_can_change_status(engineer, director):
    problem = create_problem(author=engineer, title="Slow CI", body="Queues are long")
    change_status(actor=director, problem=problem, status="in_progress")
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.IN_PROGRESS


def test_leader_of_another_unit_cannot_change_status(engineer, sales_lead):
    problem = create_problem(author=engineer, title="Slow CI", body="Queues are long")
    with pytest.raises(PermissionDenied):
        change_status(actor=sales_lead, problem=problem, status="in_progress")


def test_helper_cannot_change_status(engineer, member):
    problem = create_problem(
        author=engineer, title="Slow CI", body=f"@{member.handle} could you look?"
    )
    with pytest.raises(PermissionDenied):
        change_status(actor=member, problem=problem, status="in_progress")


def test_community_manager_can_change_status(engineer, community_manager):
    problem = create_problem(author=engineer, title="Slow CI", body="Queues are long")
    change_status(actor=community_manager, problem=problem, status="in_progress")
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.IN_PROGRESS


def test_changing_the_owner_unit_is_recorded(engineer, team_lead, sales):
    problem = create_problem(author=engineer, title="Quotes are wrong", body="Prices off by 10%")
    change_owner_unit(actor=team_lead, problem=problem, owner_unit=sales, note="Pricing is Sales")
    problem.refresh_from_db()
    assert problem.owner_unit == sales
    event = ProblemEvent.objects.get(kind=EventKind.OWNER)
    assert event.owner_unit == sales and event.note == "Pricing is Sales"


def test_handing_to_the_unit_that_already_owns_it_is_refused(engineer, platform):
    problem = create_problem(author=engineer, title="Slow CI", body="Queues are long")
    with pytest.raises(ValidationError):
        change_owner_unit(actor=engineer, problem=problem, owner_unit=platform)
