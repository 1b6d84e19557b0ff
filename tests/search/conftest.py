"""Search fixtures: a private group with one member, and publishing that runs on-commit hooks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from townhall.conversations import services as conversations
from townhall.groups.models import Group
from townhall.groups.services import create_group


@pytest.fixture
def private_group(owner, member) -> Group:
    group = create_group(actor=owner, name="Board room", visibility="private")
    from townhall.groups.models import Membership

    Membership.objects.create(group=group, person=member)
    return group


@pytest.fixture
def committed(django_capture_on_commit_callbacks) -> Callable[..., Any]:
    """Call a conversation service and run its after-commit listeners (the search index)."""

    def call(service: str, **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return getattr(conversations, service)(**kwargs)

    return call
