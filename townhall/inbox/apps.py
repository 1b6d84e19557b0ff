from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    name = "townhall.inbox"
    label = "inbox"
    verbose_name = _("Leader inbox")
