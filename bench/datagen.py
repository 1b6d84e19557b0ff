"""Generate a large, realistic, deterministic organisation straight into a migrated database.

    python -m bench.datagen --profile pg-100k --database-url postgres://…/townhall_bench
    python -m bench.datagen --profile sqlite-10k [--database-url sqlite:///var/bench/big.sqlite3]
    python -m bench.datagen --profile pg-100k --scale 0.1 …

PostgreSQL is loaded with COPY (psycopg 3 `cursor.copy`) with the secondary indexes and
constraints of the big tables dropped and rebuilt afterwards; SQLite with `executemany` in big
transactions. Reactions and search entries are produced by SQL inside the database (they are
derived from the posts), so 30 million rows never travel through Python. Everything derives
from one seed: the same profile and scale give the same rows.

Shape: an org tree (company → divisions → departments → teams of 5–500), the company group
(everyone, no membership rows), one group per unit with memberships following the subtree,
interest groups (open/private/secret, 5–5,000 members), follows (0–300 people), two years of
posts in en/nl/sv/nb with a mix of kinds, skewed reactions (a few posts are very popular),
some comments, topics, and one search entry per live post and comment, as the app indexes them.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Profile:
    people: int
    posts: int
    reactions: int


PROFILES = {
    "pg-100k": Profile(people=100_000, posts=10_000_000, reactions=30_000_000),
    "sqlite-10k": Profile(people=10_000, posts=1_000_000, reactions=3_000_000),
}

# The identity every benchmark looks for: 40 groups, follows 300 people.
HEAVY_EMAIL = "heavy@bench.example"
LEADER_EMAIL = "ceo@bench.example"
HEAVY_GROUPS = 40
HEAVY_FOLLOWS = 300
SPAN_DAYS = 730
CHUNK = 100_000

FIRST = (
    "Anna Lars Sanne Bjørn Emma Johan Ingrid Pieter Sofia Oliver Noor Henrik Astrid Daan Freya "
    "Mats Liv Sem Elin Jonas Mila Erik Saga Thijs Nora Olav Julia Finn Ida Ruben"
).split()
LAST = (
    "Jansen Andersson Hansen Smith de-Vries Johansson Berg Taylor Bakker Nilsson Olsen Brown "
    "Visser Larsson Pedersen Wilson Smit Karlsson Nielsen Evans Meijer Eriksson Dahl Hughes"
).split()
TITLES = "Engineer;Sales rep;Designer;Analyst;Manager;Support agent;Recruiter;Controller".split(";")
CITIES = [("Amsterdam", "NL"), ("Stockholm", "SE"), ("Oslo", "NO"), ("London", "GB")]
TOPICS = (
    "pricing kubernetes onboarding payroll brand python sales gdpr hiring security design "
    "release roadmap customers support wellbeing office travel quarterly budget"
).split()
VOCABULARY = {
    "en": "the office team customer customers planning plans release releases running migration "
    "budget meeting meetings launch coffee sprint question idea thanks new and of to is we for "
    "with our this next week".split(),
    "nl": "het kantoor kantoren team klant klanten planning plannen vergadering vergaderingen "
    "begroting nieuwe de een en van is wij voor met niet deze week volgende".split(),
    "sv": "kontor kontoret kontoren kund kunder möte möten planer budget nya och att det som är "
    "en på för med inte vi vecka nästa".split(),
    "nb": "kontor kontoret kunde kunder møte møtene planer budsjett nye og det som er en på for "
    "med ikke vi uke neste".split(),
}
LANGUAGES = ["en", "nl", "sv", "nb"]
LANGUAGE_WEIGHTS = [55, 20, 15, 10]
KINDS = ["update", "question", "article", "video"]
KIND_WEIGHTS = [75, 12, 8, 5]
REGCONFIG_SQL = (
    "CASE {col} WHEN 'en' THEN 'english' WHEN 'nl' THEN 'dutch' WHEN 'sv' THEN 'swedish' "
    "WHEN 'nb' THEN 'norwegian' ELSE 'simple' END::regconfig"
)
# Tables whose secondary indexes and constraints are dropped around a big PostgreSQL load.
BULK_TABLES = [
    "people_person",
    "groups_membership",
    "conversations_follow",
    "conversations_post",
    "conversations_post_topics",
    "conversations_comment",
    "conversations_reaction",
    "search_searchentry",
]


@dataclass
class Stats:
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    heavy_id: int = 0
    leader_id: int = 0

    def add(self, table: str, rows: int, seconds: float) -> None:
        self.rows[table] = self.rows.get(table, 0) + rows
        self.seconds[table] = self.seconds.get(table, 0.0) + seconds


class Loader:
    """Bulk rows into one table: COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.pg = connection.vendor == "postgresql"

    def ts(self, when: datetime) -> Any:
        # Django keeps naive UTC text on SQLite.
        return when if self.pg else when.replace(tzinfo=None).isoformat(" ")

    def load(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        count = 0
        cols = ", ".join(columns)
        with self.connection.cursor() as cursor:
            if self.pg:
                with cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                        count += 1
            else:
                marks = ", ".join("?" for _ in columns)
                sql = f"INSERT INTO {table} ({cols}) VALUES ({marks})"  # noqa: S608
                raw = cursor.cursor  # sqlite3 cursor: '?' placeholders, no Django rewriting
                batch: list[Sequence[Any]] = []
                for row in rows:
                    batch.append(row)
                    if len(batch) >= 20_000:
                        raw.executemany(sql, batch)
                        count += len(batch)
                        batch = []
                if batch:
                    raw.executemany(sql, batch)
                    count += len(batch)
        return count

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return int(cursor.rowcount or 0)

    def scalar(self, sql: str) -> Any:
        with self.connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()[0]


def _next_id(loader: Loader, table: str) -> int:
    return int(loader.scalar(f"SELECT COALESCE(MAX(id), 0) FROM {table}")) + 1  # noqa: S608


def _ascii(name: str) -> str:
    return name.lower().replace("ø", "o").replace("-", "")


def _skewed(rng: random.Random, mean: float, cap: int, alpha: float = 1.6) -> int:
    """A heavy-tailed count with roughly the given mean (Pareto), at most `cap`."""
    value = (rng.paretovariate(alpha) - 1.0) * mean * (alpha - 1.0)
    return min(cap, int(value + rng.random()))  # stochastic rounding keeps the mean


def _column_defaults(table: str, columns: Sequence[str]) -> tuple[list[str], tuple[Any, ...]]:
    """NOT NULL columns the generator does not fill (added by later migrations): their defaults."""
    import json

    from django.apps import apps

    names: list[str] = []
    values: list[Any] = []
    for model in apps.get_models():
        if model._meta.db_table != table:
            continue
        for model_field in model._meta.concrete_fields:
            if model_field.column in columns or model_field.null or model_field.primary_key:
                continue
            default = model_field.get_default()
            if model_field.get_internal_type() == "JSONField":
                default = json.dumps(default)
            names.append(model_field.column)
            values.append(default)
    return names, tuple(values)


# --- Indexes around the load (PostgreSQL) ----------------------------------------------------


def _drop_secondary(loader: Loader) -> list[str]:
    """Drop non-PK constraints and indexes of the bulk tables; returns the SQL to restore them."""
    restore_unique: list[str] = []
    restore_index: list[str] = []
    restore_fk: list[str] = []
    tables = BULK_TABLES
    with loader.connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.conrelid::regclass::text, c.conname, c.contype, pg_get_constraintdef(c.oid)"
            " FROM pg_constraint c WHERE c.conrelid::regclass::text = ANY(%s)"
            " AND c.contype IN ('u', 'f', 'c')",
            [tables],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT i.tablename, i.indexname, i.indexdef FROM pg_indexes i"
            " WHERE i.tablename = ANY(%s) AND NOT EXISTS ("
            "  SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            [tables],
        )
        indexes = cursor.fetchall()
        for table, name, kind, definition in constraints:
            statement = f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
            (restore_fk if kind == "f" else restore_unique).append(statement)
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for _table, name, definition in indexes:
            restore_index.append(definition)
            cursor.execute(f'DROP INDEX "{name}"')
    return restore_unique + restore_index + restore_fk


