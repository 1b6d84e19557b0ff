from __future__ import annotations

import pytest
from django.db import transaction

from tests.factories import PersonFactory
from townhall.conversations import services as conversations
from townhall.conversations.services import (
    accept_answer,
    add_comment,
    follow_person,
    publish_post,
    toggle_reaction,
)
from townhall.groups.services import create_group, invite_to_group, leave_group, request_to_join
from townhall.notifications import selectors, services
from townhall.notifications.models import Kind, Notification
from townhall.people.models import Person


def only(person, **filters) -> Notification:
    [notification] = Notification.objects.filter(recipient=person, **filters)
    return notification


def test_mention_in_post_notifies_the_mentioned_person(owner, member, commit):
    with commit():
        post = publish_post(author=owner, body=f"Welcome @{member.handle}!")
    n = only(member)
    assert (n.kind, n.actor, n.post) == (Kind.MENTION, owner, post)


def test_mention_in_comment_notifies_the_mentioned_person(owner, member, outsider, commit):
    post = publish_post(author=owner, body="Plans")
    with commit():
        comment = add_comment(author=outsider, post=post, body=f"@{member.handle} look")
    n = only(member)
    assert (n.kind, n.comment) == (Kind.MENTION, comment)


def test_comment_on_my_post_notifies_me(owner, member, commit):
    post = publish_post(author=owner, body="Plans")
    with commit():
        add_comment(author=member, post=post, body="Nice")
    assert only(owner).kind == Kind.REPLY


def test_reply_to_my_comment_notifies_me(owner, member, outsider, commit):
    post = publish_post(author=owner, body="Plans")
    first = add_comment(author=member, post=post, body="Nice")
    with commit():
        reply = add_comment(author=outsider, post=post, body="Agreed", parent=first)
    n = only(member)
    assert (n.kind, n.comment) == (Kind.REPLY, reply)
    assert "replied to your comment" in selectors.describe(n, member).text


def test_comment_on_my_question_is_an_answer(owner, member, commit):
    question = publish_post(author=owner, body="Where is the VPN guide?", kind="question")
    with commit():
        add_comment(author=member, post=question, body="On the wiki")
    assert only(owner).kind == Kind.ANSWER


def test_mentioned_post_author_gets_one_notification_per_comment(owner, member, commit):
    post = publish_post(author=owner, body="Plans")
    with commit():
        add_comment(author=member, post=post, body=f"@{owner.handle} done")
    assert only(owner).kind == Kind.MENTION


def test_nobody_is_notified_of_their_own_actions(owner, commit):
    with commit():
        post = publish_post(author=owner, body=f"Note to self @{owner.handle}")
        add_comment(author=owner, post=post, body="and more")
        toggle_reaction(person=owner, post=post)
    assert not Notification.objects.exists()


def test_rolled_back_write_notifies_nobody(owner, member, commit):
    with commit(), pytest.raises(RuntimeError), transaction.atomic():
        publish_post(author=owner, body=f"Hi @{member.handle}")
        raise RuntimeError
    assert not Notification.objects.exists()


def test_reactions_batch_into_one_notification_counting_reactors(owner, member, commit):
    post = publish_post(author=owner, body="Launch day")
    others = [PersonFactory(first_name=f"R{i}", primary_unit=owner.primary_unit) for i in range(3)]
    with commit():
        for person in [member, *others]:
            toggle_reaction(person=person, post=post)
    n = only(owner, kind=Kind.REACTION)
    assert n.count == 4
    assert n.actor == others[-1]
    assert selectors.describe(n, owner).text == "R2 Tester and 3 others reacted to your post"


def test_reacting_again_after_unreacting_counts_once(owner, member, commit):
    post = publish_post(author=owner, body="Launch day")
    with commit():
        toggle_reaction(person=member, post=post)
        toggle_reaction(person=member, post=post)  # off
        toggle_reaction(person=member, post=post)  # on again
    assert only(owner, kind=Kind.REACTION).count == 1


def test_reaction_after_reading_the_batch_starts_a_new_one(owner, member, outsider, commit):
    post = publish_post(author=owner, body="Launch day")
    with commit():
        toggle_reaction(person=member, post=post)
    services.mark_all_read(person=owner)
    with commit():
        toggle_reaction(person=outsider, post=post)
    assert Notification.objects.filter(recipient=owner, kind=Kind.REACTION).count() == 2


def test_new_follower_is_notified(owner, member, commit):
    with commit():
        follow_person(follower=member, person=owner)
    n = only(owner)
    assert (n.kind, n.actor) == (Kind.FOLLOWER, member)


