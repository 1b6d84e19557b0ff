"""Reminders: on the unit's day, after the digest hour, once per person per week."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings

from tests.checkins.conftest import answers
from tests.factories import PersonFactory
from townhall.checkins import services
from townhall.checkins.services import (
    REMINDER_TARGET,
    enqueue_due_reminders,
    send_checkin_reminders,
    set_reminder_day,
    submit_checkin,
)
from townhall.checkins.weeks import current_week
from townhall.notifications.models import Kind, Notification
from townhall.notifications.selectors import describe
from townhall.notifications.services import update_preferences

pytestmark = pytest.mark.django_db


MONDAY, THURSDAY, NEXT_MONDAY = 0, 3, 7
WEEK_NUMBER = current_week().isocalendar()[1]


def _at(day: int, hour: int = 8) -> datetime:
    """`day` days after this week's Monday (this week: check-ins are for this week)."""
    when = datetime.combine(current_week() + timedelta(days=day), time(hour, 5))
    return when.replace(tzinfo=ZoneInfo(django_settings.TIME_ZONE))


def _reminded() -> set[int]:
    return set(
        Notification.objects.filter(kind=Kind.CHECKIN_REMINDER).values_list(
            "recipient_id", flat=True
        )
    )


def test_nothing_is_queued_before_the_digest_hour(settings, owner):
    settings.TOWNHALL_DIGEST_HOUR = 7
    assert enqueue_due_reminders(_at(MONDAY, hour=6)) is False


def test_the_clock_job_queues_the_run_once_a_day(settings, owner):
    settings.TOWNHALL_DIGEST_HOUR = 7
    assert enqueue_due_reminders(_at(MONDAY, hour=7)) is True
    assert enqueue_due_reminders(_at(MONDAY, hour=9)) is False  # another process, same day
    assert enqueue_due_reminders(_at(MONDAY + 1, hour=7)) is True  # the next day


def test_people_who_have_not_checked_in_are_reminded_on_monday(
    settings, run_tasks, owner, member, lead
):
    settings.TOWNHALL_DIGEST_HOUR = 7
    enqueue_due_reminders(_at(MONDAY))
    run_tasks()
    assert {owner.pk, member.pk, lead.pk} <= _reminded()


def test_people_who_checked_in_this_week_are_not_reminded(owner, member):
    submit_checkin(person=owner, **answers())
    send_checkin_reminders(now=_at(MONDAY))
    assert owner.pk not in _reminded()
    assert member.pk in _reminded()


def test_nobody_is_reminded_on_a_day_no_unit_chose(owner):
    assert send_checkin_reminders(now=_at(THURSDAY)) == 0


def test_a_unit_is_reminded_on_the_day_its_manager_chose(lead, sales, owner, outsider):
    set_reminder_day(actor=lead, unit=sales, weekday=3, enabled=True)
    send_checkin_reminders(now=_at(MONDAY))
    assert owner.pk not in _reminded()  # not on Monday any more
    assert outsider.pk in _reminded()  # Engineering keeps the Monday default
    send_checkin_reminders(now=_at(THURSDAY))
    assert owner.pk in _reminded()


def test_a_unit_with_reminders_off_is_not_reminded(lead, sales, owner):
    set_reminder_day(actor=lead, unit=sales, weekday=0, enabled=False)
    send_checkin_reminders(now=_at(MONDAY))
    assert owner.pk not in _reminded()


def test_a_second_run_in_the_same_week_reminds_nobody_twice(owner, member):
    assert send_checkin_reminders(now=_at(MONDAY)) >= 2
    assert send_checkin_reminders(now=_at(MONDAY, hour=15)) == 0
    assert Notification.objects.filter(recipient=owner).count() == 1


def test_the_next_week_reminds_again(owner):
    send_checkin_reminders(now=_at(MONDAY))
    send_checkin_reminders(now=_at(NEXT_MONDAY))
    assert Notification.objects.filter(recipient=owner, kind=Kind.CHECKIN_REMINDER).count() == 2


def test_inactive_people_and_people_in_no_unit_are_not_reminded(owner, member):
    loner = PersonFactory(first_name="Lone")
    member.is_active = False
    member.save(update_fields=["is_active"])
    send_checkin_reminders(now=_at(MONDAY))
    assert loner.pk not in _reminded()
    assert member.pk not in _reminded()
    assert owner.pk in _reminded()


def test_a_large_unit_is_reminded_in_chunks(monkeypatch, sales, owner):
    monkeypatch.setattr(services, "REMINDER_CHUNK", 2)
    team = [PersonFactory(primary_unit=sales) for _ in range(5)]
    send_checkin_reminders(now=_at(MONDAY))
    assert {p.pk for p in team} <= _reminded()


def test_reminder_email_goes_out_when_the_person_wants_it_right_away(
    smtp_server, run_tasks, commit, owner
):
    update_preferences(person=owner, email={Kind.CHECKIN_REMINDER: "immediate"})
    with commit():
        send_checkin_reminders(now=_at(MONDAY))
    run_tasks()
    mails = [m for m in smtp_server.messages if owner.email in m["To"]]
    assert len(mails) == 1
    assert f"check-in for week {WEEK_NUMBER}" in mails[0]["Subject"]


def test_reminder_waits_for_the_digest_by_default(smtp_server, run_tasks, commit, owner):
    with commit():
        send_checkin_reminders(now=_at(MONDAY))
    run_tasks()
    assert not [m for m in smtp_server.messages if owner.email in m["To"]]


def test_reminder_reads_as_a_link_to_my_checkin(owner):
    send_checkin_reminders(now=_at(MONDAY))
    notification = Notification.objects.get(recipient=owner)
    assert notification.target_type == REMINDER_TARGET
    entry = describe(notification, owner)
    assert entry.accessible
    assert entry.url == "/checkins/"
    assert f"week {WEEK_NUMBER}" in entry.text


def test_someone_elses_reminder_does_not_read_for_me(owner, outsider):
    send_checkin_reminders(now=_at(MONDAY))
    notification = Notification.objects.get(recipient=owner)
    assert not describe(notification, outsider).accessible
