from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProblemsConfig(AppConfig):
    name = "townhall.problems"
    label = "problems"
    verbose_name = _("Problems")

    def ready(self) -> None:
        from townhall.notifications.targets import register_target
        from townhall.problems.selectors import describe_notification
        from townhall.problems.services import TARGET_TYPE

        register_target(TARGET_TYPE, describe_notification)
