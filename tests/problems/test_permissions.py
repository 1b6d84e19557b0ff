"""Who may see, raise and change problems: owner, member, outsider, leaders, a private group."""

from __future__ import annotations

import pytest

from townhall.conversations.services import delete_post, publish_post
from townhall.problems import permissions
from townhall.problems.services import create_problem

pytestmark = pytest.mark.django_db


def test_everyone_signed_in_sees_a_problem_in_an_open_group(owner, member, outsider):
    problem = create_problem(author=owner, title="Coffee machine", body="Broken since Monday")
    for person in (owner, member, outsider):
        assert permissions.can_view_problem(person, problem)


def test_outsider_cannot_see_a_problem_in_a_private_group(owner, member, outsider, private_group):
    problem = create_problem(
        author=owner, title="Board deck", body="Numbers are off", group=private_group
    )
    assert permissions.can_view_problem(member, problem)
    assert not permissions.can_view_problem(outsider, problem)


def test_nobody_sees_the_problem_of_a_deleted_post(owner, member):
    problem = create_problem(author=owner, title="Coffee machine", body="Broken")
    delete_post(actor=owner, post=problem.post)
    problem.post.refresh_from_db()
    assert not permissions.can_view_problem(member, problem)


def test_author_may_raise_their_own_post(member):
    post = publish_post(author=member, body="Our meeting rooms are always booked")
    assert permissions.can_raise_problem(member, post)


def test_a_colleague_may_not_raise_someone_elses_post(owner, member):
    post = publish_post(author=owner, body="Our meeting rooms are always booked")
    assert not permissions.can_raise_problem(member, post)


def test_a_leader_may_raise_someone_elses_post(owner, sales_lead):
    post = publish_post(author=owner, body="Our meeting rooms are always booked")
    assert permissions.can_raise_problem(sales_lead, post)


def test_outsider_may_not_raise_a_post_they_cannot_read(owner, outsider, private_group, admin):
    post = publish_post(author=owner, body="Budget", group=private_group)
    assert not permissions.can_raise_problem(outsider, post)
    # Not even an admin: problems follow what a person can read.
    assert not permissions.can_raise_problem(admin, post)


def test_leads_unit_covers_the_unit_and_everything_below(director, engineering, platform, sales):
    assert permissions.leads_unit(director, engineering)
    assert permissions.leads_unit(director, platform)
    assert not permissions.leads_unit(director, sales)


def test_team_lead_does_not_lead_the_unit_above(team_lead, engineering):
    assert not permissions.leads_unit(team_lead, engineering)


def test_owner_unit_leaders_raiser_and_author_may_change(
    engineer, director, team_lead, sales_lead, member, admin, platform
):
    problem = create_problem(author=engineer, title="Disk full", body="Again")
    for person in (engineer, director, team_lead, admin):
        assert permissions.can_change_problem(person, problem), person
    for person in (sales_lead, member):
        assert not permissions.can_change_problem(person, problem), person


def test_leader_of_the_owner_unit_cannot_change_what_they_cannot_read(
    owner, private_group, sales, sales_lead
):
    problem = create_problem(
        author=owner, title="Budget", body="Over", group=private_group, owner_unit=sales
    )
    assert not permissions.can_change_problem(sales_lead, problem)
