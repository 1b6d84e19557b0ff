"""Every notification write: who hears about what (asked of the permission layer), and email.

Listeners in `listeners.py` call these after the triggering write has committed; email and
large fan-outs leave through background tasks so no request waits on them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from townhall.conversations.models import Comment, Follow, Mention, Post, PostKind, Reaction
from townhall.groups.models import Group, GroupInvitation, JoinRequest, MemberRole
from townhall.live import services as live
from townhall.notifications import selectors, tasks
from townhall.notifications.models import (
    DEFAULT_DIGEST,
    DigestFrequency,
    DigestSetting,
    EmailMode,
    Kind,
    Notification,
    NotificationPreference,
)
from townhall.people import permissions
from townhall.people.models import Person

FAN_OUT_CHUNK = 1000
DIGEST_ITEMS = 50
UNSUBSCRIBE_SALT = "townhall.notifications.unsubscribe"
# Unsubscribing from the digest uses this pseudo-kind.
DIGEST = "digest"


def render_email(*, template: str, context: dict[str, object], language: str) -> tuple[str, str]:
    """Render `<template>_subject.txt` and `<template>.txt` in `language`."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    return " ".join(subject.split()), body


def send_email(*, to: str, template: str, context: dict[str, object], language: str) -> None:
    """Queue one email; it leaves only if the surrounding transaction commits."""
    subject, body = render_email(template=template, context=context, language=language)
    transaction.on_commit(lambda: tasks.deliver_email.enqueue(to=[to], subject=subject, body=body))


# --- Creating notifications ----------------------------------------------------------------


def _may_receive(recipient: Person, actor: Person | None, post: Post | None) -> bool:
    if actor is not None and recipient.pk == actor.pk:
        return False
    if not recipient.is_active:
        return False
    return post is None or permissions.can_view_post(recipient, post)


def _enqueue_email(notification_id: int) -> None:
    tasks.email_notification.enqueue(notification_id=notification_id)


def _email_soon(notification: Notification) -> None:
    if selectors.email_mode(notification.recipient_id, notification.kind) == EmailMode.IMMEDIATE:
        transaction.on_commit(partial(_enqueue_email, notification.pk))


def _notify(
    recipient: Person,
    kind: str,
    *,
    actor: Person | None,
    post: Post | None = None,
    comment: Comment | None = None,
    group_id: int | None = None,
) -> Notification | None:
    if not _may_receive(recipient, actor, post):
        return None
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, actor=actor, post=post, comment=comment, group_id=group_id
    )
    _email_soon(notification)
    live.ring_bell(recipient.pk)
    return notification


def notify(
    *,
    recipient: Person,
    kind: str,
    actor: Person | None = None,
    post: Post | None = None,
    target_type: str = "",
    target_id: int | None = None,
    message: str = "",
) -> Notification | None:
    """Notify one person about another app's object (see notifications.targets).

    The caller has chosen the recipient through the permission layer; a post, when given,
    is checked again here. Nobody is notified of their own action.
    """
    if not _may_receive(recipient, actor, post):
        return None
    notification = Notification.objects.create(
        recipient=recipient,
        kind=kind,
        actor=actor,
        post=post,
        target_type=target_type,
        target_id=target_id,
        message=message,
    )
    _email_soon(notification)
    live.ring_bell(recipient.pk)
    return notification


@transaction.atomic
def notify_post_published(*, post: Post, mentioned: Iterable[Person]) -> list[Notification]:
    """Mentions in a new post; a must-read announcement fans out in the background."""
    created = [
        n
        for person in mentioned
        if (n := _notify(person, Kind.MENTION, actor=post.author, post=post)) is not None
    ]
    if post.must_read:
        pk = post.pk
        transaction.on_commit(lambda: tasks.fan_out_announcement.enqueue(post_id=pk))
    _fan_out_group_mentions_soon(post, None)
    return created


