"""Every inbox write: answering, snoozing, delegating and closing items; the daily summary.

Answers go through the owning app's services (a comment through conversations, an open-hour
answer through openhours), so their notifications, live updates and permissions apply as if
the leader had answered on the post's own page.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from townhall.conversations import services as conversations
from townhall.conversations.models import Comment
from townhall.inbox import permissions as inbox_permissions
from townhall.inbox import selectors
from townhall.inbox.models import Delegation, InboxSettings, Snooze
from townhall.inbox.selectors import OPEN_HOUR, InboxItem
from townhall.notifications.scheduler import claim_period
from townhall.people.models import Person

SNOOZE_CHOICES = ("tomorrow", "next_week", "date")
SNOOZE_MAX_DAYS = 365
DELEGATION_NOTE_MAX = 2000
CLOSE_REASON_MAX = 500
SUMMARY_TOP = 5
SUMMARY_JOB = "inbox-daily-summary"
SUMMARY_SALT = "townhall.inbox.summary-opt-out"


def _require_inbox(person: Person) -> None:
    if not inbox_permissions.has_inbox(person):
        raise PermissionDenied


# --- Snoozing ----------------------------------------------------------------------------------


def _morning(day: date) -> datetime:
    """The start of a working day in the server's time zone: when the daily summary leaves."""
    moment = datetime.combine(day, time(hour=settings.TOWNHALL_DIGEST_HOUR))
    return timezone.make_aware(moment, timezone.get_current_timezone())


def snooze_until(*, choice: str, on: date | None = None, now: datetime | None = None) -> datetime:
    """When a snooze ends: tomorrow morning, next Monday morning, or the morning of `on`."""
    today = timezone.localtime(now or timezone.now()).date()
    if choice == "tomorrow":
        return _morning(today + timedelta(days=1))
    if choice == "next_week":
        return _morning(today + timedelta(days=7 - today.weekday()))
    if choice != "date":
        raise ValidationError({"until": _("Choose tomorrow, next week or a date.")})
    if on is None:
        raise ValidationError({"date": _("Choose the day the item should come back.")})
    if on <= today:
        raise ValidationError({"date": _("Choose a day after today.")})
    if on > today + timedelta(days=SNOOZE_MAX_DAYS):
        raise ValidationError({"date": _("Choose a day within the next year.")})
    return _morning(on)


@transaction.atomic
def snooze_item(*, person: Person, item: InboxItem, until: datetime) -> Snooze:
    """Hide an item from the person's inbox until `until`; snoozing again moves the date."""
    _require_inbox(person)
    if until <= timezone.now():
        raise ValidationError({"until": _("Choose a moment in the future.")})
    snooze, _created = Snooze.objects.update_or_create(
        person=person, item_type=item.type, item_key=item.key, defaults={"until": until}
    )
    transaction.on_commit(lambda: selectors.forget_count(person))
    return snooze


# --- Answering, delegating, closing ------------------------------------------------------------


def answer_item(*, actor: Person, item: InboxItem, body: str) -> object:
    """Answer inline: a comment on the item's post, or the open-hour question's answer."""
    _require_inbox(actor)
    if item.source == OPEN_HOUR:
        from townhall.openhours.services import answer_question

        result: object = answer_question(actor=actor, question=item.obj, body=body)
    elif item.post is not None:
        result = conversations.add_comment(author=actor, post=item.post, body=body)
    else:
        raise ValidationError({"body": _("This item is answered on its own page.")})
    transaction.on_commit(lambda: selectors.forget_count(actor))
    return result


def _delegate_named(actor: Person, to: str) -> Person:
    handle = to.strip().lstrip("@").strip()
    if not handle:
        raise ValidationError({"to": _("Choose who should take this: type @ and a name.")})
    delegate = Person.objects.filter(handle__iexact=handle, is_active=True).first()
    if delegate is None:
        raise ValidationError(
            {
                "to": _("Nobody is called @%(handle)s. Pick someone from the suggestions.")
                % {"handle": handle[:64]}
            }
        )
    if delegate.pk == actor.pk:
        raise ValidationError({"to": _("Choose someone other than yourself.")})
    return delegate


def delegation_text(*, delegate: Person, note: str = "") -> str:
    """The comment that hands an item over: an @mention with an optional note."""
    ask = _("@%(handle)s could you take this?") % {"handle": delegate.handle}
    return f"{ask}\n\n{note}" if note else ask


@transaction.atomic
def delegate_item(*, actor: Person, item: InboxItem, to: str, note: str = "") -> Delegation:
    """Hand an item to a colleague: a comment @mentioning them on the post, and for the
    leader the item counts as handled (listed as "delegated to …" for a week)."""
    _require_inbox(actor)
    post = item.post
    if post is None or "delegate" not in item.actions:
        raise ValidationError({"to": _("This item cannot be delegated.")})
    note = note.strip()
    if len(note) > DELEGATION_NOTE_MAX:
        raise ValidationError(
            {"note": _("Keep the note under %(max)s characters.") % {"max": DELEGATION_NOTE_MAX}}
        )
    delegate = _delegate_named(actor, to)
    if not inbox_permissions.can_take_delegation(delegate, post):
        raise ValidationError(
            {
                "to": _("%(name)s cannot read this post, so cannot take it.")
                % {"name": delegate.display_name}
            }
        )
    comment: Comment = conversations.add_comment(
        author=actor, post=post, body=delegation_text(delegate=delegate, note=note)
    )
    delegation, _created = Delegation.objects.update_or_create(
        person=actor,
        item_type=item.type,
        item_key=item.key,
        defaults={"delegate": delegate, "comment": comment, "created_at": timezone.now()},
    )
    Snooze.objects.filter(person=actor, item_type=item.type, item_key=item.key).delete()
    transaction.on_commit(lambda: selectors.forget_count(actor))
    return delegation


