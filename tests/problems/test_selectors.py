"""Boards, the leader's open list, helpers, timelines and statistics, all permission-filtered."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from freezegun import freeze_time

from townhall.conversations.services import add_comment, delete_comment
from townhall.problems import selectors
from townhall.problems.services import change_status, create_problem

pytestmark = pytest.mark.django_db


def _titles(page):
    return [p.post.title for p in page.problems]


def test_board_includes_sub_units_by_default(engineer, director, engineering):
    create_problem(author=engineer, title="Platform issue", body="x")
    create_problem(author=director, title="Engineering issue", body="x")
    page = selectors.problems_board(director, unit=engineering)
    assert _titles(page) == ["Engineering issue", "Platform issue"]


def test_board_can_show_only_the_unit_itself(engineer, director, engineering):
    create_problem(author=engineer, title="Platform issue", body="x")
    create_problem(author=director, title="Engineering issue", body="x")
    page = selectors.problems_board(director, unit=engineering, include_subunits=False)
    assert _titles(page) == ["Engineering issue"]


def test_board_filters_by_status(engineer, team_lead, platform):
    done = create_problem(author=engineer, title="Done", body="x")
    create_problem(author=engineer, title="Still open", body="x")
    change_status(actor=team_lead, problem=done, status="resolved", note="Fixed")
    page = selectors.problems_board(engineer, unit=platform, status="resolved")
    assert _titles(page) == ["Done"]


def test_board_refuses_an_unknown_status(engineer, platform):
    with pytest.raises(ValidationError):
        selectors.problems_board(engineer, unit=platform, status="closed")


def test_board_pages_with_a_keyset_cursor(engineer, platform):
    for n in range(5):
        with freeze_time(f"2026-03-0{n + 1} 09:00:00+00:00"):
            create_problem(author=engineer, title=f"Problem {n}", body="x")
    first = selectors.problems_board(engineer, unit=platform, limit=2)
    second = selectors.problems_board(engineer, unit=platform, limit=2, after=first.next_cursor)
    third = selectors.problems_board(engineer, unit=platform, limit=2, after=second.next_cursor)
    assert _titles(first) + _titles(second) + _titles(third) == [
        "Problem 4",
        "Problem 3",
        "Problem 2",
        "Problem 1",
        "Problem 0",
    ]
    assert third.next_cursor is None


def test_board_refuses_a_forged_cursor(engineer, platform):
    with pytest.raises(ValidationError):
        selectors.problems_board(engineer, unit=platform, after="bm90LWEtY3Vyc29y")


def test_board_hides_problems_in_a_private_group_from_outsiders(
    owner, outsider, member, private_group, company
):
    create_problem(author=owner, title="Secret", body="x", group=private_group)
    create_problem(author=owner, title="Public", body="x")
    assert _titles(selectors.problems_board(outsider, unit=company)) == ["Public"]
    assert _titles(selectors.problems_board(member, unit=company)) == ["Public", "Secret"]


def test_leader_sees_open_problems_of_their_unit_and_below(
    engineer, director, team_lead, sales_lead, owner, sales
):
    create_problem(author=engineer, title="Platform", body="x")
    create_problem(author=director, title="Engineering", body="x")
    create_problem(author=owner, title="Sales", body="x", owner_unit=sales)
    assert [p.post.title for p in selectors.open_problems_for_leader(director)] == [
        "Engineering",
        "Platform",
    ]
    assert [p.post.title for p in selectors.open_problems_for_leader(team_lead)] == ["Platform"]
    assert [p.post.title for p in selectors.open_problems_for_leader(sales_lead)] == ["Sales"]


def test_leader_list_leaves_out_resolved_problems(engineer, team_lead):
    problem = create_problem(author=engineer, title="Platform", body="x")
    change_status(actor=team_lead, problem=problem, status="resolved", note="Fixed")
    assert not selectors.open_problems_for_leader(team_lead).exists()


def test_leader_list_leaves_out_what_the_leader_cannot_read(owner, private_group, sales, admin):
    from tests.factories import PersonFactory
    from townhall.people.services import set_unit_manager

    outsider_lead = PersonFactory(first_name="Ola", last_name="Outside")
    set_unit_manager(actor=admin, unit=sales, manager=outsider_lead)
    create_problem(author=owner, title="Budget", body="x", group=private_group, owner_unit=sales)
    assert list(selectors.open_problems_for_leader(outsider_lead)) == []


def test_leader_list_is_empty_for_someone_who_manages_nothing(engineer, member):
    create_problem(author=engineer, title="Platform", body="x")
    assert list(selectors.open_problems_for_leader(member)) == []


def test_leader_list_loads_posts_authors_and_units_in_a_fixed_number_of_queries(
    engineer, director, django_assert_num_queries
):
    for n in range(3):
        create_problem(author=engineer, title=f"P{n}", body="x")
    # The leader's units, their group memberships (readability), then the problems.
    with django_assert_num_queries(3):
        rows = list(selectors.open_problems_for_leader(director))
        names = [(p.post.author.display_name, p.owner_unit.name, p.post.group.name) for p in rows]
    assert len(names) == 3


def test_helpers_are_people_mentioned_in_the_post_and_its_comments(
    engineer, member, owner, team_lead
):
    problem = create_problem(author=engineer, title="Disk", body=f"@{member.handle} help?")
    add_comment(author=team_lead, post=problem.post, body=f"@{owner.handle} can you take it?")
    assert selectors.helpers(problem) == sorted([member, owner], key=lambda p: p.sort_name)


def test_a_deleted_comment_no_longer_makes_a_helper(engineer, owner, team_lead):
    problem = create_problem(author=engineer, title="Disk", body="Full")
    comment = add_comment(author=team_lead, post=problem.post, body=f"@{owner.handle} look")
    delete_comment(actor=team_lead, comment=comment)
    assert selectors.helpers(problem) == []


def test_board_stats_count_open_work_and_the_median_time_to_resolution(
    engineer, team_lead, platform
):
    hours = (2, 10, 30)
    for n, took in enumerate(hours):
        with freeze_time(f"2026-03-0{n + 1} 08:00:00+00:00") as clock:
            problem = create_problem(author=engineer, title=f"Fixed {n}", body="x")
            clock.tick(timedelta(hours=took))
            change_status(actor=team_lead, problem=problem, status="resolved", note="Done")
    create_problem(author=engineer, title="Open", body="x")
    busy = create_problem(author=engineer, title="Busy", body="x")
    change_status(actor=team_lead, problem=busy, status="in_progress")
    with freeze_time("2026-03-20 08:00:00+00:00"):
        stats = selectors.board_stats(engineer, unit=platform)
    assert (stats.open, stats.in_progress, stats.resolved_recently) == (1, 1, 3)
    assert stats.median_time_to_resolution == timedelta(hours=10)


def test_board_stats_forget_resolutions_older_than_ninety_days(engineer, team_lead, platform):
    with freeze_time("2025-01-01 08:00:00+00:00"):
        problem = create_problem(author=engineer, title="Old", body="x")
        change_status(actor=team_lead, problem=problem, status="resolved", note="Done")
    with freeze_time("2026-03-20 08:00:00+00:00"):
        stats = selectors.board_stats(engineer, unit=platform)
    assert stats.resolved_recently == 0 and stats.median_time_to_resolution is None


def test_board_stats_do_not_count_problems_the_viewer_cannot_read(
    owner, outsider, private_group, company
):
    create_problem(author=owner, title="Secret", body="x", group=private_group)
    assert selectors.board_stats(outsider, unit=company).open == 0
    assert selectors.board_stats(owner, unit=company).open == 1
