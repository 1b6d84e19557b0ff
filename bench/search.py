"""Search timings on generated posts and comments in four languages.

Sizes come from BENCH_SEARCH_POSTS (default 20,000: the SQLite profile) and
BENCH_SEARCH_PEOPLE. Server time is measured in-process, per search, as p50/p95.
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
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.people import build as build_people
from townhall.conversations.models import Comment, Post
from townhall.groups.models import Group, Membership
from townhall.groups.services import company_group
from townhall.people.models import Person
from townhall.search.models import SearchEntry
from townhall.search.selectors import search
from townhall.search.services import reindex_all

# Inflected forms on purpose, so stemming (or prefixes on SQLite) has something to do.
VOCABULARY = {
    "en": "the office offices team customer customers planning plans release releases running "
    "migration migrations budget meeting meetings and of to is we for with new".split(),
    "nl": "het kantoor kantoren team klant klanten planning plannen vergadering vergaderingen "
    "begroting nieuwe de een en van is wij voor met niet".split(),
    "sv": "kontor kontoret kontoren kund kunder möte möten planer budget nya och att det som "
    "är en på för med inte vi".split(),
    "nb": "kontor kontoret kunde kunder møte møtene planer budsjett nye og det som er en på "
    "for med ikke vi".split(),
}
QUERIES = [
    ("common word (en)", "customer"),
    ("stemmed form (nl)", "kantoren"),
    ("two words", "planning budget"),
    ("prefix as you type", "migr"),
    ("rare word", "zebrafish"),
    ("no match", "qwertyuiop"),
]


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


def generate(people: int, posts: int, rng: random.Random) -> Person:
    viewer, _company = build_people(people, rng)
    everyone = company_group()
    open_groups = [
        Group.objects.create(name=f"Open {i}", slug=f"open-{i}", description="An open group")
        for i in range(10)
    ]
    private = [
        Group.objects.create(name=f"Private {i}", slug=f"private-{i}", visibility="private")
        for i in range(10)
    ]
    # The viewer belongs to half the private groups: the other half must never show up.
    Membership.objects.bulk_create([Membership(group=g, person=viewer) for g in private[:5]])
    groups = [everyone, *open_groups, *private]
    person_ids = list(Person.objects.values_list("id", flat=True)[:2000])
    now = timezone.now()
    languages = list(VOCABULARY)
    batch: list[Post] = []
    for i in range(posts):
        language = languages[i % 4]
        words = rng.choices(VOCABULARY[language], k=40)
        if i % 1000 == 0:
            words.append("zebrafish")
        text = " ".join(words)
        batch.append(
            Post(
                author_id=rng.choice(person_ids),
                group=rng.choice(groups),
                title=" ".join(words[:4]).capitalize(),
                body=text,
                body_html=f"<p>{text}</p>",
                language=language,
                created_at=now - timedelta(seconds=i * 11),
            )
        )
        if len(batch) == 5000:
            Post.objects.bulk_create(batch)
            batch = []
    Post.objects.bulk_create(batch)
    post_rows = list(Post.objects.values_list("id", "language")[: posts // 4])
    comments = []
    for post_id, language in post_rows:
        text = " ".join(rng.choices(VOCABULARY[language], k=15))
        comments.append(
            Comment(
                post_id=post_id,
                author_id=rng.choice(person_ids),
                body=text,
                body_html=f"<p>{text}</p>",
            )
        )
    Comment.objects.bulk_create(comments, batch_size=5000)
    return viewer


def index_size() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_total_relation_size('search_searchentry'), "
                "pg_relation_size('search_entry_document')"
            )
            total, gin = cursor.fetchone()
            return f"entries table {total / 1e6:.1f} MB (GIN index {gin / 1e6:.1f} MB)"
        try:
            cursor.execute(
                "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search_fts%'"
                " OR name LIKE 'search_searchentry%' OR name LIKE 'search_entry%'"
            )
            fts_total = cursor.fetchone()[0] or 0
            return f"entries + FTS5 index {fts_total / 1e6:.1f} MB"
        except Exception:  # dbstat is an optional SQLite extension
            return "size unavailable (SQLite built without dbstat)"


def run() -> None:
    people = int(os.environ.get("BENCH_SEARCH_PEOPLE", "2000"))
    posts = int(os.environ.get("BENCH_SEARCH_POSTS", "20000"))
    rng = random.Random(23)
    start = time.perf_counter()
    viewer = generate(people, posts, rng)
    generated = time.perf_counter() - start
    start = time.perf_counter()
    entries = reindex_all()
    indexed = time.perf_counter() - start
    if connection.vendor == "postgresql":
        # What autovacuum would have done by now after a bulk load; plans need the statistics.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"search benchmark — {connection.vendor}, {Post.objects.count():,} posts, "
        f"{Comment.objects.count():,} comments in en/nl/sv/nb; generated in {generated:.0f} s, "
        f"indexed {entries:,} entries in {indexed:.1f} s; {index_size()}"
    )
    assert SearchEntry.objects.count() == entries
    for label, query in QUERIES:
        _print(f"{label} '{query}'", *_timed(40, lambda i, q=query: search(viewer, query=q)))
    _print(
        "posts tab, page 5 'customer'",
        *_timed(40, lambda i: search(viewer, query="customer", type="posts", page=5)),
    )
    group = Group.objects.get(slug="open-3")
    _print(
        "filtered by group 'klanten'",
        *_timed(40, lambda i: search(viewer, query="klanten", type="posts", group=group)),
    )
    client = Client()
    client.force_login(viewer)
    client.get("/search/?q=warmup")
    _print("search page (HTTP, full render)", *_timed(30, lambda i: client.get("/search/?q=team")))
    _print("search API (HTTP)", *_timed(30, lambda i: client.get("/api/v1/search?q=kunder")))