def _restore(loader: Loader, statements: list[str], log: Callable[[str], None]) -> None:
    for statement in statements:
        start = time.perf_counter()
        loader.execute(statement)
        elapsed = time.perf_counter() - start
        if elapsed > 1:
            log(f"    {elapsed:6.1f} s  {statement[:110]}")


# --- The generator ---------------------------------------------------------------------------


def generate(  # noqa: C901, PLR0915 - one linear recipe reads best top to bottom
    profile: Profile,
    *,
    scale: float = 1.0,
    seed: int = 20240501,
    log: Callable[[str], None] = print,
    drop_indexes: bool | None = None,
    now: datetime | None = None,
) -> Stats:
    """Load a scaled profile into the (migrated, empty) default database."""
    from django.db import connection

    from townhall.people.services import search_fields

    rng = random.Random(seed)
    loader = Loader(connection)
    pg = loader.pg
    stats = Stats()
    n_people = max(60, int(profile.people * scale))
    n_posts = max(100, int(profile.posts * scale))
    n_reactions = max(100, int(profile.reactions * scale))
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    start_at = now - timedelta(days=SPAN_DAYS)
    if drop_indexes is None:
        drop_indexes = pg and n_posts >= 200_000
    ts = loader.ts
    if pg:
        loader.execute("SET synchronous_commit = off")
        loader.execute("SET maintenance_work_mem = '512MB'")
    restore = _drop_secondary(loader) if drop_indexes else []

    def timed(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        t0 = time.perf_counter()
        extra_columns, extra_values = _column_defaults(table, columns)
        if extra_columns:
            columns = [*columns, *extra_columns]
            rows = (tuple(row) + extra_values for row in rows)
        count = loader.load(table, columns, rows)
        stats.add(table, count, time.perf_counter() - t0)
        return count

    # Org units: company → divisions → departments → teams (5–500 people each).
    unit_base = _next_id(loader, "people_orgunit")
    team_sizes: list[int] = []
    while sum(team_sizes) < n_people:
        team_sizes.append(max(5, min(500, int(rng.lognormvariate(2.9, 0.7)))))
    units: list[tuple[int, str, str, int | None, str, int]] = []  # id, name, kind, parent, path
    root_id = unit_base
    units.append((root_id, "Benchmark Corp", "company", None, f"/{root_id}/", 0))
    next_unit = root_id + 1
    divisions = max(2, round(len(team_sizes) / 48))
    departments = max(divisions, round(len(team_sizes) / 6))
    division_ids = []
    for d in range(divisions):
        division_ids.append(next_unit)
        units.append((next_unit, f"Division {d + 1}", "division", root_id, "", 1))
        next_unit += 1
    department_ids = []
    for d in range(departments):
        parent = division_ids[d % divisions]
        department_ids.append(next_unit)
        units.append((next_unit, f"Department {d + 1}", "department", parent, "", 2))
        next_unit += 1
    team_ids = []
    for t in range(len(team_sizes)):
        parent = department_ids[t % departments]
        team_ids.append(next_unit)
        units.append((next_unit, f"Team {t + 1}", "team", parent, "", 3))
        next_unit += 1
    parent_of = {u[0]: u[3] for u in units}
    paths: dict[int, str] = {root_id: f"/{root_id}/"}
    for uid, *_rest in units[1:]:
        paths[uid] = f"{paths[parent_of[uid]]}{uid}/"  # type: ignore[index]
    created = ts(start_at - timedelta(days=30))
    timed(
        "people_orgunit",
        ["id", "name", "slug", "kind", "description", "path", "depth", "created_at", "parent_id"],
        (
            (uid, name, f"{kind}-{uid}", kind, "", paths[uid], depth, created, parent)
            for uid, name, kind, parent, _p, depth in units
        ),
    )

    # People: team members in order; a manager (leader) per department and division.
    person_base = _next_id(loader, "people_person")
    person_ids = list(range(person_base, person_base + n_people))
    team_of: list[int] = []
    for team_id, size in zip(team_ids, team_sizes, strict=True):
        team_of.extend([team_id] * size)
    team_of = team_of[:n_people]
    first_of_team: dict[int, int] = {}
    for index, team_id in enumerate(team_of):
        first_of_team.setdefault(team_id, person_base + index)
    # Team d sits in department d, so its first member manages (leads) that department.
    manager_of = {
        dept: first_of_team[team_ids[d]]
        for d, dept in enumerate(department_ids)
        if d < len(team_ids) and team_ids[d] in first_of_team
    }
    leaders: set[int] = {person_base, *manager_of.values()}  # the CEO and department heads
    heavy_id = person_base + n_people // 2
    stats.heavy_id = heavy_id
    stats.leader_id = person_base

    # Whatever denormalised columns the people services keep (search_text, sort_name, …).
    search_keys = sorted(
        search_fields(
            SimpleNamespace(  # type: ignore[arg-type]
                first_name="", last_name="", email="", job_title="", location="", ask_me_about=[]
            )
        )
    )

    def people_rows() -> Iterator[tuple[Any, ...]]:
        for index, pid in enumerate(person_ids):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            if pid == person_base:
                email, handle = LEADER_EMAIL, "ceo"
            elif pid == heavy_id:
                email, handle = HEAVY_EMAIL, "heavy"
            else:
                handle = f"{_ascii(first)}.{_ascii(last)}{index}"
                email = f"{handle}@bench.example"
            city, country = rng.choice(CITIES)
            language = rng.choices(LANGUAGES, LANGUAGE_WEIGHTS)[0]
            title = rng.choice(TITLES)
            ask = rng.sample(TOPICS, 2)
            searchable = search_fields(
                SimpleNamespace(  # type: ignore[arg-type]
                    first_name=first,
                    last_name=last.replace("-", " "),
                    email=email,
                    job_title=title,
                    location=city,
                    ask_me_about=ask,
                )
            )
            joined = ts(start_at - timedelta(days=rng.randint(0, 2000)))
            yield (
                pid,
                "!",  # unusable password
                False,
                first,
                last.replace("-", " "),
                False,
                True,
                joined,
                email,
                title,
                city,
                country,
                f'["{language}"]',
                '["' + '", "'.join(ask) + '"]',
                "",
                "",
                language,
                pid in leaders,
                False,
                False,
                team_of[index],
                handle,
                *(searchable[key] for key in search_keys),
            )

    timed(
        "people_person",
        [
            "id",
            "password",
            "is_superuser",
            "first_name",
            "last_name",
            "is_staff",
            "is_active",
            "date_joined",
            "email",
            "job_title",
            "location",
            "country",
            "languages",
            "ask_me_about",
            "bio",
            "photo",
            "preferred_language",
            "is_leader",
            "is_community_manager",
            "is_admin",
            "primary_unit_id",
            "handle",
            *search_keys,
        ],  # fmt: skip
        people_rows(),
    )
    for uid, manager in manager_of.items():
        loader.execute("UPDATE people_orgunit SET manager_id = %s WHERE id = %s", [manager, uid])
    loader.execute(
        "UPDATE people_orgunit SET manager_id = %s WHERE id = %s", [person_base, root_id]
    )

    # Groups: the company group (the root unit's group; no membership rows), one per unit,
    # interest groups of 5–5,000 members.
    group_base = _next_id(loader, "groups_group")
    company_id = group_base
    unit_group: dict[int, int] = {root_id: company_id}
    groups: list[tuple[Any, ...]] = [
        (company_id, "Benchmark Corp", f"company-{company_id}", "open", True, n_people, root_id)
    ]
    next_group = company_id + 1
    for uid, name, kind, _parent, _path, _depth in units[1:]:
        unit_group[uid] = next_group
        groups.append((next_group, name, f"{kind}-{uid}", "open", False, 0, uid))
        next_group += 1
    n_interest = max(HEAVY_GROUPS - 3, n_people // 50)
    interest_ids = list(range(next_group, next_group + n_interest))
    interest_members: dict[int, list[int]] = {}
    visibility_of: dict[int, str] = {}
    for i, gid in enumerate(interest_ids):
        visibility = rng.choices(["open", "private", "secret"], [60, 30, 10])[0]
        size = max(5, min(5000, n_people, int(5 * rng.paretovariate(1.05))))
        interest_members[gid] = rng.sample(person_ids, size)
        visibility_of[gid] = visibility
        groups.append((gid, f"Interest {i + 1}", f"interest-{gid}", visibility, False, 0, None))
    # The heavy person: 3 unit groups + 37 interest groups = 40.
    for gid in interest_ids[: HEAVY_GROUPS - 3]:
        if heavy_id not in interest_members[gid]:
            interest_members[gid].append(heavy_id)
    member_count: dict[int, int] = {gid: len(m) for gid, m in interest_members.items()}
    subtree_count: dict[int, int] = {}
    for team_id in team_of:
        node: int | None = team_id
        while node is not None and node != root_id:
            subtree_count[node] = subtree_count.get(node, 0) + 1
            node = parent_of[node]
    for uid, gid in unit_group.items():
        if gid != company_id:
            member_count[gid] = subtree_count.get(uid, 0)
    created = ts(start_at - timedelta(days=20))
    timed(
        "groups_group",
        [
            "id",
            "name",
            "slug",
            "description",
            "visibility",
            "is_company",
            "created_at",
            "member_count",
            "unit_id",
            "created_by_id",
        ],  # fmt: skip
        (
            (
                *g[:3],
                "",
                g[3],
                g[4],
                created,
                member_count.get(g[0], g[5]),
                g[6],
                interest_members[g[0]][0] if g[0] in interest_members else None,
            )
            for g in groups
        ),  # fmt: skip
    )
    groups_of: dict[int, list[int]] = {pid: [] for pid in person_ids}  # unit groups, team first
    interest_of: dict[int, list[int]] = {pid: [] for pid in person_ids}
    membership_id = _next_id(loader, "groups_membership")

    def membership_rows() -> Iterator[tuple[Any, ...]]:
        nonlocal membership_id
        for index, pid in enumerate(person_ids):
            node: int | None = team_of[index]
            while node is not None and node != root_id:
                groups_of[pid].append(unit_group[node])
                yield (membership_id, "member", created, unit_group[node], pid)
                membership_id += 1
                node = parent_of[node]
        for gid, members in interest_members.items():
            for position, pid in enumerate(members):
                interest_of[pid].append(gid)
                role = "admin" if position == 0 else "member"
                yield (membership_id, role, created, gid, pid)
                membership_id += 1

    timed(
        "groups_membership",
        ["id", "role", "created_at", "group_id", "person_id"],
        membership_rows(),
    )

    # Topics and follows (people 0–300, skewed to leaders; some groups and topics).
    topic_base = _next_id(loader, "conversations_topic")
    topic_ids = list(range(topic_base, topic_base + len(TOPICS)))
    timed(
        "conversations_topic",
        ["id", "slug", "name", "created_at"],
        ((tid, TOPICS[i], TOPICS[i], created) for i, tid in enumerate(topic_ids)),
    )
    leader_list = sorted(leaders)
    follow_id = _next_id(loader, "conversations_follow")

    def follow_rows() -> Iterator[tuple[Any, ...]]:
        nonlocal follow_id
        for pid in person_ids:
            wanted = HEAVY_FOLLOWS if pid == heavy_id else _skewed(rng, 20, 300, alpha=1.8)
            wanted = min(wanted, n_people - 1)
            chosen: set[int] = set()
            while len(chosen) < wanted:
                pool = leader_list if rng.random() < 0.2 else person_ids
                target = rng.choice(pool)
                if target != pid:
                    chosen.add(target)
            for target in sorted(chosen):
                yield (follow_id, created, pid, None, target, None)
                follow_id += 1
            if rng.random() < 0.1:
                for gid in sorted(set(rng.sample(interest_ids, 2))):
                    if visibility_of[gid] != "secret":
                        yield (follow_id, created, pid, gid, None, None)
                        follow_id += 1
            if rng.random() < 0.1:
                yield (follow_id, created, pid, None, None, rng.choice(topic_ids))
                follow_id += 1

    timed(
        "conversations_follow",
        ["id", "created_at", "follower_id", "group_id", "person_id", "topic_id"],
        follow_rows(),
    )

    # Posts (with their comments and topics) in time order, chunk by chunk.
    author_weights = [rng.paretovariate(1.3) for _ in person_ids]
    for leader in leaders:
        author_weights[leader - person_base] *= 3
    post_id = _next_id(loader, "conversations_post")
    comment_id = _next_id(loader, "conversations_comment")
    post_topic_id = _next_id(loader, "conversations_post_topics")
    first_post_id = post_id
    step = SPAN_DAYS * 86400 / n_posts
    mean_reactions = n_reactions / n_posts
    reaction_cap = n_people - 1
    pinned_left = 3
    post_cols = [
        "id", "kind", "title", "body", "body_html", "language", "reading_minutes", "pinned",
        "must_read", "comment_count", "reaction_count", "view_count", "created_at", "author_id",
        "group_id",
    ]  # fmt: skip
    announcements: list[int] = []
    for chunk_start in range(0, n_posts, CHUNK):
        size = min(CHUNK, n_posts - chunk_start)
        authors = rng.choices(person_ids, author_weights, k=size)
        posts: list[tuple[Any, ...]] = []
        comments: list[tuple[Any, ...]] = []
        post_topics: list[tuple[int, int, int]] = []
        for offset, author in enumerate(authors):
            i = chunk_start + offset
            when = start_at + timedelta(seconds=i * step + rng.random() * step)
            language = rng.choices(LANGUAGES, LANGUAGE_WEIGHTS)[0]
            words = VOCABULARY[language]
            kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
            roll = rng.random()
            is_leader = author in leaders
            if is_leader and roll < 0.04:
                kind = "announcement"
                group = company_id
            elif roll < (0.3 if is_leader else 0.05):
                group = company_id
            elif roll < 0.7 or not interest_of[author]:
                mine = groups_of[author]
                group = mine[0] if len(mine) < 2 or rng.random() < 0.7 else rng.choice(mine)
            else:
                group = rng.choice(interest_of[author])
            body = " ".join(rng.choices(words, k=rng.randint(6, 40)))
            title = ""
            if kind in ("article", "announcement"):
                title = " ".join(rng.choices(words, k=4)).capitalize()
            must_read = pinned = False
            if kind == "announcement":
                announcements.append(post_id)
                must_read = rng.random() < 0.05
            reactions = _skewed(rng, mean_reactions, reaction_cap)
            n_comments = min(40, reactions // 20 + (1 if rng.random() < 0.1 else 0))
            posts.append(
                (
                    post_id,
                    kind,
                    title,
                    body,
                    f"<p>{body}</p>",
                    language,
                    1,
                    pinned,
                    must_read,
                    n_comments,
                    reactions,
                    0,
                    ts(when),
                    author,
                    group,
                )  # fmt: skip
            )
            for c in range(n_comments):
                text = " ".join(rng.choices(words, k=rng.randint(4, 15)))
                comments.append(
                    (
                        comment_id,
                        text,
                        f"<p>{text}</p>",
                        ts(when + timedelta(minutes=5 * (c + 1))),
                        rng.choice(person_ids),
                        post_id,
                    )
                )
                comment_id += 1
            if rng.random() < 0.15:
                post_topics.append((post_topic_id, post_id, rng.choice(topic_ids)))
                post_topic_id += 1
            post_id += 1
        timed("conversations_post", post_cols, posts)
        timed(
            "conversations_comment",
            ["id", "body", "body_html", "created_at", "author_id", "post_id"],
            comments,
        )
        timed("conversations_post_topics", ["id", "post_id", "topic_id"], post_topics)
        done = chunk_start + size
        if done % 1_000_000 == 0 or done == n_posts:
            log(f"  posts {done:>11,} / {n_posts:,}")
    last_post_id = post_id - 1
    # The newest few announcements are pinned (pinned_announcements shows ≤ 5).
    for pid in announcements[-pinned_left:]:
        loader.execute(
            "UPDATE conversations_post SET pinned = %s WHERE id = %s" if pg else
            "UPDATE conversations_post SET pinned = 1 WHERE id = %s",
            [True, pid] if pg else [pid],
        )  # fmt: skip

    # Reactions, derived in SQL: post p gets p.reaction_count distinct people
    # (base + (p.id * 7919 + g) mod N for g < N is injective in g), so (post, person) is unique.
    t0 = time.perf_counter()
    kinds = "CASE WHEN r.k < 6 THEN 'like' WHEN r.k < 8 THEN 'celebrate' WHEN r.k < 9 THEN "
    kinds += "'support' ELSE 'insightful' END"
    reaction_base = _next_id(loader, "conversations_reaction")
    if pg:
        sql = f"""
            INSERT INTO conversations_reaction (id, kind, created_at, person_id, post_id)
            SELECT %s + row_number() OVER () - 1, {kinds}, r.created_at, r.person_id, r.post_id
            FROM (
                SELECT p.id AS post_id, ((p.id * 7 + g) %% 10) AS k,
                       p.created_at + make_interval(mins => g) AS created_at,
                       %s + ((p.id * 7919 + g) %% %s) AS person_id
                FROM conversations_post p
                CROSS JOIN LATERAL generate_series(0, p.reaction_count - 1) AS g
                WHERE p.id BETWEEN %s AND %s AND p.reaction_count > 0
            ) r
        """  # noqa: S608
        batch_posts = 500_000
        base = reaction_base
        for low in range(first_post_id, last_post_id + 1, batch_posts):
            high = min(last_post_id, low + batch_posts - 1)
            base += loader.execute(sql, [base, person_base, n_people, low, high])
    else:
        top = int(loader.scalar("SELECT COALESCE(MAX(reaction_count), 0) FROM conversations_post"))
        loader.execute("CREATE TEMP TABLE bench_seq (g INTEGER PRIMARY KEY)")
        loader.load("bench_seq", ["g"], ((g,) for g in range(top)))
        loader.execute(
            f"""
            INSERT INTO conversations_reaction (kind, created_at, person_id, post_id)
            SELECT {kinds}, r.created_at, r.person_id, r.post_id
            FROM (
                SELECT p.id AS post_id, ((p.id * 7 + s.g) %% 10) AS k,
                       datetime(p.created_at, '+' || s.g || ' minutes') AS created_at,
                       %s + ((p.id * 7919 + s.g) %% %s) AS person_id
                FROM conversations_post p JOIN bench_seq s ON s.g < p.reaction_count
                WHERE p.id BETWEEN %s AND %s
                ORDER BY p.id, s.g
            ) r
            """,  # noqa: S608
            [person_base, n_people, first_post_id, last_post_id],
        )
        loader.execute("DROP TABLE bench_seq")
    count = int(
        loader.scalar(f"SELECT COUNT(*) FROM conversations_reaction WHERE id >= {reaction_base}")  # noqa: S608
    )
    stats.add("conversations_reaction", count, time.perf_counter() - t0)
    log(f"  reactions {count:,} (SQL)")

    # Search entries, as `search.services` writes them: the post's plain text (the body here
    # is plain words in a <p>), its language, and on PostgreSQL the weighted tsvector that
    # PostgresBackend.refresh computes. Comments take their post's language.
    t0 = time.perf_counter()
    regconfig = REGCONFIG_SQL.format(col="language")
    document = (
        f", setweight(to_tsvector({regconfig}, COALESCE(title, '')), 'A') || "
        f"setweight(to_tsvector({regconfig}, COALESCE(body, '')), 'B')"
        if pg
        else ""
    )
    doc_col = ", document" if pg else ""
    for low in range(first_post_id, last_post_id + 1, 500_000):
        high = min(last_post_id, low + 499_999)
        loader.execute(
            f"""
            INSERT INTO search_searchentry
                (post_id, comment_id, group_id, author_id, post_kind, language, title, body,
                 created_at{doc_col})
            SELECT id, NULL, group_id, author_id, kind, language, title, body, created_at{document}
            FROM conversations_post
            WHERE deleted_at IS NULL AND id BETWEEN %s AND %s
            """,  # noqa: S608
            [low, high],
        )
        loader.execute(
            f"""
            INSERT INTO search_searchentry
                (post_id, comment_id, group_id, author_id, post_kind, language, title, body,
                 created_at{doc_col})
            SELECT post_id, comment_id, group_id, author_id, kind, language, '', body, created_at
                   {document.replace("title", "''")}
            FROM (
                SELECT c.post_id, c.id AS comment_id, p.group_id, c.author_id, p.kind,
                       p.language, c.body, c.created_at
                FROM conversations_comment c JOIN conversations_post p ON p.id = c.post_id
                WHERE c.deleted_at IS NULL AND p.deleted_at IS NULL
                  AND p.id BETWEEN %s AND %s
            ) c
            """,  # noqa: S608
            [low, high],
        )
    entries = int(loader.scalar("SELECT COUNT(*) FROM search_searchentry"))
    stats.add("search_searchentry", entries, time.perf_counter() - t0)
    log(f"  search entries {entries:,} (SQL)")

    # Indexes and constraints back, sequences past the explicit ids, statistics fresh.
    if restore:
        t0 = time.perf_counter()
        log(f"  rebuilding {len(restore)} indexes and constraints")
        _restore(loader, restore, log)
        stats.seconds["indexes"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    _reset_sequences(connection, stats.rows)
    loader.execute("ANALYZE")
    stats.seconds["analyze"] = time.perf_counter() - t0
    return stats


def _reset_sequences(connection: Any, tables: Iterable[str]) -> None:
    from django.apps import apps
    from django.core.management.color import no_style

    tables = set(tables)
    models = [m for m in apps.get_models() if m._meta.db_table in tables]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def row_counts() -> dict[str, int]:
    """Rows per table the benchmarks report with their figures."""
    from django.db import connection

    tables = [
        "people_person",
        "people_orgunit",
        "groups_group",
        "groups_membership",
        "conversations_follow",
        "conversations_post",
        "conversations_comment",
        "conversations_reaction",
        "search_searchentry",
        "notifications_notification",
    ]
    counts = {}
    with connection.cursor() as cursor:
        for table in tables:
            if connection.vendor == "postgresql":
                # Exact counts of 30M rows take seconds; the planner's estimate after ANALYZE
                # is within a fraction of a percent.
                cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [table])
                estimate = cursor.fetchone()[0]
                if estimate is not None and estimate > 1_000_000:
                    counts[table] = int(estimate)
                    continue
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
            counts[table] = int(cursor.fetchone()[0])
    return counts


def configure_django(database_url: str | None) -> None:
    """Point Django at the benchmark database (SQLite under var/bench when no URL is given)."""
    os.environ.setdefault("TOWNHALL_VAR_DIR", str(ROOT / "var" / "bench"))
    os.environ["TOWNHALL_TESTING"] = "1"
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townhall.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=sorted(PROFILES), default="sqlite-10k")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=20240501)
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""), help="default: SQLite"
    )
    for name in ("people", "posts", "reactions"):
        parser.add_argument(f"--{name}", type=int, help=f"override the profile's {name}")
    args = parser.parse_args(argv)
    base = PROFILES[args.profile]
    profile = Profile(
        people=args.people or base.people,
        posts=args.posts or base.posts,
        reactions=args.reactions or base.reactions,
    )
    configure_django(args.database_url or None)
    from django.core.management import call_command
    from django.db import connection, transaction

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("flush", "--noinput", verbosity=0)
    print(  # noqa: T201
        f"datagen {args.profile} × {args.scale:g} into {connection.vendor} "
        f"({connection.settings_dict['NAME']})"
    )
    with transaction.atomic():
        stats = generate(profile, scale=args.scale, seed=args.seed)
    total = time.perf_counter() - started
    rows = 0
    for table, count in stats.rows.items():
        seconds = stats.seconds.get(table, 0.0)
        rows += count
        rate = count / seconds if seconds else 0.0
        print(f"  {table:<28} {count:>12,} rows  {seconds:7.1f} s  {rate:>10,.0f} rows/s")  # noqa: T201
    for step in ("indexes", "analyze"):
        if step in stats.seconds:
            print(f"  {step:<28} {'':>12}       {stats.seconds[step]:7.1f} s")  # noqa: T201
    print(  # noqa: T201
        f"total {rows:,} rows in {total:.1f} s ({rows / total:,.0f} rows/s overall); "
        f"heavy person id {stats.heavy_id}"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
