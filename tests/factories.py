"""Test data through the real services, so tests walk the same path people do."""

from __future__ import annotations

import itertools
from typing import Any

from townhall.people.models import OrgUnit, Person
from townhall.people.services import create_person, create_unit

PASSWORD = "correct-horse-battery-9"
_seq = itertools.count(1)


def PersonFactory(**kwargs: Any) -> Person:  # noqa: N802 - reads like factory-boy's factories
    n = next(_seq)
    kwargs.setdefault("email", f"person{n}@example.com")
    kwargs.setdefault("first_name", f"Person{n}")
    kwargs.setdefault("last_name", "Tester")
    kwargs.setdefault("password", PASSWORD)
    return create_person(**kwargs)


def UnitFactory(**kwargs: Any) -> OrgUnit:  # noqa: N802
    n = next(_seq)
    kwargs.setdefault("name", f"Unit {n}")
    kwargs.setdefault("actor", None)
    return create_unit(**kwargs)
