"""Security-suite fixtures: writes that commit (listeners run), roomy rate limits, short streams."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def commit(django_capture_on_commit_callbacks) -> Callable[[], Any]:
    """`with commit(): ...` runs the block's after-commit callbacks, as a real request would."""

    def run() -> Any:
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture(autouse=True)
def _generous_rate_limits(settings) -> None:
    # The corpus publishes dozens of posts in a second; the per-person limit is not under test.
    settings.TOWNHALL_RATE_LIMITS = {
        action: (10_000, window)
        for action, (_limit, window) in settings.TOWNHALL_RATE_LIMITS.items()
    }


@pytest.fixture(autouse=True)
def _short_streams(settings) -> None:
    # Live streams end by themselves; a short life lets the test client read the whole response.
    settings.TOWNHALL_LIVE_STREAM_SECONDS = 0.3
