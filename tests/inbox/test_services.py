"""Snoozing, delegating, answering and closing inbox items, through the services."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from townhall.conversations.models import Comment, Mention
from townhall.conversations.services import publish_post
from townhall.inbox import services
from townhall.inbox.models import Delegation
from townhall.inbox.selectors import access_item, inbox_for, leader_inbox


def _question(author, leader, text="How do we plan the Q3 roadmap?", **kw):
    return publish_post(author=author, kind="question", body=f"@{leader.handle} {text}", **kw)


def _item(leader, post, item_type="question"):
    return access_item(leader, item_type, f"post-{post.pk}")


# --- Snooze ------------------------------------------------------------------------------------


def test_a_snoozed_item_leaves_the_inbox(leader, member):
    post = _question(member, leader)
    until = services.snooze_until(choice="tomorrow")
    services.snooze_item(person=leader, item=_item(leader, post), until=until)
    assert inbox_for(leader) == []


def test_a_snoozed_item_comes_back_when_the_snooze_ends(leader, member):
    post = _question(member, leader)
    until = services.snooze_until(choice="tomorrow")
    services.snooze_item(person=leader, item=_item(leader, post), until=until)
    assert [i.key for i in inbox_for(leader, now=until + timedelta(minutes=1))] == [
        f"post-{post.pk}"
    ]


def test_snoozing_again_moves_the_date(leader, member):
    post = _question(member, leader)
    item = _item(leader, post)
    services.snooze_item(person=leader, item=item, until=services.snooze_until(choice="tomorrow"))
    later = services.snooze_until(choice="next_week")
    snooze = services.snooze_item(person=leader, item=_item(leader, post), until=later)
    assert snooze.until == later
    assert leader.inbox_snoozes.count() == 1


def test_next_week_means_next_monday_morning(settings):
    wednesday = timezone.make_aware(timezone.datetime(2030, 5, 15, 15, 0))
    until = timezone.localtime(services.snooze_until(choice="next_week", now=wednesday))
    assert until.date() == date(2030, 5, 20)
    assert until.hour == settings.TOWNHALL_DIGEST_HOUR


def test_a_snooze_date_in_the_past_is_refused():
    with pytest.raises(ValidationError) as error:
        services.snooze_until(choice="date", on=timezone.localdate() - timedelta(days=1))
    assert "date" in error.value.error_dict


def test_a_snooze_without_a_date_is_refused():
    with pytest.raises(ValidationError):
        services.snooze_until(choice="date", on=None)


# --- Delegate ------------------------------------------------------------------------------------


def test_delegating_posts_a_comment_mentioning_the_delegate(leader, member, engineer):
    post = _question(member, leader)
    services.delegate_item(
        actor=leader, item=_item(leader, post), to=f"@{engineer.handle}", note="You built it."
    )
    comment = Comment.objects.get(post=post, author=leader)
    assert comment.body == f"@{engineer.handle} could you take this?\n\nYou built it."
    assert Mention.objects.filter(comment=comment, person=engineer).exists()


def test_a_delegated_item_is_handled_and_listed_as_delegated(leader, member, engineer):
    post = _question(member, leader)
    services.delegate_item(actor=leader, item=_item(leader, post), to=engineer.handle)
    inbox = leader_inbox(leader)
    assert inbox.items == []
    [delegated] = inbox.delegated
    assert delegated.delegated_to == engineer
    assert delegated.key == f"post-{post.pk}"


def test_delegated_items_are_listed_for_seven_days(leader, member, engineer):
    post = _question(member, leader)
    services.delegate_item(actor=leader, item=_item(leader, post), to=engineer.handle)
    inbox = leader_inbox(leader, now=timezone.now() + timedelta(days=8))
    assert inbox.items == [] and inbox.delegated == []


def test_delegating_a_problem_keeps_it_out_of_the_inbox_while_it_is_open(
    leader, engineer, member, platform
):
    from townhall.problems.services import create_problem

    problem = create_problem(author=engineer, title="CI is flaky", body="Builds fail.")
    item = access_item(leader, "problem", f"problem-{problem.pk}")
    services.delegate_item(actor=leader, item=item, to=member.handle)
    assert inbox_for(leader) == []
    assert Delegation.objects.get(person=leader).item_key == f"problem-{problem.pk}"


def test_delegating_to_an_unknown_handle_is_refused_and_changes_nothing(leader, member):
    post = _question(member, leader)
    with pytest.raises(ValidationError) as error:
        services.delegate_item(actor=leader, item=_item(leader, post), to="@nobody-here")
    assert "to" in error.value.error_dict
    assert not Comment.objects.filter(post=post).exists()


def test_delegating_to_oneself_is_refused(leader, member):
    post = _question(member, leader)
    with pytest.raises(ValidationError):
        services.delegate_item(actor=leader, item=_item(leader, post), to=leader.handle)


def test_delegating_to_someone_who_cannot_read_the_post_is_refused(
    leader, member, outsider, owner, private_group
):
    from townhall.groups.services import answer_group_invitation, invite_to_group

    invitation = invite_to_group(actor=owner, group=private_group, person=leader)
    answer_group_invitation(person=leader, invitation=invitation, accept=True)
    post = _question(member, leader, group=private_group)
    with pytest.raises(ValidationError) as error:
        services.delegate_item(actor=leader, item=_item(leader, post), to=outsider.handle)
    assert "cannot read this post" in error.value.error_dict["to"][0].messages[0]
    assert not Delegation.objects.exists()


# --- Answer and close ------------------------------------------------------------------------


def test_answering_a_question_comments_on_its_post(leader, member):
    post = _question(member, leader)
    services.answer_item(actor=leader, item=_item(leader, post), body="Monday at ten.")
    assert Comment.objects.get(post=post).body == "Monday at ten."
    assert inbox_for(leader) == []


def test_an_empty_answer_is_refused(leader, member):
    post = _question(member, leader)
    with pytest.raises(ValidationError):
        services.answer_item(actor=leader, item=_item(leader, post), body="   ")


def _open_hour_question(leader, member):
    from townhall.openhours.services import ask_question, schedule_open_hour

    start = timezone.now() + timedelta(days=1)
    hour = schedule_open_hour(
        actor=leader,
        host=leader,
        title="Ask Dana",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )
    return ask_question(author=member, open_hour=hour, text="Will we hire in Q3?")


def test_answering_an_open_hour_question_answers_it_in_the_open_hour(leader, member):
    question = _open_hour_question(leader, member)
    item = access_item(leader, "question", f"openhour-{question.pk}")
    services.answer_item(actor=leader, item=item, body="Yes, three people.")
    question.refresh_from_db()
    assert question.status == "answered"
    assert question.answer == "Yes, three people."
    assert inbox_for(leader) == []


def test_closing_an_open_hour_question_takes_it_off_the_inbox(leader, member):
    question = _open_hour_question(leader, member)
    item = access_item(leader, "question", f"openhour-{question.pk}")
    services.close_item(actor=leader, item=item, reason="Answered in the all-hands.")
    question.refresh_from_db()
    assert question.status == "closed"
    assert inbox_for(leader) == []


def test_only_open_hour_questions_can_be_closed(leader, member):
    post = _question(member, leader)
    with pytest.raises(ValidationError):
        services.close_item(actor=leader, item=_item(leader, post), reason="No.")


def test_someone_without_an_inbox_cannot_act(leader, member):
    post = _question(member, leader)
    with pytest.raises(PermissionDenied):
        services.answer_item(actor=member, item=_item(leader, post), body="Me!")
