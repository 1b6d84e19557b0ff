"""The conversations part of the REST API: posts, comments, reactions, follows and mentions.

The same services, feed selectors and permission layer as the pages; nothing here decides who
may see what.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any, cast

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import HttpError
from ninja.params.functions import Path, Query

from townhall.conversations import services
from townhall.conversations.models import Comment, CommentRevision, Follow, Post, Reaction
from townhall.conversations.schemas import (
    AcceptedAnswerIn,
    AcknowledgementsOut,
    CommentIn,
    CommentOut,
    CommentPatchIn,
    FollowOut,
    FollowPage,
    GroupRef,
    PostIn,
    PostOut,
    PostPatchIn,
    ReactionIn,
    ReactionOut,
    RevisionOut,
    RevisionPage,
    SavedOut,
    ShareIn,
    ThreadOut,
    ThreadPage,
    TopicOut,
)
from townhall.feeds import selectors as feeds
from townhall.groups import selectors as groups
from townhall.groups.models import Group
from townhall.groups.services import company_group
from townhall.people import permissions
from townhall.people import selectors as people
from townhall.people.models import Person
from townhall.people.schemas import PersonSummary, error_responses
from townhall.uploads.schemas import UploadOut

router = Router(tags=["conversations"])

MAX_ID = 2**63 - 1
PAGE_LIMIT = 100
TOPIC_SLUG = r"^[-\w]+$"
# Every operation may answer 401 and 429; unsafe methods also 403 (session without CSRF).
READ = (401, 429)
WRITE = (401, 403, 429)


# --- Shared by the conversations, feeds and groups routers ----------------------------------


def me(request: HttpRequest) -> Person:
    return cast(Person, request.auth)  # type: ignore[attr-defined]


def _bad_cursor() -> ValidationError:
    return ValidationError({"cursor": _("This cursor is not valid; start from the first page.")})


def _is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_ID


def time_cursor(cursor: str) -> tuple[datetime, int] | None:
    """A (created_at, id) keyset cursor; a forged or damaged one is a field error, not page 1."""
    if not cursor:
        return None
    values = people.decode_cursor(cursor, 2)
    if values is None or not isinstance(values[0], str) or not _is_id(values[1]):
        raise _bad_cursor()
    try:
        when = parse_datetime(values[0])
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        raise _bad_cursor()
    return when, cast(int, values[1])


def checked_time_cursor(cursor: str) -> str:
    time_cursor(cursor)
    return cursor


def id_cursor(cursor: str) -> int | None:
    """An id keyset cursor (newest first)."""
    if not cursor:
        return None
    values = people.decode_cursor(cursor, 1)
    if values is None or not _is_id(values[0]):
        raise _bad_cursor()
    return cast(int, values[0])


def next_id_cursor(rows: Sequence[Any], limit: int) -> str | None:
    """The cursor after the last row shown, when a row beyond the page was fetched."""
    return people.encode_cursor([rows[limit - 1].pk]) if len(rows) > limit else None


@contextmanager
def rate_limited_as_429() -> Iterator[None]:
    """The services say 'too often' with a ValidationError; over HTTP that is a 429."""
    try:
        yield
    except ValidationError as exc:
        if getattr(exc, "code", None) == "rate_limited":
            raise HttpError(429, exc.messages[0]) from exc
        raise


def renamed_fields(exc: ValidationError, names: dict[str, str]) -> ValidationError:
    """The services' field names (`parent`) as the API spells them (`parent_id`)."""
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError(
        {names.get(field, field): errors for field, errors in exc.error_dict.items()}
    )


def group_ref(group: Group) -> GroupRef:
    return GroupRef(id=group.pk, slug=group.slug, name=group.name, visibility=group.visibility)


def group_or_field_error(viewer: Person, slug: str | None, field: str) -> Group | None:
    if not slug:
        return None
    try:
        return groups.access_group(viewer, slug)
    except Http404 as exc:
        raise ValidationError({field: _("There is no group with this slug.")}) from exc


