"""`townhall worker`: run background tasks from the configured queue."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from townhall.notifications.scheduler import start_digest_scheduler


class Command(BaseCommand):
    help = "Run background tasks (database queue by default, RQ when REDIS_URL is set)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--burst", action="store_true", help="Run what is queued, then exit.")

    def handle(self, *args: Any, burst: bool = False, **options: Any) -> None:
        if not burst:
            # Each worker keeps the digest clock; a cache lock lets only one enqueue per period.
            start_digest_scheduler()
        if settings.TASK_BACKEND == "rq":
            # django-tasks-rq needs its Job class to run Task objects.
            extra = ["--burst"] if burst else []
            call_command(
                "rqworker", "default", "--job-class", "django_tasks_rq.backend.Job", *extra
            )
        elif settings.TASK_BACKEND == "database":
            call_command("db_worker", *(["--batch"] if burst else []), "--no-startup-delay")
        else:
            self.stdout.write("Tasks run immediately in this configuration; no worker needed.")
