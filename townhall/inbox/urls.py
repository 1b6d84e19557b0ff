from __future__ import annotations

from django.urls import URLPattern, path, register_converter

from townhall.inbox import views


class ItemKeyConverter:
    """An item key: "<source>-<id>", e.g. "post-12" (see selectors.InboxItem.key)."""

    regex = r"[a-z]+-[0-9]{1,19}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ItemKeyConverter, "itemkey")

urlpatterns: list[URLPattern] = [
    path("inbox/", views.leader_inbox, name="leader_inbox"),
    path("inbox/badge/", views.badge, name="inbox_badge"),
    path("inbox/settings/", views.update_settings, name="inbox_settings"),
    path("inbox/opt-out/<str:token>/", views.opt_out, name="inbox_opt_out"),
    path("inbox/items/<slug:item_type>/<itemkey:key>/answer/", views.answer, name="inbox_answer"),
    path("inbox/items/<slug:item_type>/<itemkey:key>/snooze/", views.snooze, name="inbox_snooze"),
    path(
        "inbox/items/<slug:item_type>/<itemkey:key>/delegate/",
        views.delegate,
        name="inbox_delegate",
    ),
    path("inbox/items/<slug:item_type>/<itemkey:key>/close/", views.close, name="inbox_close"),
]
