from __future__ import annotations

from django.urls import URLPattern, path

from townhall.openhours import views

urlpatterns: list[URLPattern] = [
    path("open-hours/", views.open_hour_list, name="openhour_list"),
    path("open-hours/new", views.open_hour_new, name="openhour_new"),
    path("open-hours/<int:pk>/", views.open_hour_detail, name="openhour_detail"),
    path("open-hours/<int:pk>/board", views.open_hour_board, name="openhour_board"),
    path("open-hours/<int:pk>/calendar.ics", views.open_hour_calendar, name="openhour_calendar"),
    path("open-hours/<int:pk>/cancel", views.open_hour_cancel, name="openhour_cancel"),
    path("open-hours/<int:pk>/ask", views.ask, name="openhour_ask"),
    path("open-hours/questions/<int:pk>/vote", views.vote, name="openhour_vote"),
    path("open-hours/questions/<int:pk>/screen", views.screen, name="openhour_screen"),
    path("open-hours/questions/<int:pk>/answer", views.answer, name="openhour_answer"),
    path("open-hours/questions/<int:pk>/close", views.close, name="openhour_close"),
    path("open-hours/questions/<int:pk>/merge", views.merge, name="openhour_merge"),
]