@transaction.atomic
def notify_comment_added(*, comment: Comment, mentioned: Iterable[Person]) -> list[Notification]:
    """Mentions, replies and answers; one notification per person per comment."""
    post = comment.post
    actor = comment.author
    wanted: dict[int, tuple[Person, str]] = {}
    parent = comment.parent
    if parent is not None and parent.deleted_at is None:
        wanted[parent.author_id] = (parent.author, Kind.REPLY)
    kind = Kind.ANSWER if post.kind == PostKind.QUESTION else Kind.REPLY
    wanted.setdefault(post.author_id, (post.author, kind))
    # A mention says the most, so it wins over a reply to the same person.
    for person in mentioned:
        wanted[person.pk] = (person, Kind.MENTION)
    created = []
    for person, chosen in wanted.values():
        n = _notify(person, chosen, actor=actor, post=post, comment=comment)
        if n is not None:
            created.append(n)
    _fan_out_group_mentions_soon(post, comment)
    return created


def _fan_out_group_mentions_soon(post: Post, comment: Comment | None) -> None:
    """A group's members hear of an @group in the background: a group can be thousands."""
    if Mention.objects.filter(post=post, comment=comment, group__isnull=False).exists():
        post_id, comment_id = post.pk, comment.pk if comment is not None else None
        transaction.on_commit(
            lambda: tasks.fan_out_group_mentions.enqueue(post_id=post_id, comment_id=comment_id)
        )


def notify_reaction(*, reaction: Reaction) -> Notification | None:
    """Reactions batch into one unread notification per post, counting the reactors."""
    post = reaction.post
    recipient = post.author
    actor = reaction.person
    if not _may_receive(recipient, actor, post):  # type: ignore[arg-type]
        return None
    for _attempt in range(2):
        try:
            with transaction.atomic():
                batch = (
                    Notification.objects.select_for_update()
                    .filter(recipient=recipient, post=post, kind=Kind.REACTION, read_at=None)
                    .first()
                )
                if batch is None:
                    # The batch starts at the first reaction: later ones are counted from it.
                    batch = Notification.objects.create(
                        recipient=recipient,
                        kind=Kind.REACTION,
                        actor=actor,
                        post=post,
                        created_at=reaction.created_at,
                    )
                    _email_soon(batch)
                    live.ring_bell(recipient.pk)
                    return batch
                # Counted from the reactions themselves, so un-reacting and reacting again
                # is still one person.
                batch.count = max(
                    1,
                    Reaction.objects.filter(post=post, created_at__gte=batch.created_at)
                    .exclude(person_id=recipient.pk)
                    .count(),
                )
                batch.actor = actor
                batch.save(update_fields=["count", "actor"])
                live.ring_bell(recipient.pk)
                return batch
        except IntegrityError:
            continue  # a concurrent reaction created the batch; update it instead
    return None


@transaction.atomic
def notify_follow(*, follow: Follow) -> Notification | None:
    if follow.person is None:
        return None
    return _notify(follow.person, Kind.FOLLOWER, actor=follow.follower)  # type: ignore[arg-type]


@transaction.atomic
def notify_answer_accepted(*, post: Post) -> Notification | None:
    """Tell the commenter their answer was accepted."""
    comment = post.accepted_comment
    if comment is None or comment.deleted_at is not None:
        return None
    return _notify(
        comment.author,  # type: ignore[arg-type]
        Kind.ANSWER_ACCEPTED,
        actor=post.author,  # type: ignore[arg-type]
        post=post,
        comment=comment,
    )


@transaction.atomic
def notify_join_request(*, request: JoinRequest) -> list[Notification]:
    """To the group's admins; community managers when the group has none."""
    group = request.group
    admins = list(
        Person.objects.filter(
            memberships__group=group, memberships__role=MemberRole.ADMIN, is_active=True
        )
    )
    if not admins:
        admins = list(Person.objects.filter(is_community_manager=True, is_active=True)[:50])
    created = []
    for person in admins:
        if permissions.can_manage_group(person, group):
            n = _notify(
                person,
                Kind.JOIN_REQUEST,
                actor=request.person,  # type: ignore[arg-type]
                group_id=group.pk,
            )
            if n is not None:
                created.append(n)
    return created


@transaction.atomic
def notify_group_invitation(*, invitation: GroupInvitation) -> Notification | None:
    return _notify(
        invitation.person,  # type: ignore[arg-type]
        Kind.GROUP_INVITATION,
        actor=invitation.invited_by,  # type: ignore[arg-type]
        group_id=invitation.group_id,
    )


