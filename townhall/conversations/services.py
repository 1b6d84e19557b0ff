"""Every write about conversations: posts, comments, reactions, follows, bookmarks, receipts."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import IO, Literal

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from townhall.conversations import markdown
from townhall.conversations.language import detect_language
from townhall.conversations.models import (
    Acknowledgement,
    Bookmark,
    Comment,
    CommentRevision,
    Follow,
    Mention,
    Post,
    PostKind,
    PostView,
    Reaction,
    ReactionKind,
    Topic,
)
from townhall.groups.models import Group
from townhall.groups.services import company_group
from townhall.people import permissions
from townhall.people.models import Person
from townhall.uploads import services as uploads
from townhall.uploads.content import too_many_files
from townhall.uploads.models import Upload, UploadRole

LANGUAGES = {"en", "nl", "sv", "nb"}
WORDS_PER_MINUTE = 220

# Listeners other apps register (notifications, live updates, search); each gets the saved
# object after the transaction commits, so a rolled-back write never notifies anyone.
PostListener = Callable[[Post, list[Person]], None]
post_published_listeners: list[PostListener] = []
comment_added_listeners: list[Callable[[Comment, list[Person]], None]] = []
post_edited_listeners: list[Callable[[Post], None]] = []
post_deleted_listeners: list[Callable[[Post], None]] = []
comment_edited_listeners: list[Callable[[Comment], None]] = []
comment_deleted_listeners: list[Callable[[Comment], None]] = []
reaction_added_listeners: list[Callable[[Reaction], None]] = []
reaction_removed_listeners: list[Callable[[Post], None]] = []
follow_listeners: list[Callable[[Follow], None]] = []
answer_accepted_listeners: list[Callable[[Post], None]] = []


def _rate_limit(person: Person, action: str) -> None:
    """Fixed-window limits per person (TOWNHALL_RATE_<ACTION> = 'count/seconds')."""
    limit, window = settings.TOWNHALL_RATE_LIMITS[action]
    key = f"rate:{action}:{person.pk}:{int(timezone.now().timestamp()) // window}"
    added = cache.add(key, 1, timeout=window)
    count = 1 if added else cache.incr(key)
    if count > limit:
        raise ValidationError(
            _("You are doing that too often. Please wait a moment and try again."),
            code="rate_limited",
        )


def _mention_targets(handles: Iterable[str], author: Person) -> tuple[list[Person], list[Group]]:
    handles = list(handles)[:50]
    people = list(Person.objects.filter(handle__in=handles, is_active=True))
    found = {p.handle for p in people}
    candidates = Group.objects.filter(slug__in=[h for h in handles if h not in found])
    # A secret group the author cannot see stays plain text: a link would confirm it exists.
    groups = [g for g in candidates if permissions.can_see_group_exists(author, g)]
    return people, groups


def _render(text: str, author: Person) -> tuple[markdown.Parsed, list[Person], list[Group]]:
    handles = markdown.extract_mentions(text)
    people, groups = _mention_targets(handles, author)
    urls = {p.handle: reverse("profile", args=[p.pk]) for p in people if p.handle}
    urls.update({g.slug: reverse("group_detail", args=[g.slug]) for g in groups})
    return markdown.render(text, mention_urls=urls), people, groups


def _topics(slugs: Iterable[str]) -> list[Topic]:
    topics = []
    for raw in slugs:
        slug = slugify(raw, allow_unicode=True)[:60]
        if slug:
            topic, _created = Topic.objects.get_or_create(slug=slug, defaults={"name": raw[:60]})
            topics.append(topic)
    return topics


def _record_mentions(
    post: Post, people: list[Person], groups: list[Group], comment: Comment | None = None
) -> None:
    Mention.objects.bulk_create(
        [Mention(post=post, comment=comment, person=p) for p in people]
        + [Mention(post=post, comment=comment, group=g) for g in groups]
    )


def _notify_after_commit(listeners: list[Callable[..., None]], *args: object) -> None:
    for listener in listeners:
        transaction.on_commit(lambda listener=listener: listener(*args))  # type: ignore[misc]


def _validate_kind(actor: Person, kind: str, title: str) -> None:
    if kind not in PostKind.values:
        raise ValidationError({"kind": _("Unknown kind of post.")})
    if kind == PostKind.ANNOUNCEMENT and not permissions.can_post_announcement(actor):
        raise ValidationError({"kind": _("Only leaders and community managers can announce.")})
    if kind == PostKind.ARTICLE and not title.strip():
        raise ValidationError({"title": _("An article needs a title.")})


class Keep(Enum):
    """For edits: leave this file as it is."""

    KEEP = "keep"


KEEP = Keep.KEEP
MediaId = int | None | Literal[Keep.KEEP]


def _validate_media(
    *,
    kind: str,
    attachment_ids: Sequence[int] | None,
    cover_id: MediaId,
    video_id: MediaId,
    poster_id: MediaId,
    transcript: str | None,
) -> None:
    """Which files a kind of post may carry: covers on articles, video and poster on videos."""
    errors: dict[str, str] = {}
    if attachment_ids is not None and len(set(attachment_ids)) > settings.UPLOAD_MAX_ATTACHMENTS:
        errors["attachments"] = too_many_files(settings.UPLOAD_MAX_ATTACHMENTS)
    if kind != PostKind.ARTICLE and cover_id not in (None, KEEP):
        errors["cover"] = _("Only articles have a cover image.")
    if kind == PostKind.VIDEO:
        if video_id is None:
            errors["video"] = _("Choose the video file (MP4 or WebM).")
        if poster_id is None:
            errors["poster"] = _("Choose a poster image for the video.")
    else:
        if video_id not in (None, KEEP):
            errors["video"] = _("Only video posts have a video.")
        if poster_id not in (None, KEEP):
            errors["poster"] = _("Only video posts have a poster image.")
        if transcript:
            errors["transcript"] = _("Only video posts have a transcript.")
    if errors:
        raise ValidationError(errors)


def _attach_media(
    *,
    actor: Person,
    post: Post,
    attachment_ids: Sequence[int] | None,
    cover_id: MediaId,
    video_id: MediaId,
    poster_id: MediaId,
    creating: bool = False,
) -> None:
    wanted: list[tuple[str, str, MediaId | Sequence[int] | None]] = [
        (UploadRole.ATTACHMENT, "attachments", attachment_ids),
        (UploadRole.COVER, "cover", cover_id),
        (UploadRole.VIDEO, "video", video_id),
        (UploadRole.POSTER, "poster", poster_id),
    ]
    for role, name, value in wanted:
        if value is KEEP or (value is None and role == UploadRole.ATTACHMENT):
            continue
        ids = list(value) if isinstance(value, Sequence) else [] if value is None else [value]
        if creating and not ids:
            continue  # a new post has no files to remove
        uploads.set_post_uploads(actor=actor, post=post, role=role, ids=ids, field=name)


@transaction.atomic
def publish_post(
    *,
    author: Person,
    body: str,
    kind: str = PostKind.UPDATE,
    group: Group | None = None,
    title: str = "",
    language: str = "",
    pinned: bool = False,
    must_read: bool = False,
    shared_post: Post | None = None,
    attachment_ids: Sequence[int] = (),
    cover_id: int | None = None,
    video_id: int | None = None,
    poster_id: int | None = None,
    transcript: str = "",
) -> Post:
    """Publish a post in a group (the company group when none is given).

    Files are the author's own earlier uploads (see townhall.uploads.services.store_upload).
    """
    group = group or company_group()
    if not permissions.can_post_in_group(author, group):
        raise PermissionDenied
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write something first.")})
    _validate_kind(author, kind, title)
    transcript = transcript.strip()
    _validate_media(
        kind=kind,
        attachment_ids=attachment_ids,
        cover_id=cover_id,
        video_id=video_id,
        poster_id=poster_id,
        transcript=transcript,
    )
    if (pinned or must_read) and kind != PostKind.ANNOUNCEMENT:
        raise ValidationError({"pinned": _("Only announcements can be pinned or must-read.")})
    if shared_post is not None and not permissions.can_view_post(author, shared_post):
        raise PermissionDenied
    _rate_limit(author, "post")
    parsed, people, groups = _render(body, author)
    if language and language not in LANGUAGES:
        raise ValidationError({"language": _("Choose English, Dutch, Swedish or Norwegian.")})
    post = Post.objects.create(
        author=author,
        group=group,
        kind=kind,
        title=title.strip()[:200],
        body=body,
        body_html=parsed.html,
        language=language or detect_language(f"{title} {body}"),
        reading_minutes=max(1, math.ceil(parsed.words / WORDS_PER_MINUTE)),
        pinned=pinned,
        must_read=must_read,
        shared_post=shared_post,
        transcript=transcript,
    )
    _attach_media(
        actor=author,
        post=post,
        attachment_ids=attachment_ids,
        cover_id=cover_id,
        video_id=video_id,
        poster_id=poster_id,
        creating=True,
    )
    post.topics.set(_topics(parsed.topics))
    _record_mentions(post, people, groups)
    _notify_after_commit(post_published_listeners, post, people)
    return post


@dataclass
class ComposerFiles:
    """Files chosen in the web composer, not stored yet."""

    attachments: list[IO[bytes]] = field(default_factory=list)
    cover: IO[bytes] | None = None
    video: IO[bytes] | None = None
    poster: IO[bytes] | None = None


def publish_post_with_files(*, author: Person, files: ComposerFiles, **fields: object) -> Post:
    """Store the composer's files and publish the post with them, all or nothing.

    When a file or the post is refused, the rows roll back and the stored bytes are removed.
    """
    stored: list[Upload] = []

    def store(file: IO[bytes], role: str, name: str) -> int:
        try:
            upload = uploads.store_upload(uploader=author, file=file, role=role)
        except ValidationError as exc:
            raise ValidationError({name: exc.messages}) from exc
        stored.append(upload)
        return upload.pk

    try:
        with transaction.atomic():
            ids = {
                "attachment_ids": [
                    store(f, UploadRole.ATTACHMENT, "attachments") for f in files.attachments
                ],
                "cover_id": store(files.cover, UploadRole.COVER, "cover") if files.cover else None,
                "video_id": store(files.video, UploadRole.VIDEO, "video") if files.video else None,
                "poster_id": store(files.poster, UploadRole.POSTER, "poster")
                if files.poster
                else None,
            }
            return publish_post(author=author, **ids, **fields)  # type: ignore[arg-type]
    except BaseException:
        uploads.remove_files(stored)
        raise


@transaction.atomic
def edit_post(
    *,
    actor: Person,
    post: Post,
    body: str,
    title: str | None = None,
    language: str = "",
    attachment_ids: Sequence[int] | None = None,
    cover_id: MediaId = KEEP,
    video_id: MediaId = KEEP,
    poster_id: MediaId = KEEP,
    transcript: str | None = None,
) -> Post:
    """Edit a post's text and, when given, its files (None attachments/KEEP: unchanged)."""
    if not permissions.can_edit_post(actor, post):
        raise PermissionDenied
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write something first.")})
    _validate_media(
        kind=post.kind,
        attachment_ids=attachment_ids,
        cover_id=cover_id,
        video_id=video_id,
        poster_id=poster_id,
        transcript=transcript,
    )
    _attach_media(
        actor=actor,
        post=post,
        attachment_ids=attachment_ids,
        cover_id=cover_id,
        video_id=video_id,
        poster_id=poster_id,
    )
    if transcript is not None:
        post.transcript = transcript.strip()
    parsed, people, groups = _render(body, actor)
    post.body, post.body_html = body, parsed.html
    if title is not None:
        post.title = title.strip()[:200]
    if language:
        if language not in LANGUAGES:
            raise ValidationError({"language": _("Choose English, Dutch, Swedish or Norwegian.")})
        post.language = language
    post.reading_minutes = max(1, math.ceil(parsed.words / WORDS_PER_MINUTE))
    post.edited_at = timezone.now()
    post.save(
        update_fields=[
            "body",
            "body_html",
            "title",
            "language",
            "reading_minutes",
            "edited_at",
            "transcript",
        ]
    )
    post.topics.set(_topics(parsed.topics))
    known = set(
        Mention.objects.filter(post=post, comment__isnull=True).values_list("person_id", flat=True)
    )
    new_people = [p for p in people if p.pk not in known]
    _record_mentions(post, new_people, [])
    _notify_after_commit(post_edited_listeners, post)
    return post


