"""After the session: the clock job, the summary post, and the host's calendar invite by email."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from django.core.exceptions import ValidationError
from freezegun import freeze_time
from icalendar import Calendar

from tests.openhours.conftest import ask
from townhall.conversations.models import Post
from townhall.notifications.scheduler import run_clock_jobs
from townhall.openhours import services
from townhall.openhours.models import OpenHour, Recurrence

pytestmark = pytest.mark.django_db


def _ended_session_with_answers(leader, member, owner, asker, community_manager, live_session):
    answered = ask(member, live_session, "Will we hire in Q3?")
    services.answer_question(actor=leader, question=answered, body="Yes, ten engineers.")
    ask(owner, live_session, "Office dogs?")
    anonymous = ask(asker, live_session, "Is the reorg real?", anonymous=True)
    services.screen_question(actor=community_manager, question=anonymous, approve=True)
    services.answer_question(actor=leader, question=anonymous, body="No reorg planned.")
    return live_session


def test_clock_job_publishes_the_summary_after_the_session(
    leader, member, owner, asker, community_manager, live_session, run_tasks
):
    session = _ended_session_with_answers(
        leader, member, owner, asker, community_manager, live_session
    )
    with freeze_time(session.ends_at + services.SUMMARY_DELAY + timedelta(minutes=1)):
        run_clock_jobs()
        run_tasks()
    session.refresh_from_db()
    post = session.summary_post
    assert post is not None and post.author == leader and post.group == session.audience
    assert "Will we hire in Q3?" in post.body and "Yes, ten engineers." in post.body
    assert "No reorg planned." in post.body
    assert "Still unanswered: 1" in post.body


def test_summary_never_names_who_asked(
    leader, member, owner, asker, community_manager, live_session
):
    session = _ended_session_with_answers(
        leader, member, owner, asker, community_manager, live_session
    )
    with freeze_time(session.ends_at + timedelta(minutes=10)):
        post = services.publish_summary(open_hour=session)
    assert post is not None
    for person in (asker, member, owner):
        assert person.first_name not in post.body_html and person.last_name not in post.body_html


def test_clock_job_waits_until_shortly_after_the_end(leader, member, live_session, run_tasks):
    ask(member, live_session)
    with freeze_time(live_session.ends_at + timedelta(minutes=1)):
        run_clock_jobs()
        run_tasks()
    live_session.refresh_from_db()
    assert live_session.summary_post is None


def test_summary_is_published_once(leader, member, live_session, run_tasks):
    ask(member, live_session)
    moment = live_session.ends_at + timedelta(minutes=30)
    with freeze_time(moment):
        first = services.publish_summary(open_hour=live_session)
        again = services.publish_summary(open_hour=live_session)
        assert services.enqueue_due_summaries(moment) == []
    assert first == again
    assert Post.objects.filter(title__startswith="Open hour summary").count() == 1


def test_clock_job_enqueues_once_per_hour(member, live_session):
    ask(member, live_session)
    moment = live_session.ends_at + timedelta(minutes=10)
    assert services.enqueue_due_summaries(moment) == [live_session.pk]
    assert services.enqueue_due_summaries(moment + timedelta(seconds=30)) == []


def test_session_without_questions_gets_no_post(live_session):
    with freeze_time(live_session.ends_at + timedelta(minutes=10)):
        assert services.publish_summary(open_hour=live_session) is None
    live_session.refresh_from_db()
    assert live_session.summarised_at is not None and not Post.objects.exists()


def test_no_summary_before_the_session_ends(member, live_session):
    ask(member, live_session)
    with pytest.raises(ValidationError):
        services.publish_summary(open_hour=live_session)


def test_summary_mentions_nobody_again(leader, member, owner, live_session):
    question = ask(member, live_session, f"Can @{owner.handle} join?")
    services.answer_question(actor=leader, question=question, body=f"Sure, @{owner.handle}!")
    with freeze_time(live_session.ends_at + timedelta(minutes=10)):
        post = services.publish_summary(open_hour=live_session)
    assert post is not None and not post.mentions.exists()


# --- The host's invite and the .ics ---------------------------------------------------------


def _ics(message) -> Calendar:
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    return Calendar.from_ical(part.get_payload(decode=True))


def test_host_gets_the_ics_invite_by_email(leader, schedule, commit, smtp_server, run_tasks):
    with commit():
        open_hour = schedule(title="Ask Lena")
    run_tasks()
    [message] = smtp_server.messages
    assert message["To"] == leader.email
    assert "Ask Lena" in message["Subject"]
    [event] = _ics(message).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Ask Lena"
    assert event.decoded("DTSTART") == open_hour.starts_at.astimezone(UTC)
    assert event["DTSTART"].to_ical().endswith(b"Z")  # written in UTC
    assert event["DTEND"].to_ical().endswith(b"Z")
    assert str(event["ORGANIZER"]) == f"mailto:{leader.email}"
    assert open_hour.get_absolute_url() in str(event["DESCRIPTION"])


def test_series_invite_carries_the_recurrence_rule(
    leader, schedule, commit, smtp_server, run_tasks
):
    with commit():
        schedule(recurrence=Recurrence.BIWEEKLY, occurrences=5)
    run_tasks()
    [event] = _ics(smtp_server.messages[0]).walk("VEVENT")
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["INTERVAL"] == [2] and rule["COUNT"] == [5]


def test_a_new_time_resends_the_invite_with_a_higher_sequence(
    leader, schedule, commit, smtp_server, run_tasks
):
    with commit():
        open_hour = schedule()
    run_tasks()
    later = open_hour.starts_at + timedelta(hours=2)
    with commit():
        services.update_open_hour(
            actor=leader, open_hour=open_hour, starts_at=later, ends_at=later + timedelta(hours=1)
        )
    run_tasks()
    events = [next(iter(_ics(m).walk("VEVENT"))) for m in smtp_server.messages]
    assert sorted(int(e["SEQUENCE"]) for e in events) == [0, 1]
    assert len({str(e["UID"]) for e in events}) == 1


def test_cancelled_session_sends_no_invite(leader, schedule, commit, smtp_server, run_tasks):
    with commit():
        open_hour = schedule()
        services.cancel_open_hour(actor=leader, open_hour=open_hour)
    run_tasks()
    assert smtp_server.messages == []


def test_series_calendar_lists_cancelled_sessions_as_exceptions(leader, schedule):
    from townhall.openhours.calendar import calendar_for

    first = schedule(recurrence=Recurrence.WEEKLY, occurrences=3)
    second = OpenHour.objects.filter(series_id=first.series_id).order_by("starts_at")[1]
    services.cancel_open_hour(actor=leader, open_hour=second)
    cal = Calendar.from_ical(calendar_for(first, series_rest=services.series_rest(first)))
    [event] = cal.walk("VEVENT")
    assert event["EXDATE"].dts[0].dt == second.starts_at.astimezone(UTC)
