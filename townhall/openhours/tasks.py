"""Background work for open hours: the host's invite, answer notices, session summaries."""

from __future__ import annotations

from django_tasks import task


@task()
def send_invite(*, open_hour_id: int) -> bool:
    """Email the host the session's .ics invite."""
    from townhall.openhours import services

    return services.send_invite(open_hour_id=open_hour_id)


@task()
def notify_question_answered(*, question_id: int) -> int:
    """Notify the askers and up-voters of an answered question."""
    from townhall.openhours import services

    return services.notify_question_answered(question_id=question_id)


@task()
def publish_summary(*, open_hour_id: int) -> bool:
    """Post the summary of an ended session (idempotent)."""
    from townhall.openhours import services
    from townhall.openhours.models import OpenHour

    open_hour = OpenHour.objects.filter(pk=open_hour_id).first()
    if open_hour is None:
        return False
    return services.publish_summary(open_hour=open_hour) is not None
