from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import PersonFactory
from townhall.conversations.models import Mention, Post, Reaction
from townhall.conversations.services import (
    accept_answer,
    add_comment,
    publish_post,
    toggle_reaction,
)
from townhall.feeds.selectors import access_post, home_feed, posts_visible_to
from townhall.groups.services import create_group, join_group


@pytest.fixture
def private_group(owner, member):
    group = create_group(actor=owner, name="Board room", visibility="private")
    from townhall.groups.models import Membership

    Membership.objects.create(group=group, person=member)
    return group


def test_post_goes_to_company_group_by_default_and_everyone_sees_it(owner, outsider):
    post = publish_post(author=owner, body="Hello **everyone**")
    assert post.group.is_company
    assert "<strong>everyone</strong>" in post.body_html
    assert post in posts_visible_to(outsider)


def test_private_group_post_is_invisible_to_outsiders(owner, member, outsider, private_group):
    post = publish_post(author=owner, body="Secret plans", group=private_group)
    assert post in posts_visible_to(member)
    assert post not in posts_visible_to(outsider)
    assert post not in home_feed(outsider).posts
    from django.http import Http404

    with pytest.raises(Http404):
        access_post(outsider, post.pk)


def test_outsider_cannot_post_comment_or_react_in_private_group(owner, outsider, private_group):
    post = publish_post(author=owner, body="Secret", group=private_group)
    with pytest.raises(PermissionDenied):
        publish_post(author=outsider, body="let me in", group=private_group)
    with pytest.raises(PermissionDenied):
        add_comment(author=outsider, post=post, body="hi")
    with pytest.raises(PermissionDenied):
        toggle_reaction(person=outsider, post=post)


def test_mentions_and_topics_are_parsed_and_linked(owner, member):
    post = publish_post(author=owner, body=f"Thanks @{member.handle} for #Onboarding work")
    assert Mention.objects.filter(post=post, person=member).exists()
    assert f'href="/people/{member.pk}/"' in post.body_html
    assert [t.slug for t in post.topics.all()] == ["onboarding"]


def test_script_and_javascript_links_are_removed(owner):
    post = publish_post(
        author=owner,
        body="<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>",
    )
    assert "<script" not in post.body_html
    assert 'href="javascript:' not in post.body_html
    assert "<img" not in post.body_html  # raw HTML is shown as text, never as a tag


def test_reaction_toggle_is_idempotent_and_counts(owner, member):
    post = publish_post(author=owner, body="React to me")
    assert toggle_reaction(person=member, post=post, kind="celebrate") == "celebrate"
    assert toggle_reaction(person=member, post=post, kind="like") == "like"
    assert Reaction.objects.filter(post=post).count() == 1
    assert Post.objects.get(pk=post.pk).reaction_count == 1
    assert toggle_reaction(person=member, post=post, kind="like") is None
    assert Post.objects.get(pk=post.pk).reaction_count == 0


def test_only_leaders_can_announce(owner):
    with pytest.raises(ValidationError):
        publish_post(author=owner, body="Listen up", kind="announcement", pinned=True)
    leader = PersonFactory(roles=["leader"])
    post = publish_post(author=leader, body="Listen up", kind="announcement", pinned=True)
    assert post.pinned


def test_replies_stay_one_level_deep(owner, member):
    post = publish_post(author=owner, body="Question?", kind="question")
    top = add_comment(author=member, post=post, body="Answer")
    reply = add_comment(author=owner, post=post, body="Thanks", parent=top)
    deeper = add_comment(author=member, post=post, body="You're welcome", parent=reply)
    assert deeper.parent == top
    accept_answer(actor=owner, post=post, comment=top)
    assert Post.objects.get(pk=post.pk).accepted_comment == top
    assert Post.objects.get(pk=post.pk).comment_count == 3


def test_language_is_detected(owner):
    post = publish_post(author=owner, body="Wij zijn blij met het nieuwe kantoor en de koffie")
    assert post.language == "nl"


def test_open_group_join_then_post(owner, member):
    group = create_group(actor=owner, name="Runners")
    with pytest.raises(PermissionDenied):
        publish_post(author=member, body="hi", group=group)
    join_group(person=member, group=group)
    assert publish_post(author=member, body="hi", group=group).group == group


def test_posting_is_rate_limited(owner, settings):
    settings.TOWNHALL_RATE_LIMITS = {**settings.TOWNHALL_RATE_LIMITS, "post": (2, 3600)}
    publish_post(author=owner, body="one")
    publish_post(author=owner, body="two")
    with pytest.raises(ValidationError, match="too often"):
        publish_post(author=owner, body="three")


def test_home_feed_is_keyset_paginated(owner):
    for i in range(25):
        publish_post(author=owner, body=f"post {i}")
    first = home_feed(owner, limit=10)
    second = home_feed(owner, after=first.next_cursor, limit=10)
    third = home_feed(owner, after=second.next_cursor, limit=10)
    ids = [p.pk for p in first.posts + second.posts + third.posts]
    assert len(ids) == len(set(ids)) == 25
    assert third.next_cursor is None


def test_unit_groups_follow_the_org_chart(admin, company, member):
    from tests.factories import UnitFactory
    from townhall.groups.models import Group, Membership
    from townhall.people.services import update_profile

    sales = UnitFactory(name="Sales", parent=company, kind="department")
    update_profile(actor=admin, person=member, changes={"primary_unit": sales})
    sales_group = Group.objects.get(unit=sales)
    company_unit_group = Group.objects.get(unit=company)
    assert Membership.objects.filter(group=sales_group, person=member).exists()
    assert Membership.objects.filter(group=company_unit_group, person=member).exists()
    update_profile(actor=admin, person=member, changes={"primary_unit": company})
    assert not Membership.objects.filter(group=sales_group, person=member).exists()
