"""Pages for groups."""

from __future__ import annotations

from django.urls import path

from townhall.groups import views

urlpatterns = [
    path("groups/", views.group_list, name="group_list"),
    path("groups/<slug:slug>/", views.group_detail, name="group_detail"),
    path("groups/<slug:slug>/join/", views.join, name="join_group"),
    path("groups/<slug:slug>/leave/", views.leave, name="leave_group"),
    path("groups/<slug:slug>/request/", views.request_to_join, name="request_to_join"),
    path("groups/<slug:slug>/requests/<int:pk>/", views.decide_request, name="decide_join_request"),
    path("groups/<slug:slug>/invite/", views.invite, name="invite_to_group"),
    path("groups/<slug:slug>/invitation/", views.answer_invitation, name="answer_group_invitation"),
]
