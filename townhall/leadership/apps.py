from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadershipConfig(AppConfig):
    name = "townhall.leadership"
    label = "leadership"
    verbose_name = _("Leadership")

    def ready(self) -> None:
        from townhall.leadership import describers

        describers.register()
