"""Full-text matching, ranking and snippets per database: PostgreSQL tsvector or SQLite FTS5.

Both backends receive a permission-filtered queryset of candidate entries and only ever rank
and highlight rows inside it, so nothing the viewer may not read can reach a result.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection, transaction
from django.db.models import Case, CharField, F, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString, mark_safe

from townhall.search.models import SearchEntry

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler

# Matches ranked per query: the newest this many (after permissions), then by relevance.
CANDIDATE_LIMIT = 2000
MAX_TERMS = 8
# PostgreSQL: how many of the newest entries the density probe reads, and the share of them
# that must match for walking the newest entries to beat the GIN index (measured at 10 M
# posts: a walk costs about 0.3 µs per row read, the GIN path about 0.3 µs per match).
DENSITY_WINDOW = 20_000
WALK_MIN_DENSITY = 0.015
# Private-use characters mark highlights inside the database; the text is HTML-escaped and
# only then are they turned into <mark>, so a body can never smuggle markup into a snippet.
MARK_START = "\ue000"
MARK_END = "\ue001"
TERM_RE = re.compile(r"[^\W_]+", re.UNICODE)

# Post.language → PostgreSQL text search configuration (Snowball stemmer + stop words).
REGCONFIGS = {"en": "english", "nl": "dutch", "sv": "swedish", "nb": "norwegian"}


def query_terms(text: str) -> list[str]:
    """The words of a search, lower-cased; operators and punctuation are dropped."""
    return [t.lower() for t in TERM_RE.findall(text)][:MAX_TERMS]


def strip_marks(text: str) -> str:
    return text.replace(MARK_START, "").replace(MARK_END, "")


def render_snippet(raw: str) -> SafeString:
    """Escape a database snippet, then turn its private markers into <mark> elements."""
    escaped = html.escape(raw, quote=True)
    marked = escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    # Unbalanced markers (a cut fragment) must not leave an open element behind.
    if marked.count("<mark>") != marked.count("</mark>"):
        marked = escaped.replace(MARK_START, "").replace(MARK_END, "")
    return mark_safe(marked)  # noqa: S308 - escaped above; only our own <mark> added


@dataclass
class RankedHit:
    entry_id: int
    snippet: SafeString


class Backend(Protocol):
    def refresh(self, entry_ids: list[int] | None) -> None: ...

    def matching(self, qs: QuerySet[SearchEntry], terms: list[str]) -> QuerySet[SearchEntry]: ...

    def rank(
        self, candidates: QuerySet[SearchEntry], terms: list[str], *, offset: int, limit: int
    ) -> list[RankedHit]: ...


def _regconfig() -> Case:
    return Case(
        *[When(language=code, then=Value(name)) for code, name in REGCONFIGS.items()],
        default=Value("simple"),
        output_field=CharField(),
    )


class StemmedQuery(SearchQuery):
    """A tsquery given as its text, already stemmed: `( 'kantor':* ) | ( 'kantoren':* )`."""

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, list[Any]]:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql})::tsquery", list(params)


class PostgresBackend:
    """A weighted tsvector per entry in its own language; GIN-indexed; ts_rank_cd; ts_headline.

    Which matches to rank is chosen by how common the words are. Common words: walk the
    newest entries backwards and keep those that match, which stops after a few thousand rows.
    Rare words (or none at all): that walk would read the whole table, so the GIN index finds
    every match first and only those are sorted. PostgreSQL cannot tell the two apart itself
    (prefix queries are always estimated at a few percent), so a cheap probe of the newest
    entries measures the density.
    """

    def __init__(self) -> None:
        self._tsqueries: dict[tuple[str, ...], str] = {}

    def refresh(self, entry_ids: list[int] | None) -> None:
        qs = SearchEntry.objects.all()
        if entry_ids is not None:
            qs = qs.filter(pk__in=entry_ids)
        config = _regconfig()
        qs.update(
            document=SearchVector("title", weight="A", config=config)
            + SearchVector("body", weight="B", config=config)
        )

    def _tsquery_text(self, terms: list[str]) -> str:
        """The words stemmed by every language's stemmer, duplicates dropped, OR-ed.

        The searcher's language is unknown: "kantoren" becomes dutch 'kantor' (matching
        "kantoor") or english 'kantoren'. The last word is a prefix, for search-as-you-type.
        Identical stems ("migr" in all four) are matched once, not four times per row.
        """
        key = tuple(terms)
        if key not in self._tsqueries:
            raw = " & ".join([*terms[:-1], f"{terms[-1]}:*"])
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT DISTINCT to_tsquery(cfg::regconfig, %s)::text "
                    "FROM unnest(%s::text[]) AS cfg",
                    [raw, list(REGCONFIGS.values())],
                )
                texts = sorted(text for (text,) in cursor.fetchall() if text)
            self._tsqueries[key] = " | ".join(f"( {text} )" for text in texts)
        return self._tsqueries[key]

    def _query(self, terms: list[str]) -> StemmedQuery:
        return StemmedQuery(self._tsquery_text(terms))

    def matching(self, qs: QuerySet[SearchEntry], terms: list[str]) -> QuerySet[SearchEntry]:
        if not self._tsquery_text(terms):
            return qs.none()  # only stop words: nothing matches, as in PostgreSQL itself
        return qs.filter(document=self._query(terms))

    def _is_sparse(self, terms: list[str]) -> bool:
        """Whether the words are rare among the newest entries (then the GIN index wins)."""
        text = self._tsquery_text(terms)
        if not text:
            return False
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FILTER (WHERE document @@ %s::tsquery), count(*) "
                "FROM (SELECT document FROM search_searchentry "
                "ORDER BY created_at DESC, id DESC LIMIT %s) AS newest",
                [text, DENSITY_WINDOW],
            )
            matches, read = cursor.fetchone()
        return bool(matches < read * WALK_MIN_DENSITY)

    def rank(
        self, candidates: QuerySet[SearchEntry], terms: list[str], *, offset: int, limit: int
    ) -> list[RankedHit]:
        if self._is_sparse(terms):
            with transaction.atomic(), connection.cursor() as cursor:
                # Plain index scans would walk search_entry_recent through every row; without
                # them the planner takes the GIN bitmap and sorts the few matches it finds.
                cursor.execute("SET LOCAL enable_indexscan = off")
                cursor.execute("SET LOCAL enable_seqscan = off")
                return self._ranked(candidates, terms, offset=offset, limit=limit)
        return self._ranked(candidates, terms, offset=offset, limit=limit)

    def _ranked(
        self, candidates: QuerySet[SearchEntry], terms: list[str], *, offset: int, limit: int
    ) -> list[RankedHit]:
        query = self._query(terms)
        ids = candidates.order_by("-created_at", "-id").values("pk")[:CANDIDATE_LIMIT]
        rows = (
            SearchEntry.objects.filter(pk__in=ids)
            .annotate(
                rank=SearchRank(F("document"), query, cover_density=True),
                snippet=SearchHeadline(
                    "body",
                    query,
                    config=_regconfig(),
                    start_sel=MARK_START,
                    stop_sel=MARK_END,
                    max_words=30,
                    min_words=12,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            )
            .order_by("-rank", "-created_at", "-id")
            .values_list("pk", "snippet")[offset : offset + limit]
        )
        return [
            RankedHit(entry_id=pk, snippet=render_snippet(snippet or "")) for pk, snippet in rows
        ]


class SqliteBackend:
    """An external-content FTS5 table (porter + unicode61), filled by triggers; bm25; snippet()."""

    def refresh(self, entry_ids: list[int] | None) -> None:
        if entry_ids is None:
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
        # Single entries need nothing: the triggers on search_searchentry keep FTS5 in step.

    @staticmethod
    def _match(terms: list[str]) -> str:
        # Every word quoted (so FTS5 operators typed by people are plain words) and a prefix:
        # without Snowball for Dutch or the Nordic languages, prefixes find longer word forms.
        return " ".join(f'"{term}"*' for term in terms)

    def matching(self, qs: QuerySet[SearchEntry], terms: list[str]) -> QuerySet[SearchEntry]:
        return qs.filter(
            pk__in=RawSQL(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [self._match(terms)]
            )
        )

    def rank(
        self, candidates: QuerySet[SearchEntry], terms: list[str], *, offset: int, limit: int
    ) -> list[RankedHit]:
        ids = candidates.order_by("-created_at", "-id").values("pk")[:CANDIDATE_LIMIT]
        ids_sql, ids_params = ids.query.sql_with_params()
        # Only ORM-compiled SQL is interpolated; every value travels as a parameter.
        # `+rowid` stops SQLite from probing FTS5 once per candidate id (quadratic); the
        # candidate list is built once and checked against the single MATCH scan instead.
        sql = (
            "SELECT rowid, snippet(search_fts, 1, %s, %s, '…', 24) FROM search_fts "  # noqa: S608
            f"WHERE search_fts MATCH %s AND +rowid IN ({ids_sql}) "
            "ORDER BY bm25(search_fts, 4.0, 1.0), rowid DESC LIMIT %s OFFSET %s"
        )
        params = [MARK_START, MARK_END, self._match(terms), *ids_params, limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return [RankedHit(entry_id=int(pk), snippet=render_snippet(str(s or ""))) for pk, s in rows]


def backend() -> Backend:
    """The backend for the default database."""
    if connection.vendor == "postgresql":
        return PostgresBackend()
    return SqliteBackend()
