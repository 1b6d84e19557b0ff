"""Reads for notifications: the inbox page, the unread count, and how each one reads now."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from townhall.notifications import targets
from townhall.notifications.models import (
    DEFAULT_DIGEST,
    DigestSetting,
    Kind,
    Notification,
    NotificationPreference,
    default_email_mode,
)
from townhall.people import permissions
from townhall.people.models import Person
from townhall.people.selectors import decode_cursor, encode_cursor

PAGE_SIZE = 30
# The badge stops counting here: "99+" needs no exact number, and the query stays bounded.
UNREAD_CAP = 100
SNIPPET_CHARS = 160


@dataclass(frozen=True)
class Entry:
    """One notification as its recipient may read it right now."""

    notification: Notification
    text: str
    snippet: str
    url: str
    accessible: bool

    @property
    def pk(self) -> int:
        return self.notification.pk

    @property
    def unread(self) -> bool:
        return self.notification.read_at is None

    @property
    def kind(self) -> str:
        return self.notification.kind

    @property
    def created_at(self) -> datetime:
        return self.notification.created_at


@dataclass(frozen=True)
class Page:
    entries: list[Entry]
    next_cursor: str | None


def unread_count(person: Person | AnonymousUser) -> int:
    """Unread notifications, counted up to UNREAD_CAP in one query."""
    if not permissions.is_signed_in(person):
        return 0
    return Notification.objects.filter(recipient_id=person.pk, read_at__isnull=True)[
        :UNREAD_CAP
    ].count()


def _inbox(person: Person) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(recipient=person)
        .select_related("actor", "post__group", "comment", "group")
        .order_by("-created_at", "-id")
    )


def _plain(text_html: str) -> str:
    return Truncator(" ".join(html.unescape(strip_tags(text_html)).split())).chars(SNIPPET_CHARS)


def _actor_name(notification: Notification) -> str:
    actor = notification.actor
    return actor.display_name if actor is not None else _("Someone")


def _text(n: Notification) -> str:
    actor = _actor_name(n)
    on_comment = n.comment_id is not None
    group = n.group.name if n.group is not None else ""
    if n.kind == Kind.MENTION:
        if on_comment:
            return _("%(actor)s mentioned you in a comment") % {"actor": actor}
        return _("%(actor)s mentioned you in a post") % {"actor": actor}
    if n.kind == Kind.GROUP_MENTION:
        if on_comment:
            return _("%(actor)s mentioned %(group)s in a comment") % {
                "actor": actor,
                "group": group,
            }
        return _("%(actor)s mentioned %(group)s in a post") % {"actor": actor, "group": group}
    if n.kind == Kind.REPLY:
        if n.comment is not None and n.comment.parent_id is not None:
            return _("%(actor)s replied to your comment") % {"actor": actor}
        return _("%(actor)s commented on your post") % {"actor": actor}
    if n.kind == Kind.ANSWER:
        return _("%(actor)s answered your question") % {"actor": actor}
    if n.kind == Kind.ANSWER_ACCEPTED:
        return _("%(actor)s accepted your answer") % {"actor": actor}
    if n.kind == Kind.REACTION:
        others = n.count - 1
        if others <= 0:
            return _("%(actor)s reacted to your post") % {"actor": actor}
        return ngettext(
            "%(actor)s and %(count)s other reacted to your post",
            "%(actor)s and %(count)s others reacted to your post",
            others,
        ) % {"actor": actor, "count": others}
    if n.kind == Kind.FOLLOWER:
        return _("%(actor)s started following you") % {"actor": actor}
    if n.kind == Kind.ANNOUNCEMENT:
        return _("%(actor)s posted a must-read announcement") % {"actor": actor}
    if n.kind == Kind.GROUP_INVITATION:
        return _("%(actor)s invited you to join %(group)s") % {"actor": actor, "group": group}
    if n.kind == Kind.JOIN_REQUEST:
        return _("%(actor)s asked to join %(group)s") % {"actor": actor, "group": group}
    return _("Something happened")


def _describe_target(notification: Notification, viewer: Person) -> Entry:
    describer = targets.describer_for(notification.target_type)
    if describer is None:
        return Entry(notification, _("Something happened"), "", "", False)
    view = describer(notification, viewer)
    if not view.accessible:
        return Entry(notification, _("You no longer have access to this."), "", "", False)
    return Entry(notification, view.text, view.snippet, view.url, True)


def describe(notification: Notification, viewer: Person) -> Entry:
    """The notification's text from the current post, asked through the permission layer."""
    if notification.target_type:
        return _describe_target(notification, viewer)
    post = notification.post
    if post is not None:
        if not permissions.can_view_post(viewer, post):
            return Entry(
                notification=notification,
                text=_("You no longer have access to this post."),
                snippet="",
                url="",
                accessible=False,
            )
        comment = notification.comment
        url = reverse("post_detail", args=[post.pk])
        if comment is not None and comment.deleted_at is None:
            snippet = _plain(comment.body_html)
            url += f"#comment-{comment.pk}"
        elif comment is not None:
            snippet = ""
        else:
            snippet = Truncator(post.title).chars(SNIPPET_CHARS) or _plain(post.body_html)
        return Entry(notification, _text(notification), snippet, url, True)
    if notification.group is not None:
        url = reverse("group_detail", args=[notification.group.slug])
        return Entry(notification, _text(notification), "", url, True)
    if notification.kind == Kind.FOLLOWER and notification.actor is not None:
        url = reverse("profile", args=[notification.actor.pk])
        return Entry(notification, _text(notification), "", url, True)
    return Entry(notification, _text(notification), "", "", True)


