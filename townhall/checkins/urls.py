from __future__ import annotations

from django.urls import path

from townhall.checkins import views

# The round sits under the unit's page in the org chart (/org/<slug>/), where units live.
urlpatterns = [
    path("checkins/", views.checkins, name="checkins"),
    path("org/<slug:slug>/round/", views.team_round, name="checkins_round"),
    path("org/<slug:slug>/round/settings/", views.round_settings, name="checkins_round_settings"),
]
