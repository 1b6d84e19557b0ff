"""Pages for posts, comments and topics."""

from __future__ import annotations

from django.urls import path

from townhall.conversations import views

urlpatterns = [
    path("posts/new/", views.compose, name="compose"),
    path("posts/<int:pk>/", views.post_detail, name="post_detail"),
    path("posts/<int:pk>/edit/", views.edit_post, name="edit_post"),
    path("posts/<int:pk>/delete/", views.delete_post, name="delete_post"),
    path("posts/<int:pk>/react/", views.react, name="react"),
    path("posts/<int:pk>/bookmark/", views.bookmark, name="bookmark"),
    path("posts/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("posts/<int:pk>/share/", views.share, name="share_post"),
    path("posts/<int:pk>/comments/", views.add_comment, name="add_comment"),
    path("posts/<int:pk>/accept/", views.accept_answer, name="accept_answer"),
    path("comments/<int:pk>/edit/", views.edit_comment, name="edit_comment"),
    path("comments/<int:pk>/delete/", views.delete_comment, name="delete_comment"),
    path("topics/<str:slug>/", views.topic_detail, name="topic_detail"),
    path("topics/<str:slug>/follow/", views.follow_topic, name="follow_topic"),
    path("people/<int:pk>/follow/", views.follow_person, name="follow_person"),
]
