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
    # A post's files (attachments, cover, video, poster) in one query per page, never per card.
    return qs.prefetch_related("topics", "uploads")


def _before_cursor(after: str) -> Q:
    """Posts older than the keyset cursor (created_at, id); everything when there is none."""
    cursor = decode_cursor(after, 2)
    if cursor is not None and isinstance(cursor[1], int):
        when = parse_datetime(str(cursor[0]))
        if isinstance(when, datetime):
            # The same as `created_at < t OR (created_at = t AND id < n)`, with the range on
            # its own in front so SQLite (not only PostgreSQL) starts its index scan at t.
            return Q(created_at__lte=when) & (Q(created_at__lt=when) | Q(id__lt=cursor[1]))
    return Q()


def _page(qs: QuerySet[Post], after: str, limit: int) -> FeedPage:
    """Keyset pagination on (created_at, id), newest first."""
    qs = qs.filter(_before_cursor(after))
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
    # Every condition is a test on the post row itself or a lookup by its primary key, and no
    # condition multiplies rows (no DISTINCT): PostgreSQL then walks `post_recent` from the
    # cursor and stops after one page of matches, so page 50 costs what page 1 costs. A join
    # on topics plus DISTINCT made it sort every candidate post first (seconds at 1M posts).
    people: set[int] = {viewer.pk or 0}
    groups = set(permissions.member_group_ids(viewer))
    topics: set[int] = set()
    for person_id, group_id, topic_id in Follow.objects.filter(follower_id=viewer.pk).values_list(
        "person_id", "group_id", "topic_id"
    ):
        if person_id is not None:
            people.add(person_id)
        elif group_id is not None:
            groups.add(group_id)
        elif topic_id is not None:
            topics.add(topic_id)
    wanted = (
        Q(group__is_company=True)
        | Q(group_id__in=sorted(groups))
        | Q(author_id__in=sorted(people))
        | Q(kind=PostKind.ANNOUNCEMENT)
        | Q(author__is_leader=True)
    )
    if topics:
        # Followed topics: only the newest page of readable tagged posts before the cursor can
        # make this page, so that many ids (one LIMITed sub-select) stand in for the topics.
        tagged = (
            Post.objects.filter(
                permissions.readable_posts_q(viewer), _before_cursor(after), topics__in=topics
            )
            .order_by("-created_at", "-id")
            .values("pk")[: limit + 1]
        )
        wanted |= Q(pk__in=tagged)
    return _page(posts_visible_to(viewer).filter(wanted), after, limit)


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


# --- Web UI reads (conversations pages) -----------------------------------------------------
# What the post cards, the home page's catch-up strip and the follow buttons need, each in a
# fixed number of queries per page, never one per post.


def annotate_reactions(viewer: Person | AnonymousUser, posts: list[Post]) -> list[Post]:
    """Attach `reaction_counts` ({kind: n}) and `my_reaction` to each post in two queries."""
    from django.db.models import Count

    from townhall.conversations.models import Reaction

    ids = [p.pk for p in posts]
    counts: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    mine: dict[int, str] = {}
    if ids:
        for post_id, kind, n in (
            Reaction.objects.filter(post_id__in=ids)
            .values_list("post_id", "kind")
            .annotate(n=Count("id"))
            .order_by()
        ):
            counts[post_id][kind] = n
        if permissions.is_signed_in(viewer):
            mine = dict(
                Reaction.objects.filter(post_id__in=ids, person_id=viewer.pk or 0).values_list(
                    "post_id", "kind"
                )
            )
    for post in posts:
        post.reaction_counts = counts.get(post.pk, {})  # type: ignore[attr-defined]
        post.my_reaction = mine.get(post.pk)  # type: ignore[attr-defined]
    return posts


@dataclass
class CatchUpItem:
    post: Post
    reason: str  # "mention", "question" or "leader"
    at: datetime


