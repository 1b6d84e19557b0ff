from __future__ import annotations

from django.urls import path

from townhall.live import views

urlpatterns = [
    path("live/events", views.events, name="live_events"),
    path("live/new-posts", views.new_posts_banner, name="live_new_posts"),
]
