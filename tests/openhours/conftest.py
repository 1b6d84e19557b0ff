"""Open-hour fixtures: a leader who hosts, a private board group, sessions through the services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.factories import PersonFactory
from townhall.groups.services import answer_group_invitation, create_group, invite_to_group
from townhall.openhours import services
from townhall.openhours.models import OpenHour, Question
from townhall.people.models import Person


@pytest.fixture
def leader(company) -> Person:
    return PersonFactory(
        first_name="Lena", last_name="Leader", roles=["leader"], primary_unit=company
    )


@pytest.fixture
def asker(company) -> Person:
    """Someone whose name must never appear next to an anonymous question."""
    return PersonFactory(
        first_name="Zebedee",
        last_name="Quietly",
        email="zebedee.quietly@example.com",
        primary_unit=company,
    )


@pytest.fixture
def private_group(leader, member):
    group = create_group(actor=leader, name="Board room", visibility="private")
    invitation = invite_to_group(actor=leader, group=group, person=member)
    answer_group_invitation(person=member, invitation=invitation, accept=True)
    return group


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit(): ...` runs the block's after-commit callbacks, as a real request would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture(autouse=True, scope="session")
def _urls_loaded() -> None:
    # Loading the URLconf imports the API schemas; under freezegun pydantic would meet its fake
    # datetime class, so load it before any test freezes time.
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018


@pytest.fixture(autouse=True)
def _generous_rate_limits(settings):
    settings.TOWNHALL_RATE_LIMITS = {
        action: (10_000, window)
        for action, (_limit, window) in settings.TOWNHALL_RATE_LIMITS.items()
    }


Schedule = Callable[..., OpenHour]


@pytest.fixture
def schedule(leader) -> Schedule:
    """Schedule a session through the service: by default an hour from now, for an hour."""

    def make(
        host: Person | None = None,
        *,
        actor: Person | None = None,
        start_in: timedelta = timedelta(hours=1),
        minutes: int = 60,
        **fields: Any,
    ) -> OpenHour:
        host = host or leader
        starts = timezone.now() + start_in
        fields.setdefault("title", "Ask me anything")
        return services.schedule_open_hour(
            actor=actor or host,
            host=host,
            starts_at=starts,
            ends_at=starts + timedelta(minutes=minutes),
            **fields,
        )

    return make


@pytest.fixture
def live_session(schedule) -> OpenHour:
    """A session that started ten minutes ago."""
    return schedule(start_in=timedelta(minutes=-10))


def ask(person: Person, open_hour: OpenHour, text: str = "Why?", **kw: Any) -> Question:
    return services.ask_question(author=person, open_hour=open_hour, text=text, **kw)
