"""`townhall reindex`: rebuild the search index from every live post and comment."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from townhall.search.services import reindex_all


class Command(BaseCommand):
    help = "Rebuild the search index (after an import, a restore or the demo data)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = reindex_all()
        self.stdout.write(f"Indexed {count} posts and comments.")
