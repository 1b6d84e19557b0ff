"""@mention autocomplete timings: mention_suggestions() on the people benchmark's organisation.

Size from BENCH_MENTION_PEOPLE (default 100,000, the size the p95 ≤ 30 ms target is set for).
Queries are what people type after an @: one to four letters of first names, surnames and
handles, and group names. Server time is measured in-process, per call.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from collections.abc import Callable

from django.db import connection
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat, Lower, Replace
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.people import FIRST, LAST, build
from townhall.groups.models import Group, Membership
from townhall.groups.services import sync_unit_groups
from townhall.people.models import Person
from townhall.people.selectors import mention_suggestions

TARGET_P95_MS = 30.0


def _name_handles() -> int:
    """Realistic handles (anna.devries17) for the bulk-loaded people, who have none."""

    def squashed(field: str) -> Lower:
        return Lower(Replace(F(field), Value(" "), Value("")))

    return Person.objects.filter(handle__isnull=True).update(
        handle=Concat(
            squashed("first_name"),
            Value("."),
            squashed("last_name"),
            Cast("id", output_field=CharField()),
            output_field=CharField(),
        )
    )


def _groups(viewer: Person, rng: random.Random) -> None:
    sync_unit_groups()
    person_ids = list(Person.objects.values_list("id", flat=True)[:20_000])
    for i, visibility in enumerate(["open"] * 30 + ["private"] * 10 + ["secret"] * 10):
        group = Group.objects.create(
            name=f"{rng.choice(['Analytics', 'Sales', 'Platform', 'Design'])} circle {i}",
            slug=f"circle-{i}",
            visibility=visibility,
        )
        members = rng.sample(person_ids, 50)
        Membership.objects.bulk_create([Membership(group=group, person_id=p) for p in members])
        if i % 2:
            Membership.objects.create(group=group, person=viewer)


def _timed(runs: int, fn: Callable[[int], object]) -> tuple[list[float], int]:
    timings, queries = [], 0
    for i in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            fn(i)
            timings.append((time.perf_counter() - start) * 1000)
        queries = max(queries, len(ctx.captured_queries))
    return sorted(timings), queries


def _print(label: str, timings: list[float], queries: int) -> float:
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(
        f"  {label:<34} p50 {statistics.median(timings):7.1f} ms   p95 {p95:7.1f} ms"
        f"   max queries {queries}   ({len(timings)} runs)"
    )
    return p95


def run(size: int | None = None) -> None:
    size = size or int(os.environ.get("BENCH_MENTION_PEOPLE", "100000"))
    rng = random.Random(31)
    start = time.perf_counter()
    viewer, _company = build(size, rng)
    named = _name_handles()
    _groups(viewer, rng)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"mentions benchmark — {connection.vendor}, {Person.objects.count():,} people "
        f"({named:,} handles), {Group.objects.count():,} groups "
        f"(loaded in {time.perf_counter() - start:.1f} s)"
    )
    names = [n.lower() for n in FIRST + LAST]
    typed = [name[:n] for name in names for n in (1, 2, 3, 4)] + ["circ", "sales c", "zzz"]
    rng.shuffle(typed)
    fresh = Person.objects.get(pk=viewer.pk)

    def suggest(i: int) -> object:
        fresh.__dict__.pop("_townhall_group_ids", None)  # a new request: group ids not cached
        return mention_suggestions(fresh, typed[i % len(typed)])

    mention_suggestions(fresh, "a")  # warm up
    p95 = _print("mention_suggestions (mixed)", *_timed(400, suggest))
    _print("mention_suggestions '@a'", *_timed(60, lambda i: mention_suggestions(fresh, "a")))
    _print(
        "mention_suggestions '@zzz' (none)",
        *_timed(60, lambda i: mention_suggestions(fresh, "zzz")),
    )
    client = Client()
    client.force_login(viewer)
    client.get("/mentions/suggest?q=a")
    _print(
        "GET /mentions/suggest (HTML)",
        *_timed(100, lambda i: client.get(f"/mentions/suggest?q={typed[i % len(typed)]}")),
    )
    verdict = "within" if p95 <= TARGET_P95_MS else "OVER"
    print(f"  p95 {p95:.1f} ms is {verdict} the {TARGET_P95_MS:.0f} ms target")
