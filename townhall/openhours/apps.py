from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenHoursConfig(AppConfig):
    name = "townhall.openhours"
    label = "openhours"
    verbose_name = _("Open hours")
