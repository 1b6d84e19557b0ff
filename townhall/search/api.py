"""The search part of the REST API: the same selector as the search page."""

from __future__ import annotations

from datetime import date
from typing import Literal, cast

from django.http import HttpRequest
from ninja import Router
from ninja.params.functions import Query

from townhall.people.models import Person
from townhall.people.schemas import NO_NUL, PersonSummary, error_responses
from townhall.search.schemas import GroupHit, SearchOut, TextHitOut, TopicHit
from townhall.search.selectors import MAX_PAGE, MAX_QUERY_LENGTH, resolve_filters, search

router = Router(tags=["search"])
MAX_ID = 2**63 - 1
SINCE = Query(None, description="Posted on or after (YYYY-MM-DD)")
UNTIL = Query(None, description="Posted on or before (YYYY-MM-DD)")


@router.get(
    "/search",
    response={200: SearchOut, **error_responses(401, 429, 422)},
    summary="Search posts, comments, people, groups and topics",
    description="Only what the caller may read is ever returned. `type=all` gives a few of "
    "each; `posts` or `comments` alone are paged 20 at a time with `page`.",
)
def search_everything(
    request: HttpRequest,
    q: str = Query(..., max_length=MAX_QUERY_LENGTH, pattern=NO_NUL, description="Words"),
    type: Literal["all", "posts", "comments", "people", "groups", "topics"] = Query("all"),
    kind: Literal["", "update", "article", "question", "video", "announcement"] = Query(
        "", description="Kind of post"
    ),
    group: str = Query("", max_length=140, pattern=r"^[-a-zA-Z0-9_]*$", description="Group slug"),
    author: int | None = Query(None, ge=1, le=MAX_ID, description="Author's person id"),
    since: date | None = SINCE,
    until: date | None = UNTIL,
    page: int = Query(1, ge=1, le=MAX_PAGE),
    people_cursor: str = Query("", max_length=400, pattern=NO_NUL),
) -> SearchOut:
    me = cast(Person, request.auth)  # type: ignore[attr-defined]
    group_obj, author_obj = resolve_filters(me, group_slug=group, author_id=author)
    results = search(
        me,
        query=q,
        type=type,
        post_kind=kind,
        group=group_obj,
        author=author_obj,
        since=since,
        until=until,
        page=page,
        people_after=people_cursor,
    )
    return SearchOut(
        query=results.query,
        type=results.type,
        hits=[TextHitOut.of(h) for h in results.hits],
        people=[p for p in (PersonSummary.of(p) for p in results.people) if p is not None],
        groups=[GroupHit.of_group(g) for g in results.groups],
        topics=[TopicHit.of(t) for t in results.topics],
        page=results.page,
        next_page=results.page + 1 if results.has_next else None,
        people_cursor=results.people_cursor,
    )