def catch_up(
    viewer: Person | AnonymousUser, *, since: datetime, limit: int = 8
) -> list[CatchUpItem]:
    """Mentions of me, questions put to me and leaders' posts since `since`: two bounded queries."""
    from townhall.conversations.models import Mention

    if not permissions.is_signed_in(viewer):
        return []
    readable = permissions.readable_posts_q(viewer)
    post_q = Q(post__in=Post.objects.filter(readable).exclude(author_id=viewer.pk).values("pk"))
    items: dict[int, CatchUpItem] = {}
    mentions = (
        Mention.objects.filter(post_q, person_id=viewer.pk or 0, created_at__gte=since)
        .select_related("post", "post__author", "post__group")
        .order_by("-created_at")[:limit]
    )
    for mention in mentions:
        post = mention.post
        reason = (
            "question"
            if post.kind == PostKind.QUESTION and post.accepted_comment_id is None
            else "mention"
        )
        items.setdefault(post.pk, CatchUpItem(post=post, reason=reason, at=mention.created_at))
    leader_posts = (
        Post.objects.filter(readable, author__is_leader=True, created_at__gte=since)
        .exclude(author_id=viewer.pk)
        .select_related("author", "group")
        .order_by("-created_at", "-id")[:limit]
    )
    for post in leader_posts:
        items.setdefault(post.pk, CatchUpItem(post=post, reason="leader", at=post.created_at))
    return sorted(items.values(), key=lambda i: i.at, reverse=True)[:limit]


def acknowledgement_status(viewer: Person | AnonymousUser, posts: list[Post]) -> list[Post]:
    """Attach `acknowledged` (by me) and, for those allowed, `ack_count`/`ack_audience`."""
    from townhall.conversations.models import Acknowledgement

    must = [p for p in posts if p.must_read]
    for post in posts:
        post.acknowledged = False  # type: ignore[attr-defined]
        post.ack_count = None  # type: ignore[attr-defined]
        post.ack_audience = None  # type: ignore[attr-defined]
    if not must or not permissions.is_signed_in(viewer):
        return posts
    ids = [p.pk for p in must]
    mine = set(
        Acknowledgement.objects.filter(post_id__in=ids, person_id=viewer.pk or 0).values_list(
            "post_id", flat=True
        )
    )
    counted = [p for p in must if permissions.can_see_acknowledgements(viewer, p)]
    counts: dict[int, int] = {}
    everyone = 0
    if counted:
        from django.db.models import Count

        counts = dict(
            Acknowledgement.objects.filter(post_id__in=[p.pk for p in counted])
            .values_list("post_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        if any(p.group.is_company for p in counted):
            everyone = Person.objects.filter(is_active=True).count()
    for post in must:
        post.acknowledged = post.pk in mine  # type: ignore[attr-defined]
        if post in counted:
            post.ack_count = counts.get(post.pk, 0)  # type: ignore[attr-defined]
            post.ack_audience = everyone if post.group.is_company else post.group.member_count  # type: ignore[attr-defined]
    return posts


def is_following(
    viewer: Person | AnonymousUser,
    *,
    person: Person | None = None,
    group: Group | None = None,
    topic: Topic | None = None,
) -> bool:
    if not permissions.is_signed_in(viewer):
        return False
    target: dict[str, object] = {"person": person} if person else {}
    if group is not None:
        target = {"group": group}
    if topic is not None:
        target = {"topic": topic}
    if not target:
        return False
    return Follow.objects.filter(follower_id=viewer.pk, **target).exists()


def comment_revisions(viewer: Person | AnonymousUser, post: Post) -> dict[int, list[object]]:
    """Earlier versions of the post's comments, by comment id; only for moderators."""
    from townhall.conversations.models import CommentRevision

    if not permissions.can_see_comment_history(viewer):
        return {}
    history: dict[int, list[object]] = {}
    for revision in CommentRevision.objects.filter(comment__post=post).order_by("-created_at"):
        history.setdefault(revision.comment_id, []).append(revision)
    return history


def access_topic(slug: str) -> Topic:
    from django.http import Http404

    topic = Topic.objects.filter(slug=slug).first()
    if topic is None:
        raise Http404
    return topic


def access_comment(viewer: Person | AnonymousUser, pk: int) -> Comment:
    """A live comment on a post the viewer may read, or 404."""
    from django.http import Http404

    comment = (
        Comment.objects.select_related("post", "post__group", "author")
        .filter(pk=pk, deleted_at__isnull=True)
        .first()
    )
    if comment is None or not permissions.can_view_post(viewer, comment.post):
        raise Http404
    return comment


def attach_shared_visibility(viewer: Person | AnonymousUser, posts: list[Post]) -> list[Post]:
    """Mark which shared originals the viewer may read (a share may sit in a wider group)."""
    shared_ids = {p.shared_post_id for p in posts if p.shared_post_id}
    readable: set[int] = set()
    if shared_ids:
        readable = set(
            Post.objects.filter(
                permissions.readable_posts_q(viewer), pk__in=shared_ids
            ).values_list("pk", flat=True)
        )
    for post in posts:
        post.shared_visible = post.shared_post_id in readable  # type: ignore[attr-defined]
    return posts
