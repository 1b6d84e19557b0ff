"""The `townhall` console command: serve, worker, demo, migrate, createadmin, import-org."""

from __future__ import annotations

import os
import sys

COMMANDS = {
    "serve": "serve",
    "worker": "worker",
    "demo": "demo",
    "migrate": "migrate",
    "createadmin": "createadmin",
    "import-org": "import_org",
}

USAGE = """usage: townhall COMMAND [options]

commands:
  serve        serve Townhall over HTTP (uvicorn) with a task worker alongside
  worker       run background tasks (database queue, or RQ when REDIS_URL is set)
  demo         load the demo organisation (deterministic)
  migrate      create or update the database tables
  createadmin  create an admin account
  import-org   create/update people and units from an HR CSV export (all-or-nothing)

Any other Django management command also works: townhall check --deploy
"""


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(USAGE)
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townhall.settings")
    from django.core.management import execute_from_command_line

    command = COMMANDS.get(args[0], args[0])
    execute_from_command_line(["townhall", command, *args[1:]])


if __name__ == "__main__":
    main()
