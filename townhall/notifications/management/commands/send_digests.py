"""`townhall send_digests --frequency daily|weekly`: run from cron or a scheduler."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from townhall.notifications import services


class Command(BaseCommand):
    help = "Email the daily or weekly notification digest to everyone who chose it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--frequency", choices=["daily", "weekly"], required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        sent = services.send_digests(frequency=options["frequency"])
        self.stdout.write(f"{sent} digest(s) sent")
