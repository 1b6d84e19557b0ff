"""How a time to resolution reads on the board and the panel."""

from __future__ import annotations

from datetime import timedelta

import pytest

from townhall.problems.templatetags.problems_tags import duration


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (None, ""),
        (timedelta(seconds=20), "under a minute"),
        (timedelta(minutes=1), "1 minute"),
        (timedelta(minutes=45), "45 minutes"),
        (timedelta(hours=5, minutes=59), "5 hours"),
        (timedelta(hours=47), "47 hours"),
        (timedelta(days=3, hours=2), "3 days"),
    ],
)
def test_duration_reads_in_the_largest_unit_that_fits(value, words):
    assert duration(value) == words
