"""The checkins part of the demo organisation, built through the real services.

Three weeks of Working Out Loud check-ins for a few units: not everyone posts every week,
the CEO does, and one person's "where I need help" gets a reply from a colleague.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.test import override_settings
from django.utils import timezone, translation

from townhall.checkins import demo_data
from townhall.checkins.models import CheckIn
from townhall.checkins.services import submit_checkin
from townhall.checkins.weeks import current_week
from townhall.conversations.demo import HOME_ZONE, rate_limits_for_demo
from townhall.conversations.models import Post
from townhall.conversations.services import add_comment
from townhall.people.demo import DemoConfig, DemoOrganisation
from townhall.people.models import Person

WEEKS = 3
POSTING_SHARE = 0.7
HELP_SHARE = 0.35


def _language(person: Person) -> str:
    return person.preferred_language if person.preferred_language in ("nl", "sv") else "en"


def _answers(rng: random.Random, person: Person) -> tuple[str, str, str]:
    language = _language(person)
    did = rng.choice(demo_data.DID[language])
    doing = rng.choice(demo_data.DOING[language])
    need_help = rng.choice(demo_data.NEED_HELP[language]) if rng.random() < HELP_SHARE else ""
    return did, doing, need_help


def _when(rng: random.Random, week: date) -> datetime:
    """Monday or Tuesday morning of the week, never later than now."""
    day = week + timedelta(days=rng.choice((0, 0, 1)))
    moment = datetime.combine(day, time(rng.choice((8, 9, 10)), rng.randrange(60)), HOME_ZONE)
    return min(moment, timezone.now() - timedelta(minutes=5))


def _check_in(
    rng: random.Random, person: Person, week: date, answers: tuple[str, str, str]
) -> CheckIn:
    did, doing, need_help = answers
    with translation.override(_language(person)):
        checkin = submit_checkin(
            person=person, week=week, did=did, doing=doing, need_help=need_help
        )
    when = _when(rng, week)
    # History, not news: the posts sit at the time they were written in the story.
    Post.objects.filter(pk=checkin.post_id).update(created_at=when)
    CheckIn.objects.filter(pk=checkin.pk).update(created_at=when, updated_at=when)
    return checkin


def _reply_to_one_call_for_help(rng: random.Random, checkins: list[CheckIn]) -> int:
    asking = [c for c in checkins if c.need_help and c.person.primary_unit is not None]
    if not asking:
        return 0
    checkin = asking[0]
    unit = checkin.person.primary_unit
    colleagues = [
        p
        for p in Person.objects.filter(primary_unit=unit, is_active=True).order_by("pk")
        if p.pk != checkin.person_id
    ]
    if not colleagues:
        return 0
    add_comment(
        author=rng.choice(colleagues),
        post=checkin.post,
        body=rng.choice(demo_data.HELP_REPLIES),
    )
    return 1


def _history_is_not_news() -> None:
    from townhall.notifications.models import Notification

    Notification.objects.filter(emailed_at__isnull=True).update(emailed_at=timezone.now())


def build_demo(org: DemoOrganisation, config: DemoConfig) -> str:
    """Write this app's demo content; returns a one-line summary for `townhall demo` (or "")."""
    rng = random.Random(f"{config.seed}:checkins")  # noqa: S311 - not for secrets
    this_week = current_week()
    weeks = [this_week - timedelta(days=7 * n) for n in reversed(range(WEEKS))]
    units = [u for u in org.units if u.name in demo_data.UNITS]
    written: list[CheckIn] = []
    with override_settings(TOWNHALL_RATE_LIMITS=rate_limits_for_demo()), transaction.atomic():
        ceo = org.company.manager
        for index, week in enumerate(weeks):
            if ceo is not None:
                written.append(_check_in(rng, ceo, week, demo_data.CEO_WEEKS[index % 3]))
            for unit in units:
                people = Person.objects.filter(primary_unit=unit, is_active=True).order_by("pk")
                for person in people:
                    if person.pk == unit.manager_id or rng.random() < POSTING_SHARE:
                        written.append(_check_in(rng, person, week, _answers(rng, person)))
        replies = _reply_to_one_call_for_help(rng, written[1:])
        # After the listeners' own after-commit callbacks: the reply is history, not an email.
        transaction.on_commit(_history_is_not_news)
    helped = sum(1 for c in written if c.need_help)
    return (
        f"{len(written)} Working Out Loud check-ins over {WEEKS} weeks in {len(units) + 1} "
        f"units ({helped} asking for help, {replies} answered)"
    )
