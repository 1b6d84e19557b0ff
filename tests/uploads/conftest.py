"""Fixtures for upload tests: the three standing people and a private group."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings

from townhall.groups.services import create_group, decide_join_request, request_to_join


@pytest.fixture
def private_group(owner, member):
    group = create_group(actor=owner, name="Board room", visibility="private")
    decide_join_request(
        actor=owner, request=request_to_join(person=member, group=group), approve=True
    )
    return group


@pytest.fixture(autouse=True)
def _generous_rate_limits(settings):
    settings.TOWNHALL_RATE_LIMITS = {k: (10_000, 60) for k in settings.TOWNHALL_RATE_LIMITS}


@pytest.fixture
def media_root():
    return django_settings.MEDIA_ROOT
