"""Background work for notifications: email delivery, must-read fan-out, digests."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def deliver_email(*, to: list[str], subject: str, body: str, html: str = "") -> int:
    """Send one rendered message through the EMAIL_URL backend."""
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()


@task()
def email_notification(*, notification_id: int) -> bool:
    """Email one notification to its recipient, if they still want and may read it."""
    from townhall.notifications import services

    return services.send_notification_email(notification_id=notification_id)


@task()
def fan_out_announcement(*, post_id: int) -> int:
    """Notify every reader of a must-read announcement, in bulk chunks."""
    from townhall.notifications import services

    return services.fan_out_announcement(post_id=post_id)


@task()
def fan_out_group_mentions(*, post_id: int, comment_id: int | None = None) -> int:
    """Notify the members of every group @mentioned in a post or comment, in bulk chunks."""
    from townhall.notifications import services

    return services.fan_out_group_mentions(post_id=post_id, comment_id=comment_id)


@task()
def send_digests(*, frequency: str) -> int:
    """The daily or weekly digest run (schedule it, or use `townhall send_digests`)."""
    from townhall.notifications import services

    return services.send_digests(frequency=frequency)
