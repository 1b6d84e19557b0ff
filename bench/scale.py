"""Server-time benchmarks on a database made by `bench.datagen` (the issue's performance bar).

    python -m bench.scale --database-url postgres://…/townhall_bench [--redis-url redis://…/13]
    python -m bench.scale --only feed,search        # a subset

Everything is timed inside this process by calling the selectors and services the views call
(no network), and printed as p50/p95/p99 with the sample count, next to the data size. The
announcement fan-out runs on real workers (`townhall worker` ×2: RQ with --redis-url, else the
database queue) and is timed until the last notification row exists. The SSE figure comes
from `python -m bench.live` (one `townhall serve` process, N streams).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.datagen import HEAVY_EMAIL, LEADER_EMAIL, configure_django, row_counts

ROOT = Path(__file__).resolve().parent.parent
TOWNHALL = str(Path(sys.executable).with_name("townhall"))
SECTIONS = ("feed", "post", "reaction", "search", "mentions", "announcement")
TARGETS = {
    "home feed page 1": 50.0,
    "create post with 2 mentions": 60.0,
    "reaction toggle": 25.0,
    "search": 100.0,
    "mention autocomplete": 30.0,
}
results: list[tuple[str, str]] = []


def _percentile(sorted_ms: list[float], q: float) -> float:
    return sorted_ms[min(len(sorted_ms) - 1, int(q * len(sorted_ms)))]


def measure(label: str, runs: int, fn: Callable[[int], object], target: float | None) -> float:
    """Time `fn(i)` `runs` times after one warm-up call; print p50/p95/p99; return p95."""
    fn(0)
    timings = []
    for i in range(runs):
        start = time.perf_counter()
        fn(i)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p50, p95, p99 = (_percentile(timings, q) for q in (0.5, 0.95, 0.99))
    verdict = ""
    if target is not None:
        verdict = f"target p95 ≤ {target:.0f} ms: {'met' if p95 <= target else 'MISSED'}"
    line = f"  {label:<44} p50 {p50:7.1f}  p95 {p95:7.1f}  p99 {p99:7.1f} ms  n={runs:<4} {verdict}"
    print(line, flush=True)  # noqa: T201
    results.append((label, line))
    return p95


def _fresh(pk: int) -> Any:
    """A new Person object per call, as each request loads its own (no cached memberships)."""
    from townhall.people.models import Person

    return Person.objects.get(pk=pk)


def _typical_people(rng: random.Random, count: int) -> list[int]:
    from django.db.models import Count

    from townhall.people.models import Person

    ids = list(
        Person.objects.filter(is_active=True, is_leader=False)
        .exclude(email=HEAVY_EMAIL)
        .values_list("pk", flat=True)
    )
    chosen = rng.sample(ids, min(count, len(ids)))
    groups = dict(
        Person.objects.filter(pk__in=chosen).annotate(n=Count("memberships")).values_list("pk", "n")
    )
    print(  # noqa: T201
        f"  typical people: {len(chosen)} random non-leaders, "
        f"groups each {min(groups.values())}–{max(groups.values())}"
    )
    return chosen


def bench_feed(rng: random.Random, runs: int) -> None:
    from townhall.conversations.models import Follow
    from townhall.feeds.selectors import home_feed
    from townhall.groups.models import Membership
    from townhall.people.models import Person

    typical = _typical_people(rng, 20)
    heavy = Person.objects.get(email=HEAVY_EMAIL)
    print(  # noqa: T201
        f"  heavy person: {Membership.objects.filter(person=heavy).count()} groups, "
        f"follows {Follow.objects.filter(follower=heavy, person__isnull=False).count()} people"
    )

    def cursor_at(pk: int, page: int) -> str:
        after = ""
        for _ in range(page - 1):
            after = home_feed(_fresh(pk), after=after).next_cursor or ""
        return after

    p1 = measure(
        "home feed page 1 (typical people)",
        runs,
        lambda i: home_feed(_fresh(typical[i % len(typical)])),
        TARGETS["home feed page 1"],
    )
    cursors = {pk: cursor_at(pk, 50) for pk in typical[:5]}
    p50 = measure(
        "home feed page 50 (typical people)",
        runs,
        lambda i: home_feed(_fresh(typical[i % 5]), after=cursors[typical[i % 5]]),
        None,
    )
    print(f"    page 50 / page 1 p95 = {p50 / p1:.2f} (target ≤ 1.5)")  # noqa: T201
    h1 = measure(
        "home feed page 1 (heavy: 40 groups, 300 follows)",
        runs,
        lambda i: home_feed(_fresh(heavy.pk)),
        TARGETS["home feed page 1"],
    )
    heavy_cursor = cursor_at(heavy.pk, 50)
    h50 = measure(
        "home feed page 50 (heavy)",
        runs,
        lambda i: home_feed(_fresh(heavy.pk), after=heavy_cursor),
        None,
    )
    print(f"    page 50 / page 1 p95 = {h50 / h1:.2f} (target ≤ 1.5)")  # noqa: T201
    from django.test import Client

    client = Client()
    client.force_login(heavy)
    measure(
        "home page over HTTP, full render (heavy)",
        max(10, runs // 4),
        lambda i: client.get("/"),
        None,
    )


def _no_rate_limits() -> Any:
    from django.test.utils import override_settings

    return override_settings(
        TOWNHALL_RATE_LIMITS={k: (10**9, 1) for k in ("post", "comment", "reaction", "mention")}
    )


def bench_post(rng: random.Random, runs: int) -> None:
    from townhall.conversations.services import publish_post
    from townhall.people.models import Person

    authors = _typical_people(rng, 10)
    handles = list(
        Person.objects.filter(handle__isnull=False)
        .order_by("?")
        .values_list("handle", flat=True)[:50]
    )
    with _no_rate_limits():
        measure(
            "create post with 2 mentions",
            runs,
            lambda i: publish_post(
                author=_fresh(authors[i % len(authors)]),
                body=f"Hi @{handles[i % 50]} and @{handles[(i + 7) % 50]}, see #release notes {i}",
            ),
            TARGETS["create post with 2 mentions"],
        )


def bench_reaction(rng: random.Random, runs: int) -> None:
    from townhall.conversations.models import Post
    from townhall.conversations.services import toggle_reaction
    from townhall.groups.models import Group

    company = Group.objects.get(is_company=True)
    people = _typical_people(rng, 10)
    popular = Post.objects.filter(group=company).order_by("-reaction_count").first()
    recent = Post.objects.filter(group=company).order_by("-created_at").first()
    assert popular is not None and recent is not None
    with _no_rate_limits():
        for label, post in (("popular", popular), ("recent", recent)):
            measure(
                f"reaction toggle ({label} post, {post.reaction_count:,} reactions)",
                runs,
                lambda i, post=post: toggle_reaction(
                    person=_fresh(people[i % len(people)]), post=post
                ),
                TARGETS["reaction toggle"],
            )


def bench_search(rng: random.Random, runs: int) -> None:
    from townhall.search.selectors import search

    people = _typical_people(rng, 10)
    queries = [
        ("all, common word", "customer", "all"),
        ("all, stemmed Dutch", "kantoren", "all"),
        ("posts, two words", "planning budget", "posts"),
        ("all, prefix as you type", "migr", "all"),
        ("all, no match", "qwertyuiop", "all"),
    ]
    for label, query, kind in queries:
        measure(
            f"search {label} '{query}'",
            runs,
            lambda i, q=query, k=kind: search(_fresh(people[i % len(people)]), query=q, type=k),
            TARGETS["search"],
        )


def bench_mentions(rng: random.Random, runs: int) -> None:
    from townhall.people import selectors

    suggest = getattr(selectors, "mention_suggestions", None)
    if suggest is None:
        print("  mention autocomplete: skipped (people.selectors.mention_suggestions missing)")  # noqa: T201
        return
    people = _typical_people(rng, 10)
    for text in ("a", "an", "anna", "jans", "zz"):
        measure(
            f"mention autocomplete '{text}'",
            runs,
            lambda i, t=text: suggest(_fresh(people[i % len(people)]), t, limit=8),
            TARGETS["mention autocomplete"],
        )


def _workers(count: int, env: dict[str, str]) -> list[subprocess.Popen[bytes]]:
    return [
        subprocess.Popen([TOWNHALL, "worker"], env=env, stdout=subprocess.DEVNULL)  # noqa: S603
        for _ in range(count)
    ]


def bench_announcement(workers: int) -> None:
    from django.conf import settings

    from townhall.conversations.services import publish_post
    from townhall.feeds.selectors import home_feed
    from townhall.groups.models import Group
    from townhall.notifications.models import Notification
    from townhall.people.models import Person

    author = Person.objects.get(email=LEADER_EMAIL)
    company = Group.objects.get(is_company=True)
    readers = Person.objects.filter(is_active=True).exclude(pk=author.pk).count()
    backend = settings.TASK_BACKEND
    if backend == "rq":
        import django_rq

        django_rq.get_queue("default").empty()
    env = {**os.environ}
    procs = _workers(workers, env)
    try:
        time.sleep(3)  # workers connected and polling
        with _no_rate_limits():
            start = time.perf_counter()
            post = publish_post(
                author=author,
                body="Company-wide: please read the new travel policy before Friday.",
                title="New travel policy",
                kind="announcement",
                must_read=True,
                group=company,
            )
            committed = time.perf_counter() - start
        sample = random.Random(5).sample(
            list(Person.objects.exclude(pk=author.pk).values_list("pk", flat=True)), 5
        )
        visible = sum(
            1 for pk in sample if post.pk in [p.pk for p in home_feed(_fresh(pk)).posts[:3]]
        )
        seen_at = time.perf_counter() - start
        print(  # noqa: T201
            f"  announcement committed in {committed * 1000:.0f} ms; on top of "
            f"{visible}/{len(sample)} sampled home feeds at {seen_at * 1000:.0f} ms"
        )
        count = 0
        deadline = start + 300
        while time.perf_counter() < deadline:
            count = Notification.objects.filter(post=post).count()
            if count >= readers:
                break
            time.sleep(0.05)
        elapsed = time.perf_counter() - start
        verdict = "met" if count >= readers and elapsed <= 10 else "MISSED"
        line = (
            f"  announcement to {readers:,} people: {count:,} notification rows after "
            f"{elapsed:.2f} s ({workers} {backend} workers)  target ≤ 10 s: {verdict}"
        )
        print(line, flush=True)  # noqa: T201
        results.append(("announcement", line))
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", ""))
    parser.add_argument("--only", default=",".join(SECTIONS))
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    if args.redis_url:
        os.environ["REDIS_URL"] = args.redis_url
    else:
        os.environ.pop("REDIS_URL", None)
    os.environ.pop("TOWNHALL_TASKS", None)
    configure_django(args.database_url or None)
    from django.db import connection

    counts = row_counts()
    print(  # noqa: T201
        f"scale benchmark — {connection.vendor} ({connection.settings_dict['NAME']}), "
        + ", ".join(f"{k.split('_', 1)[1]} {v:,}" for k, v in counts.items())
    )
    wanted = [s.strip() for s in args.only.split(",") if s.strip()]
    rng = random.Random(99)
    for section in wanted:
        print(f"[{section}]", flush=True)  # noqa: T201
        if section == "announcement":
            bench_announcement(args.workers)
        else:
            globals()[f"bench_{section}"](rng, args.runs)


if __name__ == "__main__":
    main()
