from __future__ import annotations

from django.urls import path

from townhall.groups import views

urlpatterns = [
    path("groups/", views.group_list, name="group_list"),
    path("groups/<slug:slug>/", views.group_detail, name="group_detail"),
]
