"""Every write about check-ins: submitting one (a post in the unit's group), the unit's
reminder day, and the weekly reminders."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from townhall.checkins import permissions as checkin_permissions
from townhall.checkins import selectors
from townhall.checkins.models import PROMPT_MAX_CHARS, CheckIn, UnitCheckinSettings, Weekday
from townhall.checkins.weeks import current_week, week_key, week_number, week_start
from townhall.conversations.services import edit_post, publish_post, share_post
from townhall.groups.models import Group
from townhall.notifications.models import Kind, Notification
from townhall.notifications.scheduler import claim_period
from townhall.notifications.services import notify
from townhall.people import permissions
from townhall.people.models import OrgUnit, Person

TOPIC = "checkin"
REMINDER_TARGET = "checkins.week"
REMINDER_JOB = "checkin-reminders"
REMINDER_CHUNK = 500


def _prompts(did: str, doing: str, need_help: str) -> list[tuple[str, str, str]]:
    return [
        ("did", _("What I did last week"), did),
        ("doing", _("What I'm taking on this week"), doing),
        ("need_help", _("Where I need help"), need_help),
    ]


def checkin_body(*, did: str, doing: str, need_help: str) -> str:
    """The post's Markdown: each answered prompt under its heading, then the #checkin topic."""
    answered = [(heading, text) for _name, heading, text in _prompts(did, doing, need_help) if text]
    parts = [f"### {heading}\n\n{text}" for heading, text in answered]
    parts.append(f"#{TOPIC}")
    return "\n\n".join(parts)


def checkin_title(week: date) -> str:
    return _("Working Out Loud · week %(number)s") % {"number": week_number(week)}


def _clean_answers(did: str, doing: str, need_help: str) -> tuple[str, str, str]:
    answers = (did.strip(), doing.strip(), need_help.strip())
    errors = {
        name: _("Keep it under %(max)s characters.") % {"max": PROMPT_MAX_CHARS}
        for name, _heading, text in _prompts(*answers)
        if len(text) > PROMPT_MAX_CHARS or "\x00" in text
    }
    if errors:
        raise ValidationError(errors)
    if not any(answers):
        raise ValidationError(_("Answer at least one of the three prompts."))
    return answers


def _checked_week(week: date | None) -> date:
    this_week = current_week()
    chosen = week_start(week) if week is not None else this_week
    if chosen > this_week:
        raise ValidationError({"week": _("You can check in for this week or an earlier one.")})
    return chosen


def _checked_share(person: Person, share_with: Group | None, home: Group) -> None:
    if share_with is None:
        return
    if share_with.pk == home.pk:
        raise ValidationError(
            {"share_with": _("Your check-in is posted in %(group)s already.") % {"group": home}}
        )
    if not permissions.can_post_in_group(person, share_with):
        raise ValidationError({"share_with": _("Choose a group you can post in.")})


@transaction.atomic
def submit_checkin(
    *,
    person: Person,
    week: date | None = None,
    did: str,
    doing: str,
    need_help: str,
    share_with: Group | None = None,
) -> CheckIn:
    """Post this week's check-in, or edit it (and its post) when it exists already.

    It is posted in the person's unit group (a leader's: the highest unit they manage) and,
    when `share_with` is given, shared into that group too.
    """
    if not checkin_permissions.can_check_in(person):
        raise PermissionDenied
    week = _checked_week(week)
    did, doing, need_help = _clean_answers(did, doing, need_help)
    home = selectors.checkin_group(person)
    if home is None:
        raise ValidationError(
            _("You need to belong to a unit to check in. Ask an admin to add you to one.")
        )
    _checked_share(person, share_with, home)
    body = checkin_body(did=did, doing=doing, need_help=need_help)
    title = checkin_title(week)
    checkin = (
        CheckIn.objects.select_for_update()
        .select_related("post")
        .filter(person=person, week=week)
        .first()
    )
    if checkin is None:
        checkin = _create(person, week, (did, doing, need_help), home, body, title)
    else:
        _update(checkin, (did, doing, need_help), home, body, title)
    if share_with is not None and share_with.pk != checkin.shared_with_id:
        share_post(
            person=person,
            post=checkin.post,
            group=share_with,
            comment=_("My Working Out Loud check-in for week %(number)s.")
            % {"number": week_number(week)},
        )
        checkin.shared_with = share_with
        checkin.save(update_fields=["shared_with"])
    return checkin


