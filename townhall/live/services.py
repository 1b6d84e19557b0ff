"""Every live event Townhall emits, each with its recipients decided by the permission layer.

Big audiences get one channel event (`public` for company and open groups, `group:<id>` for
private and secret ones) and each connection asks `permissions.can_view_post` once per event;
one person gets `person:<id>`; viewers of a post page get `post:<id>`; viewers of an open hour
page get `openhour:<id>`, admitted only when they may see the session.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from townhall.conversations.models import Comment, Post, Reaction
from townhall.live.broker import get_broker
from townhall.people import permissions
from townhall.people.models import Person

PUBLIC_CHANNEL = "public"


def person_channel(person_id: int) -> str:
    return f"person:{person_id}"


def group_channel(group_id: int) -> str:
    return f"group:{group_id}"


def post_channel(post_id: int) -> str:
    return f"post:{post_id}"


def open_hour_channel(open_hour_id: int) -> str:
    return f"openhour:{open_hour_id}"


def _publish(channel: str, event: str, data: dict[str, Any]) -> None:
    # After commit, so a rolled-back write never reaches a browser; immediate outside a transaction.
    transaction.on_commit(lambda: get_broker().publish(channel, event, data))


def publish_to_person(person_id: int, event: str, data: dict[str, Any]) -> None:
    """Send one person an event (e.g. `bell` with {"unread": n}) on every tab they have open."""
    _publish(person_channel(person_id), event, data)


def channel_for_post(post: Post) -> str:
    """Who may read the post, as a channel: everyone, or the members of its group."""
    if permissions.group_readable_by_everyone(post.group):
        return PUBLIC_CHANNEL
    return group_channel(post.group_id)


def post_published(post: Post, mentioned: list[Person]) -> None:
    """A new post: readers of its group see a "new posts" banner. Carries ids only."""
    data = {"post_id": post.pk, "group_id": post.group_id, "author_id": post.author_id}
    _publish(channel_for_post(post), "post", data)


def _post_counts(post_id: int) -> None:
    counts = Post.objects.filter(pk=post_id).values("comment_count", "reaction_count").first()
    if counts is not None:
        data = {
            "post_id": post_id,
            "comments": counts["comment_count"],
            "reactions": counts["reaction_count"],
        }
        _publish(post_channel(post_id), "counts", data)


def comment_added(comment: Comment, mentioned: list[Person]) -> None:
    """Viewers of the post see its comment count change."""
    _post_counts(comment.post_id)


def reaction_added(reaction: Reaction) -> None:
    """Viewers of the post see its reaction count change."""
    _post_counts(reaction.post_id)


def reaction_removed(post: Post) -> None:
    """Viewers of the post see its reaction count go down too."""
    _post_counts(post.pk)


def publish_open_hour_event(open_hour_id: int, question_id: int | None = None) -> None:
    """Viewers of an open hour's page refetch its question board (rendered per viewer).

    Only connections whose person may see the session subscribe to its channel
    (`selectors.channels_for`); the event carries ids only.
    """
    data = {"open_hour_id": open_hour_id, "question_id": question_id}
    _publish(open_hour_channel(open_hour_id), "openhour", data)


def ring_bell(person_id: int) -> None:
    """The person's open tabs refetch their notification bell (it renders its own count)."""
    publish_to_person(person_id, "bell", {})


def ring_bells_of_readers(post: Post, group_id: int | None = None, public: bool = False) -> None:
    """Many people were notified about `post` at once (a must-read, an @group): one event for
    the audience's channel, and each connection's permission check decides who refetches."""
    if public or group_id is None:
        channel = PUBLIC_CHANNEL if public else channel_for_post(post)
    else:
        channel = group_channel(group_id)
    _publish(channel, "bell", {"post_id": post.pk})
