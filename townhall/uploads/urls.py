"""Post files, each served through the permission layer."""

from __future__ import annotations

from django.urls import path

from townhall.uploads import views

urlpatterns = [
    path("files/<int:pk>/", views.serve_upload, name="upload_file"),
    path(
        "files/<int:pk>/thumbnail/",
        views.serve_upload,
        {"variant": "thumb"},
        name="upload_thumbnail",
    ),
]
