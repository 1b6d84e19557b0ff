"""Fixtures for notification tests: committing writes so after-commit listeners run."""

from __future__ import annotations

import pytest

from townhall.groups.models import Membership
from townhall.groups.services import create_group


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit(): ...` runs the block's after-commit callbacks, as a real request would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def private_group(owner, member):
    group = create_group(actor=owner, name="Board room", visibility="private")
    Membership.objects.create(group=group, person=member)
    return group


@pytest.fixture(autouse=True)
def _generous_rate_limits(settings):
    # Tests publish dozens of posts in a second; the per-person limit is not what they test.
    settings.TOWNHALL_RATE_LIMITS = {
        action: (10_000, window)
        for action, (_limit, window) in settings.TOWNHALL_RATE_LIMITS.items()
    }
