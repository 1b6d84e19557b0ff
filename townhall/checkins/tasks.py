"""Background work for check-ins: the daily reminder run."""

from __future__ import annotations

from datetime import datetime

from django_tasks import task


@task()
def send_checkin_reminders(*, now: str) -> int:
    """Remind the people due on the day of `now` (an ISO timestamp) to check in."""
    from townhall.checkins import services

    return services.send_checkin_reminders(now=datetime.fromisoformat(now))
