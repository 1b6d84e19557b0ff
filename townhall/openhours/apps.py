from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenHoursConfig(AppConfig):
    name = "townhall.openhours"
    label = "openhours"
    verbose_name = _("Open hours")

    def ready(self) -> None:
        from townhall.notifications.scheduler import register_clock_job
        from townhall.notifications.targets import register_target
        from townhall.openhours import describers, services

        register_target(services.OPEN_HOUR_TARGET, describers.describe_open_hour)
        register_target(services.QUESTION_TARGET, describers.describe_question)
        register_clock_job(services.SUMMARY_JOB, services.enqueue_due_summaries)
