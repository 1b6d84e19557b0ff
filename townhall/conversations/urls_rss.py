"""Atom feed URLs: session-readable ones, the same behind a secret token, and the settings page."""

from __future__ import annotations

from django.urls import path

from townhall.conversations import feeds_rss

urlpatterns = [
    path("settings/feeds/", feeds_rss.feed_settings, name="feed_settings"),
    path(
        "rss/people/<int:pk>/articles/",
        feeds_rss.PersonArticlesFeed(),
        name="rss_person_articles",
    ),
    path("rss/groups/<slug:slug>/", feeds_rss.GroupFeed(), name="rss_group"),
    path("rss/topics/<str:slug>/", feeds_rss.TopicFeed(), name="rss_topic"),
    path("rss/leaders/articles/", feeds_rss.LeadersArticlesFeed(), name="rss_leaders_articles"),
    path(
        "rss/<str:token>/people/<int:pk>/articles/",
        feeds_rss.PersonArticlesFeed(),
        name="rss_person_articles_private",
    ),
    path("rss/<str:token>/groups/<slug:slug>/", feeds_rss.GroupFeed(), name="rss_group_private"),
    path("rss/<str:token>/topics/<str:slug>/", feeds_rss.TopicFeed(), name="rss_topic_private"),
    path(
        "rss/<str:token>/leaders/articles/",
        feeds_rss.LeadersArticlesFeed(),
        name="rss_leaders_articles_private",
    ),
]
