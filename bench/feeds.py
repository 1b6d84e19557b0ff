"""Feed, posting and reaction timings on a generated community.

Sizes come from BENCH_PEOPLE / BENCH_POSTS / BENCH_REACTIONS (defaults are the SQLite profile
scaled to run in a couple of minutes on 2 cores). Server time is measured in-process.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from collections.abc import Callable
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from bench.people import build as build_people
from townhall.conversations.models import Post, Reaction
from townhall.conversations.services import publish_post, toggle_reaction
from townhall.feeds.selectors import home_feed
from townhall.groups.models import Group, Membership
from townhall.groups.services import company_group, sync_unit_groups
from townhall.people.models import Person

WORDS = "team customer launch plan office coffee release sprint question idea thanks".split()


def _timed(runs: int, fn: Callable[[int], object]) -> tuple[list[float], int]:
    timings, queries = [], 0
    for i in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            fn(i)
            timings.append((time.perf_counter() - start) * 1000)
        queries = max(queries, len(ctx.captured_queries))
    return sorted(timings), queries


def _print(label: str, timings: list[float], queries: int) -> None:
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(
        f"  {label:<34} p50 {statistics.median(timings):7.1f} ms   p95 {p95:7.1f} ms"
        f"   max queries {queries}   ({len(timings)} runs)"
    )


def generate(people: int, posts: int, reactions: int, rng: random.Random) -> Person:
    viewer, _company = build_people(people, rng)
    sync_unit_groups()
    everyone = company_group()
    interest = [Group.objects.create(name=f"Interest {i}", slug=f"interest-{i}") for i in range(20)]
    person_ids = list(Person.objects.values_list("id", flat=True))
    for group in interest:
        Membership.objects.bulk_create(
            [Membership(group=group, person_id=pid) for pid in rng.sample(person_ids, 300)],
            ignore_conflicts=True,
        )
    Membership.objects.bulk_create(
        [Membership(group=g, person=viewer) for g in interest[:10]], ignore_conflicts=True
    )
    groups = [everyone, *interest, *Group.objects.filter(unit__isnull=False)]
    now = timezone.now()
    batch: list[Post] = []
    for i in range(posts):
        text = " ".join(rng.choices(WORDS, k=12))
        batch.append(
            Post(
                author_id=rng.choice(person_ids),
                group=rng.choice(groups),
                body=text,
                body_html=f"<p>{text}</p>",
                created_at=now - timedelta(seconds=i * 7),
            )
        )
        if len(batch) == 5000:
            Post.objects.bulk_create(batch)
            batch = []
    Post.objects.bulk_create(batch)
    post_ids = list(Post.objects.values_list("id", flat=True)[:50_000])
    seen: set[tuple[int, int]] = set()
    rows = []
    while len(rows) < reactions:
        key = (rng.choice(post_ids), rng.choice(person_ids))
        if key not in seen:
            seen.add(key)
            rows.append(Reaction(post_id=key[0], person_id=key[1]))
    Reaction.objects.bulk_create(rows, batch_size=5000)
    return viewer


def run() -> None:
    people = int(os.environ.get("BENCH_PEOPLE", "10000"))
    posts = int(os.environ.get("BENCH_POSTS", "200000"))
    reactions = int(os.environ.get("BENCH_REACTIONS", "400000"))
    rng = random.Random(11)
    start = time.perf_counter()
    viewer = generate(people, posts, reactions, rng)
    print(
        f"feeds benchmark — {connection.vendor}, {Person.objects.count():,} people, "
        f"{Post.objects.count():,} posts, {Reaction.objects.count():,} reactions, "
        f"{Group.objects.count():,} groups (generated in {time.perf_counter() - start:.0f} s)"
    )
    client = Client()
    client.force_login(viewer)
    cursor_50 = ""
    for _ in range(49):
        cursor_50 = home_feed(viewer, after=cursor_50).next_cursor or ""
    _print("home feed page 1 (selector)", *_timed(40, lambda i: home_feed(viewer)))
    _print(
        "home feed page 50 (selector)", *_timed(40, lambda i: home_feed(viewer, after=cursor_50))
    )
    _print("home page (HTTP, full render)", *_timed(30, lambda i: client.get("/")))
    handles = list(Person.objects.values_list("handle", flat=True)[:50])
    with override_settings(
        TOWNHALL_RATE_LIMITS={k: (10**9, 1) for k in ("post", "comment", "reaction", "mention")}
    ):
        _print(
            "create post with 2 mentions",
            *_timed(
                40,
                lambda i: publish_post(
                    author=viewer, body=f"Hi @{handles[i % 50]} and @{handles[(i + 1) % 50]} #bench"
                ),
            ),
        )
        target = Post.objects.filter(group__is_company=True).order_by("-id").first()
        assert target is not None
        _print(
            "reaction toggle", *_timed(60, lambda i: toggle_reaction(person=viewer, post=target))
        )
