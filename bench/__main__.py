"""Run every benchmark: `make bench` (SQLite under var/bench) or with BENCH_DATABASE_URL set."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    os.environ.setdefault("TOWNHALL_VAR_DIR", str(root / "var" / "bench"))
    os.environ["TOWNHALL_TESTING"] = "1"
    if os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townhall.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from bench import feeds, mentions, people, search

    people.run(size=int(os.environ.get("BENCH_PEOPLE", "10000")))
    feeds.run()
    search.run()
    mentions.run()
    sys.stdout.flush()


if __name__ == "__main__":
    main()
