from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    name = "townhall.inbox"
    label = "inbox"
    verbose_name = _("Leader inbox")

    def ready(self) -> None:
        from townhall.inbox.services import SUMMARY_JOB, enqueue_daily_summaries
        from townhall.notifications.scheduler import register_clock_job

        register_clock_job(SUMMARY_JOB, enqueue_daily_summaries)
