"""Background work for uploads: the cleanup of files never attached to a post."""

from __future__ import annotations

from django_tasks import task


@task()
def clean_uploads() -> int:
    """Delete unattached uploads older than 24 hours (schedule it, or `townhall clean_uploads`)."""
    from townhall.uploads import services

    return services.delete_stale_uploads()
