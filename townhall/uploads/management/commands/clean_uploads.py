"""`townhall clean_uploads`: run hourly from cron or a scheduler."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from townhall.uploads import services


class Command(BaseCommand):
    help = "Delete uploads never attached to a post within 24 hours, and stray files."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = services.delete_stale_uploads()
        self.stdout.write(f"{deleted} stale upload(s) deleted")
