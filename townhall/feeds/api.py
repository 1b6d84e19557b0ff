"""The feeds part of the REST API: the same feed selectors as the pages, keyset-paginated."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router
from ninja.params.functions import Path, Query

from townhall.conversations.api import (
    MAX_ID,
    PAGE_LIMIT,
    READ,
    TOPIC_SLUG,
    checked_time_cursor,
    me,
    post_cards,
)
from townhall.conversations.schemas import PostOut
from townhall.feeds import selectors
from townhall.feeds.schemas import PostPage
from townhall.groups.selectors import access_group
from townhall.people.schemas import SLUG, error_responses
from townhall.people.selectors import access_person

router = Router(tags=["feeds"])

Cursor = Query("", max_length=500, description="`next_cursor` of the previous page")
Limit = Query(selectors.PAGE_SIZE, ge=1, le=PAGE_LIMIT)
PAGE = {200: PostPage, **error_responses(*READ, 422)}
PAGE_OR_404 = {200: PostPage, **error_responses(*READ, 404, 422)}


def _page(request: HttpRequest, page: selectors.FeedPage) -> PostPage:
    return PostPage(items=post_cards(me(request), page.posts), next_cursor=page.next_cursor)


@router.get("/feeds/home", response=PAGE, summary="Your home feed, newest first")
def home(request: HttpRequest, cursor: str = Cursor, limit: int = Limit) -> PostPage:
    after = checked_time_cursor(cursor)
    return _page(request, selectors.home_feed(me(request), after=after, limit=limit))


@router.get("/feeds/leaders", response=PAGE, summary="Posts by leaders")
def leaders(request: HttpRequest, cursor: str = Cursor, limit: int = Limit) -> PostPage:
    after = checked_time_cursor(cursor)
    return _page(request, selectors.leaders_feed(me(request), after=after, limit=limit))


@router.get("/feeds/saved", response=PAGE, summary="Posts you saved")
def saved(request: HttpRequest, cursor: str = Cursor, limit: int = Limit) -> PostPage:
    after = checked_time_cursor(cursor)
    return _page(request, selectors.saved_feed(me(request), after=after, limit=limit))


@router.get("/feeds/questions", response=PAGE, summary="Questions nobody has answered yet")
def questions(request: HttpRequest, cursor: str = Cursor, limit: int = Limit) -> PostPage:
    after = checked_time_cursor(cursor)
    return _page(
        request, selectors.unanswered_questions_feed(me(request), after=after, limit=limit)
    )


@router.get(
    "/feeds/pinned",
    response={200: list[PostOut], **error_responses(*READ)},
    summary="Pinned announcements (at most five), shown above the home feed",
)
def pinned(request: HttpRequest) -> list[PostOut]:
    viewer = me(request)
    return post_cards(viewer, selectors.pinned_announcements(viewer))


@router.get(
    "/groups/{slug}/posts",
    response=PAGE_OR_404,
    summary="A group's posts (empty for a private group you are not in)",
)
def group_posts(
    request: HttpRequest,
    slug: str = Path(..., max_length=140, pattern=SLUG, example="acme"),
    cursor: str = Cursor,
    limit: int = Limit,
) -> PostPage:
    viewer = me(request)
    after = checked_time_cursor(cursor)
    group = access_group(viewer, slug)
    return _page(request, selectors.group_feed(viewer, group, after=after, limit=limit))


@router.get("/topics/{slug}/posts", response=PAGE_OR_404, summary="Posts tagged with a #topic")
def topic_posts(
    request: HttpRequest,
    slug: str = Path(..., max_length=60, pattern=TOPIC_SLUG, example="onboarding"),
    cursor: str = Cursor,
    limit: int = Limit,
) -> PostPage:
    after = checked_time_cursor(cursor)
    topic = selectors.access_topic(slug)
    return _page(request, selectors.topic_feed(me(request), topic, after=after, limit=limit))


@router.get("/people/{person_id}/posts", response=PAGE_OR_404, summary="A person's posts")
def person_posts(
    request: HttpRequest,
    person_id: int = Path(..., ge=1, le=MAX_ID),
    cursor: str = Cursor,
    limit: int = Limit,
) -> PostPage:
    viewer = me(request)
    after = checked_time_cursor(cursor)
    person = access_person(viewer, person_id)
    return _page(request, selectors.profile_feed(viewer, person, after=after, limit=limit))