def _create(
    person: Person,
    week: date,
    answers: tuple[str, str, str],
    home: Group,
    body: str,
    title: str,
) -> CheckIn:
    did, doing, need_help = answers
    try:
        with transaction.atomic():
            post = publish_post(author=person, body=body, group=home, title=title)
            return CheckIn.objects.create(
                person=person, week=week, did=did, doing=doing, need_help=need_help, post=post
            )
    except IntegrityError as exc:
        # Two tabs submitting at once: the other one won; its check-in stands.
        raise ValidationError(
            _("You checked in for this week a moment ago. Reload the page to edit it.")
        ) from exc


def _update(
    checkin: CheckIn, answers: tuple[str, str, str], home: Group, body: str, title: str
) -> None:
    person: Person = checkin.person  # type: ignore[assignment]
    post = checkin.post
    if post.deleted_at is None:
        edit_post(actor=person, post=post, body=body, title=title)
    else:
        # The person deleted the post; editing the check-in puts it back as a new post.
        checkin.post = publish_post(author=person, body=body, group=home, title=title)
    checkin.did, checkin.doing, checkin.need_help = answers
    checkin.updated_at = timezone.now()
    checkin.save(update_fields=["did", "doing", "need_help", "post", "updated_at"])


@transaction.atomic
def set_reminder_day(
    *, actor: Person, unit: OrgUnit, weekday: int, enabled: bool
) -> UnitCheckinSettings:
    """Choose the day (0 = Monday) a unit's people are reminded to check in, or switch it off."""
    if not checkin_permissions.can_manage_round(actor, unit):
        raise PermissionDenied
    if weekday not in Weekday.values:
        raise ValidationError({"reminder_weekday": _("Choose a day of the week.")})
    found, _created = UnitCheckinSettings.objects.update_or_create(
        unit=unit,
        defaults={
            "reminder_weekday": weekday,
            "reminders_enabled": enabled,
            "updated_at": timezone.now(),
        },
    )
    return found


# --- Reminders ------------------------------------------------------------------------------


def people_to_remind(now: datetime) -> QuerySet[Person]:
    """Active people whose unit's reminder day is today and who have neither checked in this
    week nor been reminded for it yet."""
    local = timezone.localtime(now)
    week = week_start(local.date())
    due = Q(
        primary_unit__checkin_settings__reminder_weekday=local.weekday(),
        primary_unit__checkin_settings__reminders_enabled=True,
    )
    if local.weekday() == Weekday.MONDAY:
        due |= Q(primary_unit__checkin_settings__isnull=True)
    checked_in = CheckIn.objects.filter(person=OuterRef("pk"), week=week)
    reminded = Notification.objects.filter(
        recipient=OuterRef("pk"),
        kind=Kind.CHECKIN_REMINDER,
        target_type=REMINDER_TARGET,
        target_id=week_key(week),
    )
    return (
        Person.objects.filter(is_active=True, primary_unit__isnull=False)
        .filter(due)
        .exclude(Exists(checked_in))
        .exclude(Exists(reminded))
    )


def send_checkin_reminders(*, now: datetime) -> int:
    """Remind everyone due today (see people_to_remind), in chunks; returns how many.

    Idempotent: a second run on the same day, or a later day of the same week, reminds nobody
    twice. Each chunk commits on its own, so a failure half-way keeps what was sent.
    """
    week = week_start(timezone.localtime(now).date())
    sent = 0
    after = 0
    while True:
        ids = list(
            people_to_remind(now)
            .filter(pk__gt=after)
            .order_by("pk")
            .values_list("pk", flat=True)[:REMINDER_CHUNK]
        )
        if not ids:
            return sent
        after = ids[-1]
        sent += _remind(ids, week)


@transaction.atomic
def _remind(person_ids: list[int], week: date) -> int:
    sent = 0
    for person in Person.objects.filter(pk__in=person_ids).order_by("pk"):
        if not checkin_permissions.can_check_in(person):
            continue
        created = notify(
            recipient=person,
            kind=Kind.CHECKIN_REMINDER,
            target_type=REMINDER_TARGET,
            target_id=week_key(week),
        )
        sent += created is not None
    return sent


def enqueue_due_reminders(now: datetime) -> bool:
    """The clock job: once a day, at TOWNHALL_DIGEST_HOUR, queue the reminder run."""
    from townhall.checkins import tasks

    local = timezone.localtime(now)
    if local.hour < settings.TOWNHALL_DIGEST_HOUR:
        return False
    if not claim_period(REMINDER_JOB, local.date().isoformat()):
        return False
    tasks.send_checkin_reminders.enqueue(now=now.isoformat())
    return True
