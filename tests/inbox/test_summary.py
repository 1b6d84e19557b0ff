"""The daily summary email: when it leaves, to whom, what it says, and the opt-out."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from townhall.conversations.services import publish_post
from townhall.inbox.models import InboxSettings
from townhall.inbox.services import enqueue_daily_summaries, send_daily_summary, update_settings
from townhall.people.services import set_preferred_language


def _question(author, leader, text="How do we plan the Q3 roadmap?", **kw):
    return publish_post(author=author, kind="question", body=f"@{leader.handle} {text}", **kw)


def _at_hour(settings, hour_offset: int) -> datetime:
    today = timezone.localdate()
    zone = timezone.get_current_timezone()
    moment = datetime(
        today.year, today.month, today.day, settings.TOWNHALL_DIGEST_HOUR, tzinfo=zone
    )
    return moment + timedelta(hours=hour_offset)


@pytest.fixture
def after_digest_hour(settings):
    return _at_hour(settings, 1)


def test_the_clock_job_sends_a_leader_their_summary(
    leader, member, smtp_server, run_tasks, after_digest_hour
):
    _question(member, leader)
    assert enqueue_daily_summaries(after_digest_hour) is True
    run_tasks()
    [message] = smtp_server.messages
    assert message["To"] == leader.email
    assert message["Subject"] == "1 thing needs you in Townhall"
    body = smtp_server.bodies()[0]
    assert "How do we plan the Q3 roadmap?" in body
    assert "Question: 1" in body
    assert "/inbox/" in body


def test_the_clock_job_waits_for_the_digest_hour(leader, member, settings):
    _question(member, leader)
    assert enqueue_daily_summaries(_at_hour(settings, -1)) is False


def test_the_clock_job_enqueues_once_a_day(leader, after_digest_hour):
    assert enqueue_daily_summaries(after_digest_hour) is True
    assert enqueue_daily_summaries(after_digest_hour + timedelta(minutes=1)) is False


def test_no_summary_for_an_empty_inbox(leader, smtp_server):
    assert send_daily_summary(person=leader) is False
    assert smtp_server.messages == []


def test_a_leader_gets_one_summary_a_day(leader, member, smtp_server):
    _question(member, leader)
    assert send_daily_summary(person=leader) is True
    assert send_daily_summary(person=leader) is False
    assert len(smtp_server.messages) == 1


def test_no_summary_after_opting_out(leader, member, smtp_server):
    _question(member, leader)
    update_settings(person=leader, daily_summary=False)
    assert send_daily_summary(person=leader) is False
    assert smtp_server.messages == []


def test_the_summary_is_in_the_leaders_language(leader, member, smtp_server):
    set_preferred_language(person=leader, language="nl")
    _question(member, leader)
    send_daily_summary(person=leader)
    [message] = smtp_server.messages
    assert message["Content-Language"] == "nl"


def test_the_summary_has_a_one_click_opt_out(leader, member, smtp_server, client):
    _question(member, leader)
    send_daily_summary(person=leader)
    [message] = smtp_server.messages
    one_click = message["List-Unsubscribe"].strip("<>")
    assert "/api/v1/inbox/opt-out/" in one_click
    response = client.post(one_click.split("://", 1)[1].split("/", 1)[1].join(["/", ""]))
    assert response.status_code == 200
    assert InboxSettings.objects.get(person=leader).daily_summary is False


def test_the_summary_never_carries_private_content(
    leader, member, engineer, private_group, smtp_server
):
    _question(member, leader, "Secret merger question?", group=private_group)
    _question(member, leader, "Open question?")
    send_daily_summary(person=leader)
    body = smtp_server.bodies()[0]
    assert "Open question?" in body
    assert "Secret merger" not in body


def test_non_leaders_get_no_summary(member, owner, smtp_server):
    publish_post(author=owner, kind="question", body=f"@{member.handle} a question?")
    assert send_daily_summary(person=member) is False
