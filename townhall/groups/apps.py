from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "townhall.groups"
    label = "groups"
    verbose_name = _("Groups")
