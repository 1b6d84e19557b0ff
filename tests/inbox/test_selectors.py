"""What the leader inbox holds, in which order, and what it never shows."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tests.factories import PersonFactory
from townhall.conversations.services import (
    accept_answer,
    add_comment,
    publish_post,
    toggle_reaction,
)
from townhall.inbox.selectors import inbox_count, inbox_for, leader_inbox


def _keys(items):
    return [(i.type, i.key) for i in items]


def _question(author, leader, text="How do we plan the Q3 roadmap?", **kw):
    return publish_post(author=author, kind="question", body=f"@{leader.handle} {text}", **kw)


# --- Questions ---------------------------------------------------------------------------------


def test_question_mentioning_the_leader_is_a_question_item(leader, member):
    post = _question(member, leader)
    items = inbox_for(leader)
    assert _keys(items) == [("question", f"post-{post.pk}")]
    assert items[0].who == member.display_name
    assert items[0].actions == ("answer", "delegate", "snooze")


def test_question_answered_by_the_leader_leaves_the_inbox(leader, member):
    post = _question(member, leader)
    add_comment(author=leader, post=post, body="Let us meet on Monday.")
    assert inbox_for(leader) == []


def test_question_with_an_accepted_answer_leaves_the_inbox(leader, member, owner):
    post = _question(member, leader)
    answer = add_comment(author=owner, post=post, body="The roadmap is in the wiki.")
    accept_answer(actor=member, post=post, comment=answer)
    assert inbox_for(leader) == []


def test_question_older_than_thirty_days_is_not_shown(leader, member):
    _question(member, leader)
    assert inbox_for(leader, now=timezone.now() + timedelta(days=31)) == []


def test_open_hour_question_awaiting_the_host_is_a_question_item(leader, member):
    from townhall.openhours.services import ask_question, schedule_open_hour

    start = timezone.now() + timedelta(days=1)
    hour = schedule_open_hour(
        actor=leader,
        host=leader,
        title="Ask Dana",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )
    question = ask_question(author=member, open_hour=hour, text="Will we hire in Q3?")
    items = inbox_for(leader)
    assert _keys(items) == [("question", f"openhour-{question.pk}")]
    assert items[0].who == member.display_name
    assert items[0].where == "Open hour: Ask Dana"
    assert items[0].actions == ("answer", "close", "snooze")


def test_anonymous_open_hour_question_never_shows_its_author(leader, member, community_manager):
    from townhall.openhours.services import ask_question, schedule_open_hour, screen_question

    start = timezone.now() + timedelta(days=1)
    hour = schedule_open_hour(
        actor=leader,
        host=leader,
        title="Ask Dana",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )
    question = ask_question(author=member, open_hour=hour, text="Is the bonus cut?", anonymous=True)
    screen_question(actor=community_manager, question=question, approve=True)
    [item] = inbox_for(leader)
    assert item.who == ""
    assert member.display_name not in str(vars(item))


# --- Mentions ---------------------------------------------------------------------------------


def test_mention_in_a_comment_is_a_mention_item(leader, member, owner):
    post = publish_post(author=owner, body="Launch plan for the autumn.")
    comment = add_comment(author=member, post=post, body=f"@{leader.handle} can you sign this off?")
    [item] = inbox_for(leader)
    assert (item.type, item.key) == ("mention", f"post-{post.pk}")
    assert item.who == member.display_name
    assert item.url.endswith(f"#comment-{comment.pk}")


def test_mention_the_leader_reacted_to_afterwards_is_handled(leader, member):
    post = publish_post(author=member, body=f"Thanks @{leader.handle} for the offsite!")
    toggle_reaction(person=leader, post=post)
    assert inbox_for(leader) == []


def test_mention_the_leader_replied_to_afterwards_is_handled(leader, member):
    post = publish_post(author=member, body=f"Thanks @{leader.handle} for the offsite!")
    add_comment(author=leader, post=post, body="It was great.")
    assert inbox_for(leader) == []


def test_a_new_mention_after_the_leaders_reply_needs_them_again(leader, member, owner):
    post = publish_post(author=member, body=f"Thanks @{leader.handle} for the offsite!")
    add_comment(author=leader, post=post, body="It was great.")
    add_comment(author=owner, post=post, body=f"@{leader.handle} and next year?")
    assert _keys(inbox_for(leader)) == [("mention", f"post-{post.pk}")]


def test_mentions_older_than_fourteen_days_are_not_shown(leader, member):
    publish_post(author=member, body=f"Thanks @{leader.handle}!")
    assert inbox_for(leader, now=timezone.now() + timedelta(days=15)) == []


def test_several_mentions_on_one_post_are_one_item(leader, member, owner):
    post = publish_post(author=member, body=f"Hi @{leader.handle}")
    add_comment(author=owner, post=post, body=f"@{leader.handle} agreed")
    assert _keys(inbox_for(leader)) == [("mention", f"post-{post.pk}")]


# --- Quiet posts --------------------------------------------------------------------------------


def test_unanswered_post_in_the_leaders_subtree_is_quiet_after_48_hours(leader, engineer, later):
    post = publish_post(author=engineer, body="Shipped the new build pipeline.")
    assert _keys(inbox_for(leader, now=later)) == [("quiet_post", f"post-{post.pk}")]


def test_a_post_is_not_quiet_before_48_hours(leader, engineer):
    publish_post(author=engineer, body="Shipped the new build pipeline.")
    assert inbox_for(leader, now=timezone.now() + timedelta(hours=47)) == []


def test_a_reaction_from_someone_else_means_the_post_is_not_quiet(leader, engineer, member, later):
    post = publish_post(author=engineer, body="Shipped the new build pipeline.")
    toggle_reaction(person=member, post=post)
    assert inbox_for(leader, now=later) == []


def test_the_authors_own_comment_does_not_answer_their_post(leader, engineer, later):
    post = publish_post(author=engineer, body="Shipped the new build pipeline.")
    add_comment(author=engineer, post=post, body="PS: docs are in the wiki.")
    assert _keys(inbox_for(leader, now=later)) == [("quiet_post", f"post-{post.pk}")]


def test_posts_outside_the_leaders_units_are_not_quiet_posts(leader, seller, later):
    publish_post(author=seller, body="Closed a deal today.")
    assert inbox_for(leader, now=later) == []


def test_posts_by_leaders_are_never_quiet_posts(leader, platform, admin, later):
    from townhall.people.services import set_unit_manager

    team_lead = PersonFactory(first_name="Tess", primary_unit=platform)
    set_unit_manager(actor=admin, unit=platform, manager=team_lead)
    team_lead.refresh_from_db()
    publish_post(author=team_lead, body="Team update.")
    assert inbox_for(leader, now=later) == []


def test_quiet_posts_older_than_fourteen_days_are_not_shown(leader, engineer):
    publish_post(author=engineer, body="Shipped the new build pipeline.")
    assert inbox_for(leader, now=timezone.now() + timedelta(days=15)) == []


# --- Problems and drafts ------------------------------------------------------------------------


def test_open_problem_owned_by_the_leaders_unit_is_a_problem_item(leader, engineer, platform):
    from townhall.problems.services import create_problem

    problem = create_problem(
        author=engineer, title="CI is flaky", body="Builds fail at random.", owner_unit=platform
    )
    items = inbox_for(leader)
    assert _keys(items) == [("problem", f"problem-{problem.pk}")]
    assert items[0].where == "Platform"


def test_a_problem_post_shows_once_as_a_problem(leader, engineer, platform, later):
    from townhall.problems.services import create_problem

    problem = create_problem(
        author=engineer, title="CI is flaky", body=f"@{leader.handle} builds fail at random."
    )
    assert _keys(inbox_for(leader, now=later)) == [("problem", f"problem-{problem.pk}")]


def test_resolved_problems_leave_the_inbox(leader, engineer, platform):
    from townhall.problems.services import change_status, create_problem

    problem = create_problem(author=engineer, title="CI is flaky", body="Builds fail.")
    change_status(actor=leader, problem=problem, status="resolved", note="Fixed the runner.")
    assert inbox_for(leader) == []


def test_draft_prepared_for_the_leader_is_a_draft_item(leader, community_manager, company):
    from townhall.groups.services import company_group
    from townhall.leadership.services import prepare_draft

    draft = prepare_draft(
        actor=community_manager, leader=leader, group=company_group(), body="Welcome, everyone!"
    )
    [item] = inbox_for(leader)
    assert (item.type, item.key) == ("draft", f"draft-{draft.pk}")
    assert item.actions == ("open", "snooze")
    assert item.url == draft.get_absolute_url()


# --- Order, permissions, cost ---------------------------------------------------------------------


def test_items_come_in_urgency_order(leader, engineer, member, owner, platform, later):
    from townhall.problems.services import create_problem

    quiet = publish_post(author=engineer, body="Shipped the new build pipeline.")
    mentioned = publish_post(author=owner, body=f"Thanks @{leader.handle}!")
    problem = create_problem(author=engineer, title="CI is flaky", body="Builds fail.")
    question = _question(member, leader)
    assert _keys(inbox_for(leader, now=later)) == [
        ("question", f"post-{question.pk}"),
        ("problem", f"problem-{problem.pk}"),
        ("mention", f"post-{mentioned.pk}"),
        ("quiet_post", f"post-{quiet.pk}"),
    ]


def test_questions_of_the_same_day_with_more_votes_come_first(leader, member, owner, outsider):
    first = _question(member, leader, "First question?")
    second = _question(owner, leader, "Second question?")
    toggle_reaction(person=outsider, post=second)
    assert [i.key for i in inbox_for(leader)] == [f"post-{second.pk}", f"post-{first.pk}"]


def test_older_questions_come_before_newer_ones(leader, member, owner, outsider):
    from freezegun import freeze_time

    with freeze_time(timezone.now() - timedelta(days=2)):
        older = _question(member, leader, "Old question?")
    newer = _question(owner, leader, "New question?")
    toggle_reaction(person=outsider, post=newer)
    assert [i.key for i in inbox_for(leader)] == [f"post-{older.pk}", f"post-{newer.pk}"]


def test_private_group_content_never_reaches_a_leader_who_is_not_a_member(
    leader, engineer, member, private_group, later
):
    _question(member, leader, group=private_group)
    publish_post(author=member, body=f"Secret plan, @{leader.handle}", group=private_group)
    publish_post(author=engineer, body="Prototype works!", group=private_group)
    assert inbox_for(leader, now=later) == []


def test_private_problem_never_reaches_a_leader_who_is_not_a_member(
    leader, engineer, private_group, platform
):
    from townhall.problems.services import create_problem

    create_problem(
        author=engineer, title="Leak", body="Secret.", group=private_group, owner_unit=platform
    )
    assert inbox_for(leader) == []


def test_a_member_of_the_private_group_sees_its_items(
    leader, engineer, private_group, owner, later
):
    from townhall.groups.services import answer_group_invitation, invite_to_group

    invitation = invite_to_group(actor=owner, group=private_group, person=leader)
    answer_group_invitation(person=leader, invitation=invitation, accept=True)
    post = publish_post(author=engineer, body="Prototype works!", group=private_group)
    assert _keys(inbox_for(leader, now=later)) == [("quiet_post", f"post-{post.pk}")]


def test_non_leaders_have_an_empty_inbox_without_a_query(member, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert inbox_for(member) == []
        assert inbox_count(member) == 0


def test_the_inbox_costs_the_same_queries_however_many_items(
    leader, engineer, member, owner, community_manager, later, django_assert_max_num_queries
):
    from townhall.groups.services import company_group
    from townhall.leadership.services import prepare_draft
    from townhall.problems.services import create_problem

    for n in range(6):
        publish_post(author=engineer, body=f"Update {n}")
        _question(member, leader, f"Question {n}?")
        post = publish_post(author=owner, body=f"Note {n}")
        add_comment(author=member, post=post, body=f"@{leader.handle} look {n}")
        create_problem(author=engineer, title=f"Problem {n}", body="Broken.")
        prepare_draft(actor=community_manager, leader=leader, group=company_group(), body=f"D {n}")
    leader.refresh_from_db()
    with django_assert_max_num_queries(12):
        inbox = leader_inbox(leader, now=later)
    assert len(inbox.items) == 30


def test_inbox_count_counts_the_items(leader, member):
    _question(member, leader)
    _question(member, leader, "Another one?")
    assert inbox_count(leader) == 2
