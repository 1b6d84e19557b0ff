"""Background work for the inbox: the daily summary run (thin over services)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_daily_summaries() -> int:
    """Email every leader who wants it their inbox summary; returns how many were sent."""
    from townhall.inbox import services

    return services.send_daily_summaries()