@transaction.atomic
def delete_post(*, actor: Person, post: Post) -> Post:
    """Soft-delete: the post disappears everywhere; moderators' deletions are audited."""
    if not permissions.can_delete_post(actor, post):
        raise PermissionDenied
    post.deleted_at = timezone.now()
    post.save(update_fields=["deleted_at"])
    if post.author_id != actor.pk:
        from townhall.governance.services import record_audit

        record_audit(actor=actor, action="post.delete", target=post)
    _notify_after_commit(post_deleted_listeners, post)
    return post


@transaction.atomic
def add_comment(*, author: Person, post: Post, body: str, parent: Comment | None = None) -> Comment:
    """Comment on a post, or reply to a top-level comment (one level of replies)."""
    if not permissions.can_comment(author, post):
        raise PermissionDenied
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write something first.")})
    if parent is not None:
        if parent.post_id != post.pk or parent.deleted_at is not None:
            raise ValidationError({"parent": _("You can only reply to a comment on this post.")})
        parent = parent.parent or parent  # replies to replies join the same thread
    _rate_limit(author, "comment")
    parsed, people, groups = _render(body, author)
    comment = Comment.objects.create(
        post=post, author=author, parent=parent, body=body, body_html=parsed.html
    )
    Post.objects.filter(pk=post.pk).update(comment_count=F("comment_count") + 1)
    _record_mentions(post, people, groups, comment=comment)
    _notify_after_commit(comment_added_listeners, comment, people)
    return comment