def fan_out_announcement(*, post_id: int) -> int:
    """Every reader of a must-read announcement gets a notification, in chunks of bulk inserts.

    Each chunk is one INSERT … SELECT inside the database (no row objects in Python), so a
    company-wide announcement reaches 100,000 inboxes in seconds. Safe to run twice: people
    who already have one for this post are skipped.
    """
    post = Post.objects.select_related("group", "author").filter(pk=post_id).first()
    if post is None or not post.must_read:
        return 0
    told = Notification.objects.filter(
        post=post, kind=Kind.ANNOUNCEMENT, recipient_id=OuterRef("pk")
    )
    readers = (
        Person.objects.filter(permissions.post_readers_q(post))
        .exclude(pk=post.author_id)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )
    total = last = 0
    # Walk the readers by id; the "already told" check only ever looks inside one chunk's
    # id range, so each chunk costs the same however many rows earlier chunks wrote.
    while ids := list(readers.filter(pk__gt=last)[:FAN_OUT_CHUNK]):
        chunk = readers.filter(pk__gt=last, pk__lte=ids[-1]).exclude(Exists(told))
        with transaction.atomic():
            total += _insert_announcements(post, chunk)
            eager = NotificationPreference.objects.filter(
                person_id__in=ids, kind=Kind.ANNOUNCEMENT, email=EmailMode.IMMEDIATE
            ).values_list("person_id", flat=True)
            for notification_id in Notification.objects.filter(
                post=post, kind=Kind.ANNOUNCEMENT, recipient_id__in=list(eager)
            ).values_list("pk", flat=True):
                transaction.on_commit(partial(_enqueue_email, notification_id))
        last = ids[-1]
    if total:
        live.ring_bells_of_readers(post)
    return total


def _insert_announcements(post: Post, recipients: QuerySet[Person, int]) -> int:
    """INSERT … SELECT one announcement notification per recipient id the queryset yields."""
    select_sql, select_params = recipients.query.sql_with_params()
    table = connection.ops.quote_name(Notification._meta.db_table)
    sql = (
        f"INSERT INTO {table} (recipient_id, kind, actor_id, post_id, count, created_at) "  # noqa: S608 - only ORM-compiled SQL is interpolated
        f"SELECT reader.pk, %s, %s, %s, 1, %s FROM ({select_sql}) reader"
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [Kind.ANNOUNCEMENT, post.author_id, post.pk, now, *select_params])
        return int(cursor.rowcount)


def fan_out_group_mentions(*, post_id: int, comment_id: int | None = None) -> int:
    """Members of each @group in a post or comment get one notification, in bulk chunks.

    Only members who may read the post; never its author; nothing for a group the author
    cannot see, nor for the company group unless a leader or community manager wrote it.
    People already notified about this post or comment (mentioned by name, replied to, or
    through another group) are skipped, which also makes a second run harmless.
    """
    post = Post.objects.select_related("group", "author").filter(pk=post_id).first()
    if post is None or post.deleted_at is not None:
        return 0
    comment = None
    if comment_id is not None:
        comment = Comment.objects.select_related("author").filter(pk=comment_id).first()
        if comment is None or comment.deleted_at is not None or comment.post_id != post.pk:
            return 0
    author: Person = comment.author if comment is not None else post.author  # type: ignore[assignment]
    if not author.is_active:
        return 0
    groups = Group.objects.filter(
        pk__in=Mention.objects.filter(post=post, comment=comment, group__isnull=False).values(
            "group_id"
        )
    ).order_by("pk")
    told = Notification.objects.filter(post=post, comment=comment)
    if comment is None:
        told = told.filter(kind__in=[Kind.MENTION, Kind.GROUP_MENTION])
    total = 0
    for group in groups:
        if not permissions.can_notify_group_by_mention(author, group):
            continue
        members = Person.objects.filter(permissions.post_readers_q(post))
        if not group.is_company:
            members = members.filter(memberships__group=group)
        recipients = (
            members.exclude(pk=author.pk)
            .exclude(pk__in=told.values("recipient_id"))
            .order_by("pk")
            .values_list("pk", flat=True)
            .distinct()
        )
        # Read in full before inserting: the exclusion above must not see its own inserts.
        ids = list(recipients)
        for start in range(0, len(ids), FAN_OUT_CHUNK):
            total += _notify_chunk(
                ids[start : start + FAN_OUT_CHUNK],
                Kind.GROUP_MENTION,
                actor_id=author.pk,
                post=post,
                comment=comment,
                group_id=group.pk,
            )
        if ids:
            live.ring_bells_of_readers(post, group_id=group.pk, public=group.is_company)
    return total