def post_cards(viewer: Person | AnonymousUser, posts: Sequence[Post]) -> list[PostOut]:
    """Cards for posts from the feed selectors; the page helpers add a fixed number of queries."""
    rows = list(posts)
    if not rows:
        return []
    feeds.annotate_reactions(viewer, rows)
    feeds.attach_shared_visibility(viewer, rows)
    feeds.acknowledgement_status(viewer, rows)
    return [
        PostOut(
            id=p.pk,
            kind=p.kind,
            title=p.title,
            body=p.body,
            body_html=p.body_html,
            language=p.language,
            reading_minutes=p.reading_minutes,
            author=cast(PersonSummary, PersonSummary.of(p.author)),
            group=group_ref(p.group),
            topics=[t.slug for t in p.topics.all()],
            # A share may point into a group this viewer cannot read: then they don't learn it.
            shared_post_id=p.shared_post_id if p.shared_visible else None,  # type: ignore[attr-defined]
            accepted_comment_id=p.accepted_comment_id,
            pinned=p.pinned,
            must_read=p.must_read,
            acknowledged=p.acknowledged,  # type: ignore[attr-defined]
            comment_count=p.comment_count,
            reaction_count=p.reaction_count,
            reaction_counts=p.reaction_counts,  # type: ignore[attr-defined]
            view_count=p.view_count,
            my_reaction=p.my_reaction,  # type: ignore[attr-defined]
            is_saved=bool(getattr(p, "is_saved", False)),
            created_at=p.created_at,
            edited_at=p.edited_at,
            attachments=[UploadOut.of(u) for u in p.attachments],
            cover=UploadOut.of(p.cover) if p.cover else None,
            video=UploadOut.of(p.video) if p.video else None,
            poster=UploadOut.of(p.poster) if p.poster else None,
            transcript=p.transcript,
        )
        for p in rows
    ]


def _card(viewer: Person, post: Post) -> PostOut:
    return post_cards(viewer, [post])[0]


def _comment_out(comment: Comment) -> CommentOut:
    return CommentOut(
        id=comment.pk,
        post_id=comment.post_id,
        parent_id=comment.parent_id,
        author=cast(PersonSummary, PersonSummary.of(comment.author)),
        body=comment.body,
        body_html=comment.body_html,
        created_at=comment.created_at,
        edited_at=comment.edited_at,
    )


# --- Posts ----------------------------------------------------------------------------------

PostId = Path(..., ge=1, le=MAX_ID)
# The services' names for a post's files, as the API spells them.
UPLOAD_FIELDS = {
    "attachments": "attachment_ids",
    "cover": "cover_id",
    "video": "video_id",
    "poster": "poster_id",
}


@router.post(
    "/posts",
    response={201: PostOut, **error_responses(*WRITE, 422)},
    summary="Publish a post (in the company group unless a group is given)",
)
def create_post(request: HttpRequest, payload: PostIn) -> Status[PostOut]:
    viewer = me(request)
    group = group_or_field_error(viewer, payload.group, "group")
    try:
        with rate_limited_as_429():
            post = services.publish_post(
                author=viewer,
                body=payload.body,
                kind=payload.kind,
                group=group,
                title=payload.title,
                language=payload.language,
                pinned=payload.pinned,
                must_read=payload.must_read,
                attachment_ids=payload.attachment_ids,
                cover_id=payload.cover_id,
                video_id=payload.video_id,
                poster_id=payload.poster_id,
                transcript=payload.transcript,
            )
    except ValidationError as exc:
        raise renamed_fields(exc, UPLOAD_FIELDS) from exc
    return Status(201, _card(viewer, feeds.access_post(viewer, post.pk)))


@router.get(
    "/posts/{post_id}",
    response={200: PostOut, **error_responses(*READ, 404, 422)},
    summary="A post; opening it counts as your view",
)
def get_post(request: HttpRequest, post_id: int = PostId) -> PostOut:
    viewer = me(request)
    post = feeds.access_post(viewer, post_id)
    if services.record_view(person=viewer, post=post):
        post.view_count += 1
    return _card(viewer, post)


@router.patch(
    "/posts/{post_id}",
    response={200: PostOut, **error_responses(*WRITE, 404, 422)},
    summary="Edit your post (only the fields sent)",
)
def update_post(request: HttpRequest, payload: PostPatchIn, post_id: int = PostId) -> PostOut:
    viewer = me(request)
    post = feeds.access_post(viewer, post_id)
    sent = payload.model_fields_set
    try:
        services.edit_post(
            actor=viewer,
            post=post,
            body=post.body if payload.body is None else payload.body,
            title=payload.title,
            language=payload.language,
            attachment_ids=payload.attachment_ids,
            cover_id=payload.cover_id if "cover_id" in sent else services.KEEP,
            video_id=payload.video_id if "video_id" in sent else services.KEEP,
            poster_id=payload.poster_id if "poster_id" in sent else services.KEEP,
            transcript=payload.transcript,
        )
    except ValidationError as exc:
        raise renamed_fields(exc, UPLOAD_FIELDS) from exc
    return _card(viewer, feeds.access_post(viewer, post.pk))


