"""`townhall serve`: uvicorn (ASGI) plus, on the embedded default, an in-process task worker."""

from __future__ import annotations

import os
import threading
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from townhall.notifications.scheduler import start_digest_scheduler
from townhall.people.demo import demo_accounts_present


def start_inprocess_worker() -> threading.Thread:
    """Run the database task queue in a daemon thread of this process."""
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["default"],
        interval=0.5,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="serve-inprocess",
        excluded_queue_names=[],
    )
    thread = threading.Thread(target=worker.run, name="townhall-tasks", daemon=True)
    thread.start()
    return thread


class Command(BaseCommand):
    help = "Serve Townhall with uvicorn; runs background tasks in-process on the embedded default."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default=os.environ.get("TOWNHALL_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("TOWNHALL_WEB_WORKERS", "1"))
        )
        parser.add_argument("--no-worker", action="store_true", help="Do not run tasks in-process.")

    def handle(self, *args: Any, **options: Any) -> None:
        import uvicorn

        if settings.PRODUCTION:
            call_command("collectstatic", "--noinput", verbosity=0)
        host, port = options["host"], options["port"]
        if settings.TASK_BACKEND == "database" and not options["no_worker"]:
            start_inprocess_worker()
            start_digest_scheduler()
            tasks_note = "background tasks run in this process"
        elif settings.TASK_BACKEND == "rq":
            tasks_note = "background tasks go to Redis: run `townhall worker` alongside"
        else:
            tasks_note = "background tasks run immediately"
        self.stdout.write(self.style.SUCCESS(f"Townhall is running at http://{host}:{port}/"))
        self.stdout.write(f"Sign in at http://{host}:{port}/accounts/login/ ({tasks_note}).")
        demo = demo_accounts_present()
        if demo:
            self.stdout.write(f"Demo accounts (password: {settings.TOWNHALL_DEMO_PASSWORD}):")
            for role, email in demo:
                self.stdout.write(f"  {role:<18} {email}")
        uvicorn.run(
            "townhall.asgi:application",
            host=host,
            port=port,
            workers=options["workers"] if options["workers"] > 1 else None,
            log_level="warning",
            proxy_headers=settings.PRODUCTION,
            lifespan="off",
        )
