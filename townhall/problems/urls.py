"""Pages for problems: the board per unit, raising a post, status changes."""

from __future__ import annotations

from django.urls import URLPattern, path

from townhall.problems import views

urlpatterns: list[URLPattern] = [
    path("problems/", views.problems_home, name="problems"),
    path("units/<slug:slug>/problems/", views.board, name="unit_problems"),
    path("posts/<int:pk>/problem/", views.raise_post, name="raise_problem"),
    path("problems/<int:pk>/status/", views.change_status, name="problem_status"),
]