def absolute(url: str) -> str:
    site: str = settings.SITE_URL
    return site.rstrip("/") + url if url else ""


def notifications_page(person: Person, *, after: str = "", limit: int = PAGE_SIZE) -> Page:
    """Newest first, keyset-paginated on (created_at, id): two queries whatever the page."""
    qs = _inbox(person)
    cursor = decode_cursor(after, 2)
    if cursor is not None and isinstance(cursor[1], int):
        when = parse_datetime(str(cursor[0]))
        if when is not None:
            qs = qs.filter(Q(created_at__lt=when) | Q(created_at=when, id__lt=cursor[1]))
    rows = list(qs[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor([rows[-1].created_at.isoformat(), rows[-1].pk])
    return Page(entries=[describe(n, person) for n in rows], next_cursor=next_cursor)


def valid_cursor(after: str) -> bool:
    if not after:
        return True
    values = decode_cursor(after, 2)
    return (
        values is not None
        and isinstance(values[1], int)
        and parse_datetime(str(values[0])) is not None
    )


def access_notification(person: Person | AnonymousUser, pk: int) -> Notification:
    """One's own notification, or 404: other people's do not exist for you."""
    if not permissions.is_signed_in(person):
        raise Http404
    notification = _inbox(person).filter(pk=pk).first()  # type: ignore[arg-type]
    if notification is None:
        raise Http404
    return notification


def email_modes(person: Person) -> dict[str, str]:
    """The email mode per kind, defaults filled in."""
    chosen = dict(NotificationPreference.objects.filter(person=person).values_list("kind", "email"))
    return {kind: chosen.get(kind, default_email_mode(kind)) for kind in Kind.values}


def email_mode(person_id: int, kind: str) -> str:
    chosen = (
        NotificationPreference.objects.filter(person_id=person_id, kind=kind)
        .values_list("email", flat=True)
        .first()
    )
    return chosen or default_email_mode(kind)


def digest_frequency(person: Person) -> str:
    setting = DigestSetting.objects.filter(person=person).values_list("frequency", flat=True)
    return setting.first() or DEFAULT_DIGEST
