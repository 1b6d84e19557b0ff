"""Live updates over server-sent events."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "townhall.live"
    label = "live"
    verbose_name = _("Live updates")

    def ready(self) -> None:
        from townhall.conversations import services as conversations
        from townhall.live import services

        # Guard against a second ready() (test runners) registering twice.
        if services.post_published not in conversations.post_published_listeners:
            conversations.post_published_listeners.append(services.post_published)
            conversations.comment_added_listeners.append(services.comment_added)
            conversations.reaction_added_listeners.append(services.reaction_added)
            conversations.reaction_removed_listeners.append(services.reaction_removed)
