"""Directory, profile and org-chart timings on a generated organisation.

Server time is measured inside the process (Django test client, no network), per request.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from townhall.people.models import OrgUnit, Person
from townhall.people.services import create_person, create_unit, search_fields

FIRST = ["Anna", "Lars", "Sanne", "Bjørn", "Emma", "Johan", "Ingrid", "Pieter", "Sofia", "Oliver"]
LAST = ["Jansen", "Andersson", "Hansen", "Smith", "de Vries", "Johansson", "Berg", "Taylor"]
TOPICS = ["pricing", "kubernetes", "onboarding", "payroll", "brand", "python", "sales", "gdpr"]


def build(size: int, rng: random.Random) -> tuple[Person, OrgUnit]:
    """Bulk-load `size` people into ~size/25 units; returns a viewer and the company unit."""
    call_command("migrate", verbosity=0)
    call_command("flush", "--noinput", verbosity=0)
    company = create_unit(actor=None, name="Benchmark Corp", kind="company")
    divisions = [
        create_unit(actor=None, name=f"Division {d}", kind="division", parent=company)
        for d in range(6)
    ]
    units = [
        create_unit(actor=None, name=f"Team {d}-{t}", kind="team", parent=division)
        for d, division in enumerate(divisions)
        for t in range(max(1, size // 25 // 6))
    ]
    viewer = create_person(email="viewer@bench.example", first_name="Vera", password="bench-pw-123")
    people = []
    for i in range(size):
        person = Person(
            email=f"p{i}@bench.example",
            first_name=rng.choice(FIRST),
            last_name=rng.choice(LAST),
            job_title=rng.choice(["Engineer", "Sales rep", "Designer", "Analyst", "Manager"]),
            ask_me_about=rng.sample(TOPICS, 2),
            primary_unit=rng.choice(units),
            password="!",  # unusable
        )
        for field, value in search_fields(person).items():
            setattr(person, field, value)
        people.append(person)
    Person.objects.bulk_create(people, batch_size=2000)
    return viewer, company


def measure(label: str, client: Client, url_for: Callable[[int], str], runs: int) -> None:
    timings, queries = [], 0
    for i in range(runs):
        url = url_for(i)
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = max(queries, len(ctx.captured_queries))
    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(
        f"  {label:<34} p50 {statistics.median(timings):7.1f} ms   p95 {p95:7.1f} ms"
        f"   max queries {queries}   ({runs} runs)"
    )


def run(size: int) -> None:
    rng = random.Random(7)
    start = time.perf_counter()
    viewer, company = build(size, rng)
    print(
        f"people benchmark — {connection.vendor}, {Person.objects.count():,} people, "
        f"{OrgUnit.objects.count():,} units (loaded in {time.perf_counter() - start:.1f} s)"
    )
    client = Client()
    client.force_login(viewer)
    ids = list(Person.objects.values_list("id", flat=True)[:500])
    team = OrgUnit.objects.filter(kind="team").first()
    assert team is not None
    client.get("/people/")  # warm up templates
    measure("directory first page", client, lambda i: "/people/", 60)
    measure("directory search (1 word)", client, lambda i: f"/people/?q={TOPICS[i % 8]}", 60)
    measure("directory search (name + topic)", client, lambda i: "/people/?q=anna+pricing", 60)
    cursors = _cursor_at_page(client, 50)
    measure("directory page 50 (keyset)", client, lambda i: f"/people/?after={cursors}", 60)
    measure("profile page", client, lambda i: f"/people/{ids[i % len(ids)]}/", 60)
    measure("org chart (company)", client, lambda i: f"/org/{company.slug}/", 30)
    measure("org chart (team)", client, lambda i: f"/org/{team.slug}/", 60)
    measure("API directory page", client, lambda i: "/api/v1/people?limit=24", 60)


def _cursor_at_page(client: Client, page: int) -> str:
    from townhall.people.selectors import directory

    viewer = Person.objects.get(email="viewer@bench.example")
    after = ""
    for _ in range(page - 1):
        after = directory(viewer, after=after).next_cursor or ""
    return after