@router.delete(
    "/posts/{post_id}",
    response={204: None, **error_responses(*WRITE, 404, 422)},
    summary="Delete a post (its author, group admins and moderators)",
)
def remove_post(request: HttpRequest, post_id: int = PostId) -> Status[None]:
    viewer = me(request)
    services.delete_post(actor=viewer, post=feeds.access_post(viewer, post_id))
    return Status(204, None)


@router.post(
    "/posts/{post_id}/share",
    response={201: PostOut, **error_responses(*WRITE, 404, 422)},
    summary="Share a post into a group with a comment of your own",
)
def share(request: HttpRequest, payload: ShareIn, post_id: int = PostId) -> Status[PostOut]:
    viewer = me(request)
    post = feeds.access_post(viewer, post_id)
    group = group_or_field_error(viewer, payload.group, "group") or company_group()
    with rate_limited_as_429():
        shared = services.share_post(person=viewer, post=post, group=group, comment=payload.comment)
    return Status(201, _card(viewer, feeds.access_post(viewer, shared.pk)))


@router.put(
    "/posts/{post_id}/reaction",
    response={200: ReactionOut, **error_responses(*WRITE, 404, 422)},
    summary="Toggle your reaction",
    description="One reaction per person. Sending the kind you already have removes it "
    "(`kind` is then null in the answer); another kind replaces it. Double-sends from two "
    "tabs never create a second reaction.",
)
def react(request: HttpRequest, payload: ReactionIn, post_id: int = PostId) -> ReactionOut:
    viewer = me(request)
    post = feeds.access_post(viewer, post_id)
    with rate_limited_as_429():
        kind = services.toggle_reaction(person=viewer, post=post, kind=payload.kind)
    counts = dict(
        Reaction.objects.filter(post=post)
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    return ReactionOut(kind=kind, reaction_count=sum(counts.values()), counts=counts)


@router.post(
    "/posts/{post_id}/bookmark",
    response={200: SavedOut, **error_responses(*WRITE, 404, 422)},
    summary="Save a post for later (idempotent)",
)
def save_post(request: HttpRequest, post_id: int = PostId) -> SavedOut:
    viewer = me(request)
    post = feeds.access_post(viewer, post_id)
    saved = bool(getattr(post, "is_saved", False))
    if not saved:
        saved = services.toggle_bookmark(person=viewer, post=post)
    return SavedOut(saved=saved)


@router.delete(
    "/posts/{post_id}/bookmark",
    response={200: SavedOut, **error_responses(*WRITE, 404, 422)},
    summary="Unsave a post (idempotent)",
)
def unsave_post(request: HttpRequest, post_id: int = PostId) -> SavedOut:
    viewer = me(request)
    post = feeds.access_post(viewer, post_id)
    saved = bool(getattr(post, "is_saved", False))
    if saved:
        saved = services.toggle_bookmark(person=viewer, post=post)
    return SavedOut(saved=saved)


@router.post(
    "/posts/{post_id}/acknowledge",
    response={204: None, **error_responses(*WRITE, 404, 422)},
    summary="Confirm you read a must-read announcement (idempotent)",
)
def acknowledge(request: HttpRequest, post_id: int = PostId) -> Status[None]:
    viewer = me(request)
    services.acknowledge(person=viewer, post=feeds.access_post(viewer, post_id))
    return Status(204, None)


@router.get(
    "/posts/{post_id}/acknowledgements",
    response={200: AcknowledgementsOut, **error_responses(*READ, 403, 404, 422)},
    summary="How many people confirmed a must-read (its author, leaders and moderators)",
)
def acknowledgements(request: HttpRequest, post_id: int = PostId) -> AcknowledgementsOut:
    viewer = me(request)
    post = feeds.access_post(viewer, post_id)
    if not permissions.can_see_acknowledgements(viewer, post):
        raise PermissionDenied
    feeds.acknowledgement_status(viewer, [post])
    return AcknowledgementsOut(
        post_id=post.pk,
        must_read=post.must_read,
        count=post.ack_count or 0,  # type: ignore[attr-defined]
        audience=post.ack_audience,  # type: ignore[attr-defined]
    )


@router.put(
    "/posts/{post_id}/accepted-answer",
    response={200: PostOut, **error_responses(*WRITE, 404, 422)},
    summary="Mark the comment that answered your question (null clears it)",
)
def accepted_answer(
    request: HttpRequest, payload: AcceptedAnswerIn, post_id: int = PostId
) -> PostOut:
    viewer = me(request)
    post = feeds.access_post(viewer, post_id)
    comment = None
    if payload.comment_id is not None:
        comment = Comment.objects.filter(
            pk=payload.comment_id, post=post, deleted_at__isnull=True
        ).first()
        if comment is None:
            raise ValidationError({"comment_id": _("Pick an answer on this question.")})
    try:
        services.accept_answer(actor=viewer, post=post, comment=comment)
    except ValidationError as exc:
        raise renamed_fields(exc, {"comment": "comment_id"}) from exc
    return _card(viewer, post)


# --- Comments -------------------------------------------------------------------------------


@router.get(
    "/posts/{post_id}/comments",
    response={200: ThreadPage, **error_responses(*READ, 404, 422)},
    summary="A post's comments: top-level comments oldest first, each with its replies",
)
def list_comments(
    request: HttpRequest,
    post_id: int = PostId,
    cursor: str = Query("", max_length=500, description="`next_cursor` of the previous page"),
    limit: int = Query(feeds.PAGE_SIZE, ge=1, le=PAGE_LIMIT),
) -> ThreadPage:
    viewer = me(request)
    after = time_cursor(cursor)
    threads = feeds.comments_for(viewer, feeds.access_post(viewer, post_id))
    if after is not None:
        threads = [c for c in threads if (c.created_at, c.pk) > after]
    page = threads[: limit + 1]
    next_cursor = None
    if len(page) > limit:
        page = page[:limit]
        next_cursor = people.encode_cursor([page[-1].created_at.isoformat(), page[-1].pk])
    return ThreadPage(
        items=[
            ThreadOut(
                **_comment_out(c).model_dump(),
                replies=[_comment_out(r) for r in c.thread_replies],  # type: ignore[attr-defined]
            )
            for c in page
        ],
        next_cursor=next_cursor,
    )


@router.post(
    "/posts/{post_id}/comments",
    response={201: CommentOut, **error_responses(*WRITE, 404, 422)},
    summary="Comment on a post, or reply to a comment with `parent_id`",
)
def create_comment(
    request: HttpRequest, payload: CommentIn, post_id: int = PostId
) -> Status[CommentOut]:
    viewer = me(request)
    post = feeds.access_post(viewer, post_id)
    parent = None
    if payload.parent_id is not None:
        parent = Comment.objects.filter(pk=payload.parent_id, post=post).first()
        if parent is None:
            raise ValidationError({"parent_id": _("You can only reply to a comment on this post.")})
    try:
        with rate_limited_as_429():
            comment = services.add_comment(
                author=viewer, post=post, body=payload.body, parent=parent
            )
    except ValidationError as exc:
        raise renamed_fields(exc, {"parent": "parent_id"}) from exc
    return Status(201, _comment_out(comment))


CommentId = Path(..., ge=1, le=MAX_ID)


@router.patch(
    "/comments/{comment_id}",
    response={200: CommentOut, **error_responses(*WRITE, 404, 422)},
    summary="Edit your comment; the earlier text is kept for moderators",
)
def update_comment(
    request: HttpRequest, payload: CommentPatchIn, comment_id: int = CommentId
) -> CommentOut:
    viewer = me(request)
    comment = feeds.access_comment(viewer, comment_id)
    return _comment_out(services.edit_comment(actor=viewer, comment=comment, body=payload.body))


@router.delete(
    "/comments/{comment_id}",
    response={204: None, **error_responses(*WRITE, 404, 422)},
    summary="Delete a comment (its author and moderators)",
)
def remove_comment(request: HttpRequest, comment_id: int = CommentId) -> Status[None]:
    viewer = me(request)
    services.delete_comment(actor=viewer, comment=feeds.access_comment(viewer, comment_id))
    return Status(204, None)


@router.get(
    "/comments/{comment_id}/history",
    response={200: RevisionPage, **error_responses(*READ, 403, 404, 422)},
    summary="Earlier versions of a comment, newest first (moderators)",
)
def comment_history(
    request: HttpRequest,
    comment_id: int = CommentId,
    cursor: str = Query("", max_length=500, description="`next_cursor` of the previous page"),
    limit: int = Query(feeds.PAGE_SIZE, ge=1, le=PAGE_LIMIT),
) -> RevisionPage:
    viewer = me(request)
    comment = feeds.access_comment(viewer, comment_id)
    if not permissions.can_see_comment_history(viewer):
        raise PermissionDenied
    before = id_cursor(cursor)
    qs = CommentRevision.objects.filter(comment=comment)
    if before is not None:
        qs = qs.filter(id__lt=before)
    rows = list(qs.order_by("-id")[: limit + 1])
    return RevisionPage(
        items=[RevisionOut(id=r.pk, body=r.body, created_at=r.created_at) for r in rows[:limit]],
        next_cursor=next_id_cursor(rows, limit),
    )


# --- Follows --------------------------------------------------------------------------------


PersonId = Path(..., ge=1, le=MAX_ID)
GroupSlugPath = Path(..., max_length=140, pattern=r"^[-a-zA-Z0-9_]+$", example="acme")
TopicSlugPath = Path(..., max_length=60, pattern=TOPIC_SLUG, example="onboarding")


@router.put(
    "/people/{person_id}/follow",
    response={204: None, **error_responses(*WRITE, 404, 422)},
    summary="Follow a person (idempotent)",
)
def follow_person(request: HttpRequest, person_id: int = PersonId) -> Status[None]:
    viewer = me(request)
    services.follow_person(follower=viewer, person=people.access_person(viewer, person_id))
    return Status(204, None)


@router.delete(
    "/people/{person_id}/follow",
    response={204: None, **error_responses(*WRITE, 404, 422)},
    summary="Stop following a person (idempotent)",
)
def unfollow_person(request: HttpRequest, person_id: int = PersonId) -> Status[None]:
    viewer = me(request)
    services.unfollow(follower=viewer, person=people.access_person(viewer, person_id))
    return Status(204, None)


@router.put(
    "/groups/{slug}/follow",
    response={204: None, **error_responses(*WRITE, 404, 422)},
    summary="Follow a group's posts without joining it (idempotent)",
)
def follow_group(request: HttpRequest, slug: str = GroupSlugPath) -> Status[None]:
    viewer = me(request)
    services.follow_group(follower=viewer, group=groups.access_group(viewer, slug))
    return Status(204, None)


@router.delete(
    "/groups/{slug}/follow",
    response={204: None, **error_responses(*WRITE, 404, 422)},
    summary="Stop following a group (idempotent)",
)
def unfollow_group(request: HttpRequest, slug: str = GroupSlugPath) -> Status[None]:
    viewer = me(request)
    services.unfollow(follower=viewer, group=groups.access_group(viewer, slug))
    return Status(204, None)


@router.put(
    "/topics/{slug}/follow",
    response={204: None, **error_responses(*WRITE, 404, 422)},
    summary="Follow a #topic (idempotent)",
)
def follow_topic(request: HttpRequest, slug: str = TopicSlugPath) -> Status[None]:
    services.follow_topic(follower=me(request), topic=feeds.access_topic(slug))
    return Status(204, None)


@router.delete(
    "/topics/{slug}/follow",
    response={204: None, **error_responses(*WRITE, 404, 422)},
    summary="Stop following a #topic (idempotent)",
)
def unfollow_topic(request: HttpRequest, slug: str = TopicSlugPath) -> Status[None]:
    services.unfollow(follower=me(request), topic=feeds.access_topic(slug))
    return Status(204, None)


@router.get(
    "/me/follows",
    response={200: FollowPage, **error_responses(*READ, 422)},
    summary="The people, groups and topics you follow, newest first",
)
def my_follows(
    request: HttpRequest,
    cursor: str = Query("", max_length=500, description="`next_cursor` of the previous page"),
    limit: int = Query(feeds.PAGE_SIZE, ge=1, le=PAGE_LIMIT),
) -> FollowPage:
    viewer = me(request)
    before = id_cursor(cursor)
    qs = Follow.objects.filter(follower=viewer).select_related("person", "group", "topic")
    if before is not None:
        qs = qs.filter(id__lt=before)
    rows = list(qs.order_by("-id")[: limit + 1])
    page = rows[:limit]
    items = []
    for follow in page:
        if follow.group is not None and not permissions.can_see_group_exists(viewer, follow.group):
            continue  # a secret group one has left since
        items.append(
            FollowOut(
                id=follow.pk,
                kind="person" if follow.person_id else "group" if follow.group_id else "topic",
                person=PersonSummary.of(follow.person),
                group=group_ref(follow.group) if follow.group is not None else None,
                topic=TopicOut(slug=follow.topic.slug, name=follow.topic.name)
                if follow.topic is not None
                else None,
                created_at=follow.created_at,
            )
        )
    return FollowPage(items=items, next_cursor=next_id_cursor(rows, limit))
