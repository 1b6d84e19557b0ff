from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckinsConfig(AppConfig):
    name = "townhall.checkins"
    label = "checkins"
    verbose_name = _("Check-ins")
