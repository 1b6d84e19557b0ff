"""ISO weeks as check-ins name them: the Monday a week starts on, and its "2026-W10" label."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from django.utils import timezone

WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")


def week_start(day: date) -> date:
    """The Monday of the ISO week `day` falls in."""
    return day - timedelta(days=day.weekday())


def current_week(now: datetime | None = None) -> date:
    """This week's Monday in the server's time zone."""
    return week_start(timezone.localdate(now or timezone.now()))


def parse_week(text: str) -> date | None:
    """ "2026-W10" → that week's Monday; None for anything that is not a real ISO week."""
    match = WEEK_RE.match(text.strip())
    if match is None:
        return None
    try:
        return date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
    except ValueError:
        return None


def week_label(monday: date) -> str:
    """The ISO label of the week starting on `monday`: "2026-W10"."""
    year, week, _day = monday.isocalendar()
    return f"{year}-W{week:02d}"


def week_number(monday: date) -> int:
    return monday.isocalendar()[1]


def week_key(monday: date) -> int:
    """The week as a number (20260302 for the week of 2 March 2026): a notification target id."""
    return monday.year * 10_000 + monday.month * 100 + monday.day


def week_from_key(key: int) -> date | None:
    try:
        return date(key // 10_000, key // 100 % 100, key % 100)
    except ValueError:
        return None
