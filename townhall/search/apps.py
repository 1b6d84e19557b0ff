"""The search app: one index of posts and comments, kept fresh by conversation listeners."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "townhall.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from townhall.conversations import services as conversations
        from townhall.search import services

        conversations.post_published_listeners.append(services.on_post_published)
        conversations.post_edited_listeners.append(services.on_post_changed)
        conversations.post_deleted_listeners.append(services.on_post_changed)
        conversations.comment_added_listeners.append(services.on_comment_added)
        conversations.comment_edited_listeners.append(services.on_comment_changed)
        conversations.comment_deleted_listeners.append(services.on_comment_changed)