def _notify_chunk(
    ids: list[int],
    kind: str,
    *,
    actor_id: int,
    post: Post,
    comment: Comment | None = None,
    group_id: int | None = None,
) -> int:
    """One bulk insert of the same notification for many people; eager emails follow commit."""
    with transaction.atomic():
        created = Notification.objects.bulk_create(
            [
                Notification(
                    recipient_id=pk,
                    kind=kind,
                    actor_id=actor_id,
                    post=post,
                    comment=comment,
                    group_id=group_id,
                )
                for pk in ids
            ]
        )
        # Fan-out kinds wait for the digest by default; only who asked for more gets email now.
        eager = NotificationPreference.objects.filter(
            person_id__in=ids, kind=kind, email=EmailMode.IMMEDIATE
        ).values_list("person_id", flat=True)
        for notification_id in Notification.objects.filter(
            post=post, comment=comment, kind=kind, recipient_id__in=list(eager)
        ).values_list("pk", flat=True):
            transaction.on_commit(partial(_enqueue_email, notification_id))
    return len(created)


# --- Reading state --------------------------------------------------------------------------


def mark_read(*, person: Person, notification: Notification) -> Notification:
    if notification.recipient_id != person.pk:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        live.ring_bell(person.pk)  # the person's other tabs
    return notification


