"""Live-stream fixtures: short streams, and a private group with owner and member in it."""

from __future__ import annotations

import pytest

from townhall.groups.services import create_group, join_group


@pytest.fixture(autouse=True)
def _short_streams(settings) -> None:
    # Streams end by themselves; a short life lets the test client read the whole response.
    settings.TOWNHALL_LIVE_STREAM_SECONDS = 0.3


@pytest.fixture
def private_group(owner, member):
    group = create_group(actor=owner, name="Board room", visibility="private")
    from townhall.groups.models import Membership

    Membership.objects.create(group=group, person=member)
    return group


@pytest.fixture
def open_group(owner, member):
    group = create_group(actor=owner, name="Cyclists", visibility="open")
    join_group(person=member, group=group)
    return group
