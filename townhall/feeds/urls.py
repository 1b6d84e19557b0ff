"""Feed pages beyond home: leaders, saved, unanswered questions."""

from __future__ import annotations

from django.urls import path

from townhall.feeds import views

urlpatterns = [
    path("leaders/", views.leaders, name="leaders_feed"),
    path("saved/", views.saved, name="saved_feed"),
    path("questions/", views.questions, name="questions_feed"),
]
