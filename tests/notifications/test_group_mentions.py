"""@group mentions notify the group's members who may read the post, from a background task."""

from __future__ import annotations

import pytest

from tests.factories import PersonFactory
from townhall.conversations.services import add_comment, publish_post
from townhall.groups.models import Membership
from townhall.groups.services import company_group, create_group, join_group
from townhall.notifications import selectors, services
from townhall.notifications.models import Kind, Notification
from townhall.people.services import set_active


def told(kind: str = Kind.GROUP_MENTION) -> set:
    return {n.recipient for n in Notification.objects.filter(kind=kind)}


@pytest.fixture
def team(owner, member, outsider):
    """An open group: owner (its admin), member and outsider belong to it."""
    group = create_group(actor=owner, name="Platform team")
    join_group(person=member, group=group)
    join_group(person=outsider, group=group)
    return group


def test_group_mention_notifies_members_from_a_background_task(
    owner, member, outsider, team, commit, run_tasks
):
    with commit():
        post = publish_post(author=owner, body="Deploy freeze tonight, @platform-team")
    assert told() == set()  # nothing inside the request
    run_tasks()
    assert told() == {member, outsider}
    n = Notification.objects.get(recipient=member)
    assert (n.kind, n.actor, n.post, n.comment, n.group) == (
        Kind.GROUP_MENTION, owner, post, None, team,
    )  # fmt: skip
    assert selectors.describe(n, member).text == "Olga Owner mentioned Platform team in a post"


def test_group_mention_does_not_notify_the_author(owner, team, commit, run_tasks):
    with commit():
        publish_post(author=owner, body="@platform-team hello")
    run_tasks()
    assert owner not in told()


def test_group_mention_in_a_comment_notifies_members(
    owner, member, outsider, team, commit, run_tasks
):
    post = publish_post(author=owner, body="Release notes")
    with commit():
        comment = add_comment(author=member, post=post, body="Looping in @platform-team")
    run_tasks()
    assert told() == {outsider}  # owner already hears of the comment; member wrote it
    n = Notification.objects.get(kind=Kind.GROUP_MENTION)
    assert n.comment == comment
    assert "mentioned Platform team in a comment" in selectors.describe(n, outsider).text


def test_members_who_cannot_read_the_post_are_not_notified(
    owner, member, outsider, team, private_group, commit, run_tasks
):
    with commit():
        publish_post(author=owner, group=private_group, body="Board only: @platform-team")
    run_tasks()
    assert told() == {member}  # outsider is in the team but not in the private group


def test_private_group_mentioned_in_a_public_post_notifies_its_members(
    owner, member, outsider, private_group, commit, run_tasks
):
    with commit():
        publish_post(author=outsider, body="Question for @board-room")
    run_tasks()
    assert told() == {owner, member}


def test_mentioning_a_secret_group_one_cannot_see_does_nothing(
    owner, member, outsider, commit, run_tasks
):
    secret = create_group(actor=owner, name="Skunkworks", visibility="secret")
    Membership.objects.create(group=secret, person=member)  # as the private_group fixture does
    with commit():
        publish_post(author=outsider, body="Anyone in @skunkworks?")
    run_tasks()
    assert told() == set()


def test_person_mentioned_by_name_and_by_group_gets_one_notification(
    owner, member, outsider, team, commit, run_tasks
):
    with commit():
        publish_post(author=owner, body=f"@{member.handle} and @platform-team")
    run_tasks()
    assert told(Kind.MENTION) == {member}
    assert told() == {outsider}


def test_inactive_members_are_not_notified(owner, member, outsider, admin, team, commit, run_tasks):
    set_active(actor=admin, person=outsider, active=False)
    with commit():
        publish_post(author=owner, body="@platform-team")
    run_tasks()
    assert told() == {member}


def test_fan_out_twice_notifies_once(owner, member, outsider, team, commit, run_tasks):
    with commit():
        post = publish_post(author=owner, body="@platform-team")
    run_tasks()
    assert services.fan_out_group_mentions(post_id=post.pk) == 0
    assert Notification.objects.filter(kind=Kind.GROUP_MENTION).count() == 2


def test_fan_out_goes_in_chunks(owner, team, commit, run_tasks, monkeypatch):
    monkeypatch.setattr(services, "FAN_OUT_CHUNK", 1)
    for n in range(3):
        join_group(person=PersonFactory(email=f"extra{n}@example.com"), group=team)
    with commit():
        publish_post(author=owner, body="@platform-team")
    run_tasks()
    assert Notification.objects.filter(kind=Kind.GROUP_MENTION).count() == 5


# --- The company group ------------------------------------------------------------------------


def test_member_mentioning_the_company_group_notifies_nobody(
    owner, member, outsider, commit, run_tasks
):
    everyone = company_group()
    with commit():
        publish_post(author=member, body=f"Cake in the kitchen @{everyone.slug}")
    run_tasks()
    assert told() == set()


@pytest.mark.parametrize("role", ["leader", "community_manager"])
def test_leader_or_community_manager_mentioning_the_company_group_notifies_everyone(
    role, owner, member, outsider, commit, run_tasks
):
    author = PersonFactory(email=f"{role}@example.com", roles=[role])
    everyone = company_group()
    with commit():
        publish_post(author=author, body=f"All hands at three, @{everyone.slug}")
    run_tasks()
    assert told() == {owner, member, outsider}


def test_group_mentions_stay_out_of_immediate_email_by_default(
    owner, member, outsider, team, commit, run_tasks, smtp_server
):
    with commit():
        publish_post(author=owner, body="@platform-team")
    with commit():
        run_tasks()
    run_tasks()
    assert told() == {member, outsider}
    assert smtp_server.messages == []


def test_group_mention_emails_right_away_when_asked(
    owner, member, outsider, team, commit, run_tasks, smtp_server
):
    services.update_preferences(person=member, email={Kind.GROUP_MENTION: "immediate"})
    with commit():
        publish_post(author=owner, body="@platform-team")
    with commit():
        run_tasks()  # the fan-out, which queues the email once its chunk commits
    run_tasks()
    assert [m["To"] for m in smtp_server.messages] == [member.email]
