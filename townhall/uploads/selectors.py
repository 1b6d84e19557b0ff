"""Reads of uploads: fetched and authorised in one place."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from townhall.people import permissions
from townhall.people.models import Person
from townhall.uploads.models import Upload


def access_upload(viewer: Person | AnonymousUser, pk: int) -> Upload:
    """An upload the viewer may see, or 404 (never revealing that a private file exists)."""
    upload = Upload.objects.select_related("post", "post__group").filter(pk=pk).first()
    if upload is None or not permissions.can_view_upload(viewer, upload):
        raise Http404
    return upload
