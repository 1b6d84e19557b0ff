"""Responsiveness: mentions of a leader by others, and how soon the leader commented after."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from freezegun import freeze_time

from tests.factories import PersonFactory
from townhall.conversations.services import add_comment, publish_post
from townhall.leadership.selectors import responsiveness, responsiveness_for_many

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _ask(author, leader, *, at, kind="question", group=None):
    with freeze_time(at):
        return publish_post(
            author=author, body=f"@{leader.handle} what do you think?", kind=kind, group=group
        )


def _reply(leader, post, *, at):
    with freeze_time(at):
        return add_comment(author=leader, post=post, body="Good question, here is my answer.")


def test_nothing_addressed_gives_no_median_and_no_share(leader):
    result = responsiveness(leader, now=START)
    assert (result.asked, result.answered) == (0, 0)
    assert result.median_first_reply_seconds is None
    assert result.answered_share is None


def test_question_mentioning_leader_counts_as_asked_but_not_answered(leader, member):
    _ask(member, leader, at=START)
    result = responsiveness(leader, now=START + timedelta(days=1))
    assert (result.asked, result.answered, result.answered_share) == (1, 0, 0.0)


def test_leader_comment_after_the_question_is_the_first_reply(leader, member):
    post = _ask(member, leader, at=START)
    _reply(leader, post, at=START + timedelta(hours=3))
    _reply(leader, post, at=START + timedelta(hours=9))
    result = responsiveness(leader, now=START + timedelta(days=1))
    assert result.answered == 1
    assert result.median_first_reply_seconds == 3 * 3600
    assert result.answered_share == 1.0


def test_median_is_taken_over_answered_items(leader, member):
    waits = [1, 2, 10]
    for n, hours in enumerate(waits):
        post = _ask(member, leader, at=START + timedelta(days=n))
        _reply(leader, post, at=START + timedelta(days=n, hours=hours))
    _ask(member, leader, at=START + timedelta(days=5))
    result = responsiveness(leader, now=START + timedelta(days=6))
    assert (result.asked, result.answered) == (4, 3)
    assert result.median_first_reply_seconds == 2 * 3600
    assert result.answered_share == 0.75


def test_a_comment_mentioning_the_leader_is_answered_by_a_later_leader_comment(
    leader, member, owner
):
    with freeze_time(START):
        post = publish_post(author=owner, body="Lunch menu for next week")
    with freeze_time(START + timedelta(hours=1)):
        add_comment(author=member, post=post, body=f"@{leader.handle} can we get soup?")
    _reply(leader, post, at=START + timedelta(hours=2))
    result = responsiveness(leader, now=START + timedelta(days=1))
    assert (result.asked, result.answered) == (1, 1)
    assert result.median_first_reply_seconds == 3600


def test_a_leader_comment_before_the_mention_does_not_answer_it(leader, member, owner):
    with freeze_time(START):
        post = publish_post(author=owner, body="Lunch menu for next week")
    _reply(leader, post, at=START + timedelta(minutes=5))
    with freeze_time(START + timedelta(hours=1)):
        add_comment(author=member, post=post, body=f"@{leader.handle} can we get soup?")
    result = responsiveness(leader, now=START + timedelta(days=1))
    assert (result.asked, result.answered) == (1, 0)


def test_the_leader_mentioning_themselves_is_not_a_question_to_them(leader):
    _ask(leader, leader, at=START, kind="update")
    assert responsiveness(leader, now=START + timedelta(days=1)).asked == 0


def test_mentions_older_than_the_window_are_ignored(leader, member):
    _ask(member, leader, at=START)
    assert responsiveness(leader, now=START + timedelta(days=31)).asked == 0
    assert responsiveness(leader, days=60, now=START + timedelta(days=31)).asked == 1


def test_a_mention_in_a_group_the_leader_cannot_read_does_not_count(leader, member, private_group):
    _ask(member, leader, at=START, group=private_group)
    assert responsiveness(leader, now=START + timedelta(days=1)).asked == 0


def test_a_deleted_question_does_not_count(leader, member):
    from townhall.conversations.services import delete_post

    post = _ask(member, leader, at=START)
    delete_post(actor=member, post=post)
    assert responsiveness(leader, now=START + timedelta(days=1)).asked == 0


@pytest.mark.django_db
def test_bulk_responsiveness_takes_a_fixed_number_of_queries(
    company, member, django_assert_max_num_queries
):
    leaders = [PersonFactory(roles=["leader"], primary_unit=company) for _ in range(30)]
    for leader in leaders[:10]:
        post = _ask(member, leader, at=START)
        _reply(leader, post, at=START + timedelta(hours=1))
    with django_assert_max_num_queries(3):
        result = responsiveness_for_many(leaders, now=START + timedelta(days=1))
    assert sum(r.answered for r in result.values()) == 10
    assert result[leaders[0].pk].median_first_reply_seconds == 3600
