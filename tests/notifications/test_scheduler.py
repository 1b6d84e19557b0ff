"""The digest clock: daily after TOWNHALL_DIGEST_HOUR, weekly on Mondays, once per period."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from townhall.notifications.scheduler import due_digests, enqueue_due_digests


def _at(day: int, hour: int) -> datetime:
    # November 2026: the 23rd is a Monday, the 24th a Tuesday.
    return datetime(2026, 11, day, hour, 5, tzinfo=ZoneInfo(settings.TIME_ZONE))


def test_nothing_is_due_before_the_digest_hour(settings):
    settings.TOWNHALL_DIGEST_HOUR = 7
    assert due_digests(_at(24, 6)) == []


def test_daily_digest_is_due_after_the_hour_on_a_tuesday(settings):
    settings.TOWNHALL_DIGEST_HOUR = 7
    assert due_digests(_at(24, 9)) == [("daily", "2026-11-24")]


def test_weekly_digest_is_also_due_on_monday(settings):
    settings.TOWNHALL_DIGEST_HOUR = 7
    assert due_digests(_at(23, 7)) == [("daily", "2026-11-23"), ("weekly", "2026-W48")]


@pytest.mark.django_db
def test_each_period_is_enqueued_once_and_the_digest_goes_out(
    settings, smtp_server, run_tasks, commit, owner, member
):
    from townhall.conversations.services import follow_person

    settings.TOWNHALL_DIGEST_HOUR = 7
    with commit():
        follow_person(follower=member, person=owner)  # "new follower": a weekly-digest kind

    assert enqueue_due_digests(_at(23, 8)) == ["daily", "weekly"]
    assert enqueue_due_digests(_at(23, 9)) == []  # another process, same period
    assert enqueue_due_digests(_at(24, 8)) == ["daily"]  # the next day
    run_tasks()

    digests = [m for m in smtp_server.messages if owner.email in m["To"]]
    assert len(digests) == 1
