"""Fixtures for the leader inbox: a small org with a leader, their team, a private group."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import PersonFactory, UnitFactory
from townhall.groups.services import answer_group_invitation, create_group, invite_to_group
from townhall.people.services import set_unit_manager

# Posts are written now; the inbox is read as if this much later (quiet posts need 48 hours).
LATER = timedelta(days=3)


@pytest.fixture(autouse=True)
def _generous_rate_limits(settings):
    # Tests publish many posts in a second; the per-person limit is not what they test.
    settings.TOWNHALL_RATE_LIMITS = {
        action: (10_000, window)
        for action, (_limit, window) in settings.TOWNHALL_RATE_LIMITS.items()
    }


@pytest.fixture
def later():
    """A moment three days from now, to read the inbox at."""
    return timezone.now() + LATER


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
def leader(engineering, admin):
    """Dana manages Engineering (and so Platform below it)."""
    person = PersonFactory(
        first_name="Dana", last_name="Director", primary_unit=engineering, email="dana@acme.test"
    )
    set_unit_manager(actor=admin, unit=engineering, manager=person)
    person.refresh_from_db()
    return person


@pytest.fixture
def engineer(platform):
    """Eli works in Platform, inside Dana's subtree."""
    return PersonFactory(first_name="Eli", last_name="Engineer", primary_unit=platform)


@pytest.fixture
def seller(sales):
    """Sam works in Sales, outside Dana's subtree."""
    return PersonFactory(first_name="Sam", last_name="Seller", primary_unit=sales)


@pytest.fixture
def private_group(owner, member, engineer):
    """Owner's private group: member and engineer belong; the leader and outsider do not."""
    group = create_group(actor=owner, name="Skunkworks", visibility="private")
    for person in (member, engineer):
        invitation = invite_to_group(actor=owner, group=group, person=person)
        answer_group_invitation(person=person, invitation=invitation, accept=True)
    return group