def close_item(*, actor: Person, item: InboxItem, reason: str) -> object:
    """Close an open-hour question with a reason (other items are handled by answering)."""
    _require_inbox(actor)
    if item.source != OPEN_HOUR:
        raise ValidationError({"reason": _("Only open-hour questions can be closed here.")})
    from townhall.openhours.services import close_question

    result: object = close_question(actor=actor, question=item.obj, reason=reason)
    transaction.on_commit(lambda: selectors.forget_count(actor))
    return result


# --- Settings and the daily summary ----------------------------------------------------------


def update_settings(*, person: Person, daily_summary: bool) -> InboxSettings:
    """Turn the daily summary email on or off."""
    _require_inbox(person)
    setting, _created = InboxSettings.objects.update_or_create(
        person=person, defaults={"daily_summary": daily_summary}
    )
    return setting


def settings_for(person: Person) -> InboxSettings:
    """The person's inbox settings (defaults when they never changed them; nothing saved)."""
    found = InboxSettings.objects.filter(person_id=person.pk).first()
    return found or InboxSettings(person=person)


def opt_out_token(*, person_id: int) -> str:
    """A signed token that turns off one leader's daily summary, no sign-in needed."""
    return signing.dumps(person_id, salt=SUMMARY_SALT)


def person_for_opt_out_token(token: str) -> Person | None:
    try:
        person_id = signing.loads(token, salt=SUMMARY_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(person_id, int):
        return None
    return Person.objects.filter(pk=person_id, is_active=True).first()


def opt_out(*, token: str) -> Person:
    """Apply an opt-out link: no more daily summaries for its person."""
    person = person_for_opt_out_token(token)
    if person is None:
        raise ValidationError({"token": _("This link is not valid.")})
    InboxSettings.objects.update_or_create(person=person, defaults={"daily_summary": False})
    return person


def _absolute(url: str) -> str:
    site: str = settings.SITE_URL
    return site.rstrip("/") + url


def _language(person: Person) -> str:
    return person.preferred_language or settings.LANGUAGE_CODE


def _already_sent_today(setting: InboxSettings, now: datetime) -> bool:
    last = setting.last_sent_at
    return last is not None and timezone.localtime(last).date() == timezone.localtime(now).date()


def send_daily_summary(*, person: Person, now: datetime | None = None) -> bool:
    """Email one leader their inbox summary, once a day, when the inbox is not empty.

    Counts per type and the five most urgent items, in the leader's language, each item
    read through the same permission-filtered selector as the page.
    """
    moment = now or timezone.now()
    if not inbox_permissions.has_inbox(person) or not person.email:
        return False
    setting = settings_for(person)
    if not setting.daily_summary or _already_sent_today(setting, moment):
        return False
    inbox = selectors.leader_inbox(person, now=moment)
    if not inbox.items:
        return False
    token = opt_out_token(person_id=person.pk)
    one_click = _absolute(f"/api/v1/inbox/opt-out/{token}")
    with translation.override(_language(person)):
        context = {
            "person": person,
            "total": len(inbox.items),
            "counts": [(label, n) for _type, label, n in inbox.count_rows if n],
            "top": [(item, _absolute(item.url)) for item in inbox.items[:SUMMARY_TOP]],
            "inbox_url": _absolute(reverse("leader_inbox")),
            "opt_out_url": _absolute(reverse("inbox_opt_out", args=[token])),
        }
        subject = " ".join(render_to_string("inbox/email/summary_subject.txt", context).split())
        body = render_to_string("inbox/email/summary.txt", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
        headers={
            "Content-Language": _language(person),
            "List-Unsubscribe": f"<{one_click}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    # Claimed before sending: a second worker on the same day finds it sent and stops.
    stored, _created = InboxSettings.objects.get_or_create(person=person)
    claimed = InboxSettings.objects.filter(
        pk=stored.pk, daily_summary=True, last_sent_at=stored.last_sent_at
    ).update(last_sent_at=moment)
    if not claimed:
        return False
    message.send()
    return True


def send_daily_summaries(*, now: datetime | None = None) -> int:
    """The daily run: every active leader who did not opt out; returns how many emails left."""
    moment = now or timezone.now()
    leaders = (
        Person.objects.filter(is_leader=True, is_active=True)
        .exclude(inbox_settings__daily_summary=False)
        .order_by("pk")
    )
    return sum(send_daily_summary(person=leader, now=moment) for leader in leaders.iterator())


def enqueue_daily_summaries(now: datetime) -> bool:
    """Clock job: once a day, from TOWNHALL_DIGEST_HOUR on, enqueue the summary run."""
    from townhall.inbox.tasks import send_daily_summaries as task

    local = timezone.localtime(now)
    if local.hour < settings.TOWNHALL_DIGEST_HOUR:
        return False
    if not claim_period(SUMMARY_JOB, local.date().isoformat()):
        return False
    task.enqueue()
    return True
