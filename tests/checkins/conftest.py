"""Fixtures for check-ins: Acme with Sales and Engineering (a Platform team below it).

The standing three are re-seated for a team: the owner and a member work in Sales, the
outsider in Engineering, so a Sales round is not theirs.
"""

from __future__ import annotations

import pytest

from tests.factories import PersonFactory, UnitFactory
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
def ceo(company, admin):
    carla = PersonFactory(first_name="Carla", last_name="Chief", primary_unit=company)
    set_unit_manager(actor=admin, unit=company, manager=carla)
    carla.refresh_from_db()
    return carla


@pytest.fixture
def sales(company):
    return UnitFactory(name="Sales", kind="department", parent=company)


@pytest.fixture
def engineering(company):
    return UnitFactory(name="Engineering", kind="department", parent=company)


@pytest.fixture
def platform(engineering):
    return UnitFactory(name="Platform", kind="team", parent=engineering)


@pytest.fixture
def lead(sales, admin):
    """Sven, who manages Sales."""
    sven = PersonFactory(first_name="Sven", last_name="Lead", primary_unit=sales)
    set_unit_manager(actor=admin, unit=sales, manager=sven)
    sven.refresh_from_db()
    sales.refresh_from_db()
    return sven


@pytest.fixture
def owner(sales, lead):
    return PersonFactory(first_name="Olga", last_name="Owner", primary_unit=sales, reports_to=lead)


@pytest.fixture
def member(sales, lead):
    return PersonFactory(first_name="Mats", last_name="Member", primary_unit=sales, reports_to=lead)


@pytest.fixture
def outsider(engineering):
    return PersonFactory(first_name="Otto", last_name="Outsider", primary_unit=engineering)


def answers(**overrides: str) -> dict[str, str]:
    """The three prompts, filled in."""
    values = {
        "did": "Closed the Fjord Logistics renewal.",
        "doing": "Pricing workshop with the Nordics team.",
        "need_help": "Who knows the new CPQ tool?",
    }
    values.update(overrides)
    return values