def mark_all_read(*, person: Person) -> int:
    """Mark every unread notification read; returns how many changed."""
    changed = Notification.objects.filter(recipient=person, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if changed:
        live.ring_bell(person.pk)
    return changed


# --- Preferences and unsubscribing ----------------------------------------------------------


@transaction.atomic
def update_preferences(
    *, person: Person, email: dict[str, str] | None = None, digest: str | None = None
) -> None:
    """Set the email mode per kind and the digest frequency; all or nothing."""
    email = email or {}
    errors: dict[str, str] = {}
    for kind, mode in email.items():
        if kind not in Kind.values:
            errors[kind] = _("Unknown kind of notification.")
        elif mode not in EmailMode.values:
            errors[kind] = _("Choose right away, in my digest, or never.")
    if digest is not None and digest not in DigestFrequency.values:
        errors["digest"] = _("Choose daily, weekly or never.")
    if errors:
        raise ValidationError(errors)
    for kind, mode in email.items():
        NotificationPreference.objects.update_or_create(
            person=person, kind=kind, defaults={"email": mode}
        )
    if digest is not None:
        DigestSetting.objects.update_or_create(person=person, defaults={"frequency": digest})


def unsubscribe_token(*, person_id: int, kind: str) -> str:
    """A signed token that turns off one kind of email for one person, no sign-in needed."""
    return signing.dumps([person_id, kind], salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[Person, str] | None:
    try:
        person_id, kind = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if kind != DIGEST and kind not in Kind.values:
        return None
    person = Person.objects.filter(pk=person_id, is_active=True).first()
    return (person, kind) if person is not None else None


def unsubscribe(*, token: str) -> tuple[Person, str]:
    """Apply an unsubscribe link: that kind of email (or the digest) is off from now on."""
    found = read_unsubscribe_token(token)
    if found is None:
        raise ValidationError(_("This unsubscribe link is not valid."))
    person, kind = found
    if kind == DIGEST:
        update_preferences(person=person, digest=DigestFrequency.OFF)
    else:
        update_preferences(person=person, email={kind: EmailMode.OFF})
    return person, kind


def kind_label(kind: str) -> str:
    return _("Digest emails") if kind == DIGEST else str(Kind(kind).label)


# --- Email ------------------------------------------------------------------------------------


def _language(person: Person) -> str:
    return person.preferred_language or settings.LANGUAGE_CODE


def _unsubscribe_links(person: Person, kind: str) -> tuple[str, str]:
    token = unsubscribe_token(person_id=person.pk, kind=kind)
    page = selectors.absolute(reverse("notification_unsubscribe", args=[token]))
    one_click = selectors.absolute(f"/api/v1/notifications/unsubscribe/{token}")
    return page, one_click


def _message(person: Person, subject: str, body: str, one_click: str) -> EmailMultiAlternatives:
    return EmailMultiAlternatives(
        # One line whatever a display name holds: a line break would be refused as a header.
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
        headers={
            "Content-Language": _language(person),
            "List-Unsubscribe": f"<{one_click}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def send_notification_email(*, notification_id: int) -> bool:
    """Email one notification now (from a task), in the recipient's language.

    Nothing leaves if it was read or emailed meanwhile, the kind was switched off, or the
    recipient can no longer read the post.
    """
    notification = (
        Notification.objects.select_related("recipient", "actor", "post__group", "comment", "group")
        .filter(pk=notification_id, emailed_at__isnull=True, read_at__isnull=True)
        .first()
    )
    if notification is None:
        return False
    person: Person = notification.recipient  # type: ignore[assignment]
    if not person.is_active or not person.email:
        return False
    if selectors.email_mode(person.pk, notification.kind) != EmailMode.IMMEDIATE:
        return False
    with translation.override(_language(person)):
        entry = selectors.describe(notification, person)
        if not entry.accessible:
            return False
        page, one_click = _unsubscribe_links(person, notification.kind)
        context = {
            "person": person,
            "entry": entry,
            "url": selectors.absolute(entry.url),
            "unsubscribe_url": page,
            "kind_label": kind_label(notification.kind),
            "preferences_url": selectors.absolute(reverse("notification_preferences")),
        }
        body = render_to_string("notifications/email/notification.txt", context)
    claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False  # another worker sent it
    _message(person, entry.text, body, one_click).send()
    return True


def _digest_people(frequency: str) -> list[int]:
    pending = Notification.objects.filter(
        emailed_at__isnull=True, read_at__isnull=True, recipient__is_active=True
    )
    chosen = Q(recipient__digest_setting__frequency=frequency)
    if frequency == DEFAULT_DIGEST:
        chosen |= Q(recipient__digest_setting__isnull=True)
    return sorted(set(pending.filter(chosen).values_list("recipient_id", flat=True)))


def send_digest(*, person: Person, frequency: str) -> bool:
    """One person's digest: un-emailed notifications since their last one, then marked emailed."""
    setting, _created = DigestSetting.objects.get_or_create(person=person)
    now = timezone.now()
    pending = Notification.objects.filter(
        recipient=person, emailed_at__isnull=True, read_at__isnull=True, created_at__lte=now
    )
    if setting.last_sent_at is not None:
        pending = pending.filter(created_at__gt=setting.last_sent_at)
    modes = selectors.email_modes(person)
    digest_kinds = [k for k, mode in modes.items() if mode == EmailMode.DIGEST]
    items = list(
        pending.filter(kind__in=digest_kinds)
        .select_related("actor", "post__group", "comment", "group")
        .order_by("-created_at", "-id")[: DIGEST_ITEMS + 1]
    )
    sent = False
    if items:
        more = len(items) > DIGEST_ITEMS
        with translation.override(_language(person)):
            entries = [selectors.describe(n, person) for n in items[:DIGEST_ITEMS]]
            page, one_click = _unsubscribe_links(person, DIGEST)
            context = {
                "person": person,
                "entries": [(e, selectors.absolute(e.url)) for e in entries],
                "more": more,
                "inbox_url": selectors.absolute(reverse("notification_list")),
                "unsubscribe_url": page,
                "preferences_url": selectors.absolute(reverse("notification_preferences")),
                "frequency": frequency,
            }
            subject = render_to_string("notifications/email/digest_subject.txt", context)
            body = render_to_string("notifications/email/digest.txt", context)
        _message(person, " ".join(subject.split()), body, one_click).send()
        sent = True
    with transaction.atomic():
        # Everything pending is now handled, whether it went out or its kind is switched off.
        pending.update(emailed_at=now)
        setting.last_sent_at = now
        setting.save(update_fields=["last_sent_at"])
    return sent


def send_digests(*, frequency: str) -> int:
    """Send the daily or weekly digest to everyone who chose it; returns how many went out."""
    if frequency not in (DigestFrequency.DAILY, DigestFrequency.WEEKLY):
        raise ValidationError({"frequency": _("Choose daily or weekly.")})
    sent = 0
    for person in Person.objects.filter(pk__in=_digest_people(frequency)).iterator():
        sent += send_digest(person=person, frequency=frequency)
    return sent