@pytest.mark.skipif(
    not hasattr(conversations, "answer_accepted_listeners"),
    reason="conversations.accept_answer has no after-commit hook yet (lead adds it)",
)
def test_accepted_answer_notifies_its_author(owner, member, commit):
    question = publish_post(author=owner, body="Where?", kind="question")
    answer = add_comment(author=member, post=question, body="Here")
    with commit():
        accept_answer(actor=owner, post=question, comment=answer)
    assert only(member).kind == Kind.ANSWER_ACCEPTED


def test_accepted_answer_service_notifies_the_commenter(owner, member):
    # The listener's service, exercised directly until conversations grows the hook.
    question = publish_post(author=owner, body="Where?", kind="question")
    answer = add_comment(author=member, post=question, body="Here")
    accept_answer(actor=owner, post=question, comment=answer)
    services.notify_answer_accepted(post=question)
    assert only(member, kind=Kind.ANSWER_ACCEPTED).comment == answer


def test_must_read_announcement_reaches_everyone_through_a_task(
    community_manager, owner, member, outsider, commit, run_tasks
):
    with commit():
        post = publish_post(
            author=community_manager, body="Read this", kind="announcement", must_read=True
        )
    assert not Notification.objects.exists()  # not inside the request
    run_tasks()
    everyone = set(Person.objects.exclude(pk=community_manager.pk).values_list("pk", flat=True))
    got = set(
        Notification.objects.filter(post=post, kind=Kind.ANNOUNCEMENT).values_list(
            "recipient_id", flat=True
        )
    )
    assert got == everyone
    assert {owner.pk, member.pk, outsider.pk} <= got


def test_must_read_fan_out_runs_in_chunks_and_is_idempotent(
    community_manager, owner, member, settings, monkeypatch
):
    monkeypatch.setattr(services, "FAN_OUT_CHUNK", 2)
    for i in range(5):
        PersonFactory(first_name=f"P{i}")
    post = publish_post(
        author=community_manager, body="Read this", kind="announcement", must_read=True
    )
    first = services.fan_out_announcement(post_id=post.pk)
    again = services.fan_out_announcement(post_id=post.pk)
    assert first == Person.objects.count() - 1
    assert again == 0


def test_must_read_in_private_group_reaches_only_its_members(
    admin, owner, member, outsider, commit, run_tasks
):
    group = create_group(actor=admin, name="Leads", visibility="private")
    from townhall.groups.models import Membership

    Membership.objects.create(group=group, person=member)
    with commit():
        publish_post(
            author=admin, body="Leads only", kind="announcement", must_read=True, group=group
        )
    run_tasks()
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [member.pk]


def test_group_invitation_notifies_the_invitee(owner, outsider, private_group, commit):
    with commit():
        invite_to_group(actor=owner, group=private_group, person=outsider)
    n = only(outsider)
    assert (n.kind, n.group) == (Kind.GROUP_INVITATION, private_group)
    assert selectors.describe(n, outsider).text == "Olga Owner invited you to join Board room"


def test_join_request_notifies_the_group_admins(owner, member, outsider, private_group, commit):
    with commit():
        request_to_join(person=outsider, group=private_group)
    n = only(owner)
    assert (n.kind, n.actor) == (Kind.JOIN_REQUEST, outsider)
    assert not Notification.objects.filter(recipient=member).exists()


def test_mentioned_outsider_in_private_group_gets_nothing(
    owner, member, outsider, private_group, commit
):
    with commit():
        publish_post(
            author=owner, body=f"@{outsider.handle} @{member.handle} secret", group=private_group
        )
    assert not Notification.objects.filter(recipient=outsider).exists()
    assert Notification.objects.filter(recipient=member).exists()


def test_notification_text_is_neutral_once_access_is_lost(owner, member, private_group, commit):
    with commit():
        publish_post(author=owner, body=f"@{member.handle} budget 2027", group=private_group)
    leave_group(person=member, group=private_group)
    member = Person.objects.get(pk=member.pk)
    entry = selectors.notifications_page(member).entries[0]
    assert entry.text == "You no longer have access to this post."
    assert (entry.snippet, entry.url, entry.accessible) == ("", "", False)


def test_mark_all_read_clears_the_unread_count(owner, member, commit):
    with commit():
        publish_post(author=owner, body=f"@{member.handle} one")
        publish_post(author=owner, body=f"@{member.handle} two")
    assert selectors.unread_count(member) == 2
    assert services.mark_all_read(person=member) == 2
    assert selectors.unread_count(member) == 0


def test_unread_count_is_one_bounded_query(owner, member, django_assert_num_queries):
    post = publish_post(author=owner, body="x")
    Notification.objects.bulk_create(
        [Notification(recipient=member, kind=Kind.MENTION, actor=owner, post=post)] * 150
    )
    with django_assert_num_queries(1):
        assert selectors.unread_count(member) == selectors.UNREAD_CAP
