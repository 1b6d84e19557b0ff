from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckinsConfig(AppConfig):
    name = "townhall.checkins"
    label = "checkins"
    verbose_name = _("Check-ins")

    def ready(self) -> None:
        from townhall.checkins import selectors, services
        from townhall.notifications.scheduler import register_clock_job
        from townhall.notifications.targets import register_target

        register_target(services.REMINDER_TARGET, selectors.describe_reminder)
        register_clock_job(services.REMINDER_JOB, services.enqueue_due_reminders)
