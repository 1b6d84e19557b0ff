from __future__ import annotations

from django.urls import path

from townhall.conversations import views

urlpatterns = [
    path("posts/<int:pk>/", views.post_detail, name="post_detail"),
    path("topics/<str:slug>/", views.topic_detail, name="topic_detail"),
]