@transaction.atomic
def edit_comment(*, actor: Person, comment: Comment, body: str) -> Comment:
    if not permissions.can_edit_comment(actor, comment):
        raise PermissionDenied
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write something first.")})
    CommentRevision.objects.create(comment=comment, body=comment.body)
    parsed, _people, _groups = _render(body, actor)
    comment.body, comment.body_html, comment.edited_at = body, parsed.html, timezone.now()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    _notify_after_commit(comment_edited_listeners, comment)
    return comment


@transaction.atomic
def delete_comment(*, actor: Person, comment: Comment) -> Comment:
    if not permissions.can_delete_comment(actor, comment):
        raise PermissionDenied
    if comment.deleted_at is None:
        comment.deleted_at = timezone.now()
        comment.save(update_fields=["deleted_at"])
        Post.objects.filter(pk=comment.post_id, comment_count__gt=0).update(
            comment_count=F("comment_count") - 1
        )
        _notify_after_commit(comment_deleted_listeners, comment)
    return comment


def toggle_reaction(*, person: Person, post: Post, kind: str = ReactionKind.LIKE) -> str | None:
    """React with `kind`; the same kind again removes it. Returns the reaction now in place.

    Idempotent under concurrent double-clicks: the unique constraint decides, never a 500.
    """
    if kind not in ReactionKind.values:
        raise ValidationError({"kind": _("Unknown reaction.")})
    if not permissions.can_react(person, post):
        raise PermissionDenied
    _rate_limit(person, "reaction")
    with transaction.atomic():
        existing = Reaction.objects.select_for_update().filter(post=post, person=person).first()
        if existing is not None and existing.kind == kind:
            existing.delete()
            Post.objects.filter(pk=post.pk, reaction_count__gt=0).update(
                reaction_count=F("reaction_count") - 1
            )
            _notify_after_commit(reaction_removed_listeners, post)
            return None
        if existing is not None:
            existing.kind = kind
            existing.save(update_fields=["kind"])
            return kind
    try:
        with transaction.atomic():
            reaction = Reaction.objects.create(post=post, person=person, kind=kind)
            Post.objects.filter(pk=post.pk).update(reaction_count=F("reaction_count") + 1)
            _notify_after_commit(reaction_added_listeners, reaction)
    except IntegrityError:
        pass  # a concurrent click already reacted
    return kind


