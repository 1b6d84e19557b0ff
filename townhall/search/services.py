"""Every write to the search index: one entry per live post and comment, rebuilt on demand.

The conversation services call these through their listener lists after their transaction
commits, so the index never holds text from a rolled-back write.
"""

from __future__ import annotations

import html
import logging
import re

from django.db import transaction
from django.utils.html import strip_tags

from townhall.conversations.language import detect_language
from townhall.conversations.models import Comment, Post
from townhall.people.models import Person
from townhall.search.backends import backend, strip_marks
from townhall.search.models import SearchEntry

logger = logging.getLogger(__name__)
SPACES_RE = re.compile(r"\s+")
REINDEX_BATCH = 2000


def plain_text(body_html: str) -> str:
    """The words a reader sees in sanitised post HTML, without tags or entities."""
    # A space before every tag keeps "<p>one</p><p>two</p>" from becoming "onetwo".
    text = html.unescape(strip_tags(body_html.replace("<", " <")))
    return SPACES_RE.sub(" ", strip_marks(text)).strip()


def _post_fields(post: Post) -> dict[str, object]:
    return {
        "group_id": post.group_id,
        "author_id": post.author_id,
        "post_kind": post.kind,
        "language": post.language,
        "title": strip_marks(post.title),
        # A video's transcript is found like the words of the post itself.
        "body": " ".join(filter(None, [plain_text(post.body_html), _transcript(post)])),
        "created_at": post.created_at,
    }


def _transcript(post: Post) -> str:
    return SPACES_RE.sub(" ", strip_marks(post.transcript)).strip()


def _comment_fields(comment: Comment, post: Post) -> dict[str, object]:
    body = plain_text(comment.body_html)
    return {
        "post_id": post.pk,
        "group_id": post.group_id,
        "author_id": comment.author_id,
        "post_kind": post.kind,
        "language": detect_language(body, default=post.language),
        "title": "",
        "body": body,
        "created_at": comment.created_at,
    }


@transaction.atomic
def index_post(*, post: Post) -> None:
    """Add or refresh a post's entry; a deleted post takes its comments' entries with it."""
    if post.deleted_at is not None:
        SearchEntry.objects.filter(post_id=post.pk).delete()
        return
    entry, _created = SearchEntry.objects.update_or_create(
        post_id=post.pk, comment__isnull=True, defaults=_post_fields(post)
    )
    backend().refresh([entry.pk])


@transaction.atomic
def index_comment(*, comment: Comment) -> None:
    """Add or refresh a comment's entry, or drop it once the comment or its post is gone."""
    post = comment.post
    if comment.deleted_at is not None or post.deleted_at is not None:
        SearchEntry.objects.filter(comment_id=comment.pk).delete()
        return
    entry, _created = SearchEntry.objects.update_or_create(
        comment_id=comment.pk, defaults=_comment_fields(comment, post)
    )
    backend().refresh([entry.pk])


@transaction.atomic
def reindex_all() -> int:
    """Rebuild the whole index from the live posts and comments; returns the entry count."""
    SearchEntry.objects.all().delete()
    posts = Post.objects.filter(deleted_at__isnull=True).order_by("pk")
    total = 0
    batch: list[SearchEntry] = []
    for post in posts.iterator(chunk_size=REINDEX_BATCH):
        batch.append(SearchEntry(post_id=post.pk, **_post_fields(post)))  # type: ignore[arg-type]
        total += _flush(batch)
    comments = (
        Comment.objects.filter(deleted_at__isnull=True, post__deleted_at__isnull=True)
        .select_related("post")
        .order_by("pk")
    )
    for comment in comments.iterator(chunk_size=REINDEX_BATCH):
        batch.append(
            SearchEntry(comment_id=comment.pk, **_comment_fields(comment, comment.post))  # type: ignore[arg-type]
        )
        total += _flush(batch)
    total += _flush(batch, force=True)
    backend().refresh(None)
    return total


def _flush(batch: list[SearchEntry], *, force: bool = False) -> int:
    if not batch or (len(batch) < REINDEX_BATCH and not force):
        return 0
    SearchEntry.objects.bulk_create(batch)
    count = len(batch)
    batch.clear()
    return count


# --- Listeners registered in SearchConfig.ready() ---------------------------------------------
# They run after the conversation's transaction committed: a failure here must not turn a
# published post into an error page, and `townhall reindex` repairs whatever was missed.


def on_post_published(post: Post, mentioned: list[Person]) -> None:
    on_post_changed(post)


def on_post_changed(post: Post) -> None:
    try:
        index_post(post=post)
    except Exception:
        logger.exception("Could not index post %s", post.pk)


def on_comment_added(comment: Comment, mentioned: list[Person]) -> None:
    on_comment_changed(comment)


def on_comment_changed(comment: Comment) -> None:
    try:
        index_comment(comment=comment)
    except Exception:
        logger.exception("Could not index comment %s", comment.pk)
