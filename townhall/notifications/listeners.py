"""Glue from other apps' after-commit hooks to the notification services; registered in ready()."""

from __future__ import annotations

from typing import Any

from townhall.conversations.models import Comment, Follow, Post, Reaction
from townhall.groups.models import GroupInvitation, JoinRequest
from townhall.notifications import services
from townhall.people.models import Person


def on_post_published(post: Post, mentioned: list[Person]) -> None:
    services.notify_post_published(post=post, mentioned=mentioned)


def on_comment_added(comment: Comment, mentioned: list[Person]) -> None:
    services.notify_comment_added(comment=comment, mentioned=mentioned)


def on_reaction_added(reaction: Reaction) -> None:
    services.notify_reaction(reaction=reaction)


def on_follow(follow: Follow) -> None:
    services.notify_follow(follow=follow)


def on_answer_accepted(post: Post) -> None:
    services.notify_answer_accepted(post=post)


def on_join_requested(request: JoinRequest) -> None:
    services.notify_join_request(request=request)


def on_group_invited(invitation: GroupInvitation) -> None:
    services.notify_group_invitation(invitation=invitation)


def register() -> None:
    """Hook into conversations and groups; idempotent, so a second ready() adds nothing."""
    from townhall.conversations import services as conversations
    from townhall.groups import services as groups

    hooks: list[tuple[list[Any], Any]] = [
        (conversations.post_published_listeners, on_post_published),
        (conversations.comment_added_listeners, on_comment_added),
        (conversations.reaction_added_listeners, on_reaction_added),
        (conversations.follow_listeners, on_follow),
        (groups.join_requested_listeners, on_join_requested),
        (groups.group_invited_listeners, on_group_invited),
    ]
    # accept_answer has no hook in conversations yet; listen as soon as it grows one.
    accepted = getattr(conversations, "answer_accepted_listeners", None)
    if accepted is not None:
        hooks.append((accepted, on_answer_accepted))
    for listeners, listener in hooks:
        if listener not in listeners:
            listeners.append(listener)