def _follow(follower: Person, **target: object) -> Follow:
    try:
        with transaction.atomic():
            follow = Follow.objects.create(follower=follower, **target)
            _notify_after_commit(follow_listeners, follow)
            return follow
    except IntegrityError:
        return Follow.objects.get(follower=follower, **target)


def follow_person(*, follower: Person, person: Person) -> Follow:
    if follower.pk == person.pk:
        raise ValidationError(_("You cannot follow yourself."))
    if not permissions.can_view_person(follower, person):
        raise PermissionDenied
    return _follow(follower, person=person)


def follow_group(*, follower: Person, group: Group) -> Follow:
    if not permissions.can_read_group(follower, group):
        raise PermissionDenied
    return _follow(follower, group=group)


def follow_topic(*, follower: Person, topic: Topic) -> Follow:
    if not permissions.is_signed_in(follower):
        raise PermissionDenied
    return _follow(follower, topic=topic)


def unfollow(*, follower: Person, **target: object) -> None:
    Follow.objects.filter(follower=follower, **target).delete()


def toggle_bookmark(*, person: Person, post: Post) -> bool:
    """Save or unsave a post; returns whether it is saved now."""
    if not permissions.can_view_post(person, post):
        raise PermissionDenied
    deleted, _rows = Bookmark.objects.filter(person=person, post=post).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            Bookmark.objects.create(person=person, post=post)
    except IntegrityError:
        pass
    return True


