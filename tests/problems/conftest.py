"""Fixtures for problem tests: a small org with leaders, a private group, committing writes."""

from __future__ import annotations

import pytest

from tests.factories import PersonFactory, UnitFactory
from townhall.groups.services import answer_group_invitation, create_group, invite_to_group
from townhall.people.services import set_unit_manager


@pytest.fixture(autouse=True)
def _generous_rate_limits(settings):
    # Tests publish many posts in a second; the per-person limit is not what they test.
    settings.TOWNHALL_RATE_LIMITS = {
        action: (10_000, window)
        for action, (_limit, window) in settings.TOWNHALL_RATE_LIMITS.items()
    }


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit(): ...` runs the block's after-commit callbacks, as a real request would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def engineering(company):
    return UnitFactory(name="Engineering", kind="department", parent=company)


@pytest.fixture
def platform(engineering):
    return UnitFactory(name="Platform", kind="team", parent=engineering)


@pytest.fixture
def sales(company):
    return UnitFactory(name="Sales", kind="department", parent=company)


@pytest.fixture
def director(engineering, admin):
    """Manages Engineering, the unit above Platform."""
    person = PersonFactory(first_name="Dana", last_name="Director", primary_unit=engineering)
    set_unit_manager(actor=admin, unit=engineering, manager=person)
    return person


@pytest.fixture
def team_lead(platform, admin):
    """Manages Platform."""
    person = PersonFactory(first_name="Tess", last_name="Lead", primary_unit=platform)
    set_unit_manager(actor=admin, unit=platform, manager=person)
    return person


@pytest.fixture
def sales_lead(sales, admin):
    """A leader elsewhere: manages Sales, nothing in Engineering."""
    person = PersonFactory(first_name="Sven", last_name="Sales", primary_unit=sales)
    set_unit_manager(actor=admin, unit=sales, manager=person)
    return person


@pytest.fixture
def engineer(platform):
    return PersonFactory(first_name="Eli", last_name="Engineer", primary_unit=platform)


@pytest.fixture
def private_group(owner, member, director, team_lead):
    """Owner's private group; member, director and team lead belong, outsider does not."""
    group = create_group(actor=owner, name="Board room", visibility="private")
    for person in (member, director, team_lead):
        invitation = invite_to_group(actor=owner, group=group, person=person)
        answer_group_invitation(person=person, invitation=invitation, accept=True)
    return group
