"""Feed assembly (reads, never writes): fan-out on read over indexed, permission-filtered posts.

See docs/architecture/feeds.md for why and how it scales.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.dateparse import parse_datetime

from townhall.conversations.models import Bookmark, Comment, Follow, Post, PostKind, Topic
from townhall.groups.models import Group
from townhall.people import permissions
from townhall.people.models import Person
from townhall.people.selectors import decode_cursor, encode_cursor

PAGE_SIZE = 20


@dataclass
class FeedPage:
    posts: list[Post]
    next_cursor: str | None


def posts_visible_to(viewer: Person | AnonymousUser) -> QuerySet[Post]:
    """Every live post the viewer may read, with what a post card needs in the same query."""
    qs = Post.objects.filter(permissions.readable_posts_q(viewer)).select_related(
        "author", "author__primary_unit", "group", "shared_post", "shared_post__author"
    )
    if permissions.is_signed_in(viewer):
        qs = qs.annotate(
            is_saved=Exists(Bookmark.objects.filter(person_id=viewer.pk or 0, post=OuterRef("pk"))),
        )
    return qs.prefetch_related("topics")


def _page(qs: QuerySet[Post], after: str, limit: int) -> FeedPage:
    """Keyset pagination on (created_at, id), newest first."""
    cursor = decode_cursor(after, 2)
    if cursor is not None and isinstance(cursor[1], int):
        when = parse_datetime(str(cursor[0]))
        if isinstance(when, datetime):
            qs = qs.filter(Q(created_at__lt=when) | Q(created_at=when, id__lt=cursor[1]))
    rows = list(qs.order_by("-created_at", "-id")[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor([rows[-1].created_at.isoformat(), rows[-1].pk])
    return FeedPage(posts=rows, next_cursor=next_cursor)


def home_feed(
    viewer: Person | AnonymousUser, *, after: str = "", limit: int = PAGE_SIZE
) -> FeedPage:
    """My groups, people/groups/topics I follow, company posts, announcements, leaders' posts."""
    if not permissions.is_signed_in(viewer):
        return FeedPage(posts=[], next_cursor=None)
    my_groups = sorted(permissions.member_group_ids(viewer))
    follows = Follow.objects.filter(follower_id=viewer.pk)
    wanted = (
        Q(group_id__in=my_groups)
        | Q(group__is_company=True)
        | Q(kind=PostKind.ANNOUNCEMENT)
        | Q(author__is_leader=True)
        | Q(author_id=viewer.pk)
        | Q(author_id__in=follows.filter(person__isnull=False).values("person_id"))
        | Q(group_id__in=follows.filter(group__isnull=False).values("group_id"))
        | Q(topics__in=follows.filter(topic__isnull=False).values("topic_id"))
    )
    return _page(posts_visible_to(viewer).filter(wanted).distinct(), after, limit)


def pinned_announcements(viewer: Person | AnonymousUser) -> list[Post]:
    """Pinned announcements the viewer may read, shown above the home feed."""
    return list(
        posts_visible_to(viewer)
        .filter(kind=PostKind.ANNOUNCEMENT, pinned=True)
        .order_by("-created_at", "-id")[:5]
    )


def group_feed(
    viewer: Person | AnonymousUser, group: Group, *, after: str = "", limit: int = PAGE_SIZE
) -> FeedPage:
    if not permissions.can_read_group(viewer, group):
        return FeedPage(posts=[], next_cursor=None)
    return _page(posts_visible_to(viewer).filter(group=group), after, limit)


def topic_feed(
    viewer: Person | AnonymousUser, topic: Topic, *, after: str = "", limit: int = PAGE_SIZE
) -> FeedPage:
    return _page(posts_visible_to(viewer).filter(topics=topic), after, limit)


def profile_feed(
    viewer: Person | AnonymousUser, person: Person, *, after: str = "", limit: int = PAGE_SIZE
) -> FeedPage:
    return _page(posts_visible_to(viewer).filter(author=person), after, limit)


def leaders_feed(
    viewer: Person | AnonymousUser, *, after: str = "", limit: int = PAGE_SIZE
) -> FeedPage:
    return _page(posts_visible_to(viewer).filter(author__is_leader=True), after, limit)


def saved_feed(
    viewer: Person | AnonymousUser, *, after: str = "", limit: int = PAGE_SIZE
) -> FeedPage:
    if not permissions.is_signed_in(viewer):
        return FeedPage(posts=[], next_cursor=None)
    saved = Bookmark.objects.filter(person_id=viewer.pk or 0).values("post_id")
    return _page(posts_visible_to(viewer).filter(id__in=saved), after, limit)


def unanswered_questions_feed(
    viewer: Person | AnonymousUser, *, after: str = "", limit: int = PAGE_SIZE
) -> FeedPage:
    qs = posts_visible_to(viewer).filter(
        kind=PostKind.QUESTION, accepted_comment__isnull=True, comment_count=0
    )
    return _page(qs, after, limit)


def access_post(viewer: Person | AnonymousUser, pk: int) -> Post:
    """A post the viewer may read, or 404 (never revealing that a private post exists)."""
    from django.http import Http404

    post = posts_visible_to(viewer).filter(pk=pk).first()
    if post is None:
        raise Http404
    return post


def comments_for(viewer: Person | AnonymousUser, post: Post) -> list[Comment]:
    """Top-level comments with their replies attached, oldest first, in two queries."""
    if not permissions.can_view_post(viewer, post):
        return []
    rows = list(
        Comment.objects.filter(post=post, deleted_at__isnull=True)
        .select_related("author", "author__primary_unit")
        .order_by("created_at", "id")
    )
    top = [c for c in rows if c.parent_id is None]
    by_parent: dict[int, list[Comment]] = {}
    for comment in rows:
        if comment.parent_id is not None:
            by_parent.setdefault(comment.parent_id, []).append(comment)
    for comment in top:
        comment.thread_replies = by_parent.get(comment.pk, [])  # type: ignore[attr-defined]
    return top
