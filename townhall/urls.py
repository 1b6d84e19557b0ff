"""URL map: pages per app, the REST API under /api/v1/, accounts under /accounts/."""

from __future__ import annotations

from django.urls import include, path

from townhall.api import api
from townhall.uploads.views import serve_media
from townhall.web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    path("healthz", web_views.healthz, name="healthz"),
    path("readyz", web_views.readyz, name="readyz"),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("media/<path:path>", serve_media, name="media"),
    path("", include("townhall.uploads.urls")),
    path("", include("townhall.people.urls")),
    path("", include("townhall.groups.urls")),
    path("", include("townhall.conversations.urls")),
    path("", include("townhall.feeds.urls")),
    path("", include("townhall.search.urls")),
    path("", include("townhall.live.urls")),
    path("", include("townhall.notifications.urls")),
    path("", include("townhall.conversations.urls_rss")),
    path("", include("townhall.leadership.urls")),
    path("", include("townhall.inbox.urls")),
    path("", include("townhall.openhours.urls")),
    path("", include("townhall.checkins.urls")),
    path("", include("townhall.problems.urls")),
]