def record_view(*, person: Person, post: Post) -> bool:
    """Count a person's first view of a post (reach); later views change nothing."""
    if not permissions.can_view_post(person, post):
        return False
    try:
        with transaction.atomic():
            PostView.objects.create(person=person, post=post)
            Post.objects.filter(pk=post.pk).update(view_count=F("view_count") + 1)
    except IntegrityError:
        return False
    return True


def acknowledge(*, person: Person, post: Post) -> None:
    """Confirm having read a must-read announcement."""
    if not post.must_read or not permissions.can_view_post(person, post):
        raise PermissionDenied
    try:
        with transaction.atomic():
            Acknowledgement.objects.create(person=person, post=post)
    except IntegrityError:
        pass


@transaction.atomic
def accept_answer(*, actor: Person, post: Post, comment: Comment | None) -> Post:
    """The question's author marks the comment that answered it (or clears it)."""
    if not permissions.can_accept_answer(actor, post):
        raise PermissionDenied
    if comment is not None and (comment.post_id != post.pk or comment.deleted_at is not None):
        raise ValidationError({"comment": _("Pick an answer on this question.")})
    post.accepted_comment = comment
    post.save(update_fields=["accepted_comment"])
    if comment is not None:
        _notify_after_commit(answer_accepted_listeners, post)
    return post


def share_post(*, person: Person, post: Post, group: Group, comment: str = "") -> Post:
    """Share a post into a group with a comment of one's own."""
    if not permissions.can_view_post(person, post):
        raise PermissionDenied
    original = post.shared_post or post
    text = comment.strip() or _("Shared a post")
    return publish_post(author=person, body=text, group=group, shared_post=original)
