"""Fixtures for leadership tests: a small org with a line of leaders, committing writes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.factories import PersonFactory, UnitFactory
from townhall.groups.services import create_group, decide_join_request, request_to_join
from townhall.people.services import create_access_token, set_unit_manager

API = "/api/v1"


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


@dataclass
class Line:
    """Acme › Sales › Nordics: a CEO, a head of sales and a team lead above a member."""

    ceo: Any
    head: Any
    lead: Any
    employee: Any
    units: dict[str, Any]


@pytest.fixture
def line(company, admin) -> Line:
    sales = UnitFactory(name="Sales", kind="department", parent=company)
    nordics = UnitFactory(name="Nordics", kind="team", parent=sales)
    ceo = PersonFactory(first_name="Carla", last_name="Ceo", primary_unit=company)
    head = PersonFactory(first_name="Hugo", last_name="Head", primary_unit=sales, reports_to=ceo)
    lead = PersonFactory(first_name="Lena", last_name="Lead", primary_unit=nordics, reports_to=head)
    for unit, manager in ((company, ceo), (sales, head), (nordics, lead)):
        set_unit_manager(actor=admin, unit=unit, manager=manager)
    employee = PersonFactory(
        first_name="Erik", last_name="Employee", primary_unit=nordics, reports_to=lead
    )
    for person in (ceo, head, lead):
        person.refresh_from_db()
    return Line(
        ceo=ceo,
        head=head,
        lead=lead,
        employee=employee,
        units={"company": company, "sales": sales, "nordics": nordics},
    )


@pytest.fixture
def leader(company):
    return PersonFactory(
        first_name="Liv", last_name="Leader", roles=["leader"], primary_unit=company
    )


@pytest.fixture
def private_group(owner, member):
    group = create_group(actor=owner, name="Board room", visibility="private")
    decide_join_request(
        actor=owner, request=request_to_join(person=member, group=group), approve=True
    )
    return group


def bearer(person) -> dict[str, str]:
    _token, raw = create_access_token(actor=person, name="tests")
    return {"Authorization": f"Bearer {raw}"}


def call(client, method, path, person, payload=None):
    kwargs = {"content_type": "application/json"} if payload is not None else {}
    return getattr(client, method)(API + path, payload, headers=bearer(person), **kwargs)


@pytest.fixture(autouse=True)
def _urls_loaded_before_freezing_time() -> None:
    # The API schemas are built when the URLconf first loads; under freezegun pydantic would
    # meet FakeDatetime in them, so the URLconf loads before any test freezes the clock.
    from django.urls import reverse

    reverse("home")
