"""Group pages through the Django test client: listing, creating, joining, managing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from townhall.conversations.services import add_comment, publish_post, toggle_reaction
from townhall.groups.models import Group, GroupInvitation, JoinRequest, Membership
from townhall.groups.services import (
    create_group,
    decide_join_request,
    invite_to_group,
    join_group,
    request_to_join,
)
from townhall.people import permissions
from townhall.people.models import Person

CARD = 'class="post-card card'


@pytest.fixture(autouse=True)
def _generous_rate_limits(settings):
    settings.TOWNHALL_RATE_LIMITS = {k: (10_000, 60) for k in settings.TOWNHALL_RATE_LIMITS}


@pytest.fixture
def open_group(owner):
    return create_group(actor=owner, name="Runners", description="We run at lunch")


@pytest.fixture
def private_group(owner, member):
    group = create_group(actor=owner, name="Board room", visibility="private")
    decide_join_request(
        actor=owner, request=request_to_join(person=member, group=group), approve=True
    )
    return group


@pytest.fixture
def secret_group(owner, member):
    group = create_group(actor=owner, name="Project X", visibility="secret")
    from townhall.groups.services import answer_group_invitation, invite_to_group

    invitation = invite_to_group(actor=owner, group=group, person=member)
    answer_group_invitation(person=member, invitation=invitation, accept=True)
    return group


# --- List and create ---------------------------------------------------------------------


def test_group_list_shows_mine_and_discoverable(client, owner, member, open_group, private_group):
    client.force_login(member)
    response = client.get(reverse("group_list"))
    mine = [g.name for g in response.context["mine"]]
    discover = [g.name for g in response.context["discover"]]
    assert "Board room" in mine and "Runners" in discover


def test_secret_group_is_never_listed_for_outsiders(client, outsider, secret_group, open_group):
    client.force_login(outsider)
    html = client.get(reverse("group_list")).content.decode()
    assert "Project X" not in html and "Runners" in html


def test_secret_group_is_listed_for_its_members(client, member, secret_group):
    client.force_login(member)
    assert "Project X" in client.get(reverse("group_list")).content.decode()


def test_group_list_queries_are_bounded(client, owner, member, django_assert_max_num_queries):
    for i in range(30):
        create_group(actor=owner, name=f"Group {i}")
    client.force_login(member)
    with django_assert_max_num_queries(12):
        client.get(reverse("group_list"))


def test_create_group_makes_me_its_admin(client, member):
    client.force_login(member)
    response = client.post(
        reverse("group_list"), {"name": "Chess club", "description": "", "visibility": "open"}
    )
    group = Group.objects.get(name="Chess club")
    assert response.status_code == 302 and response["Location"] == f"/groups/{group.slug}/"
    assert Membership.objects.get(group=group, person=member).role == "admin"


def test_create_group_without_name_is_422(client, member):
    client.force_login(member)
    response = client.post(reverse("group_list"), {"name": "  ", "visibility": "open"})
    assert response.status_code == 422
    assert not Group.objects.filter(created_by=member).exists()


def test_create_group_with_bad_visibility_is_422(client, member):
    client.force_login(member)
    response = client.post(reverse("group_list"), {"name": "X", "visibility": "public"})
    assert response.status_code == 422
    assert not Group.objects.filter(name="X").exists()


# --- Group page --------------------------------------------------------------------------


def test_group_page_shows_about_members_and_feed(client, owner, member, open_group):
    join_group(person=member, group=open_group)
    publish_post(author=member, body="Running at noon", group=open_group)
    client.force_login(member)
    html = client.get(reverse("group_detail", args=[open_group.slug])).content.decode()
    assert "We run at lunch" in html and "Running at noon" in html
    assert member.display_name in html and 'action="/posts/new/"' in html


def test_group_page_queries_are_bounded(
    client, owner, member, open_group, django_assert_max_num_queries
):
    join_group(person=member, group=open_group)
    for i in range(30):
        post = publish_post(author=owner, body=f"Lap {i} #running", group=open_group)
        add_comment(author=member, post=post, body="go")
        toggle_reaction(person=member, post=post)
    client.force_login(member)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("group_detail", args=[open_group.slug]))
    assert response.content.decode().count(CARD) == 20


def test_outsider_gets_404_for_secret_group(client, outsider, secret_group):
    client.force_login(outsider)
    assert client.get(reverse("group_detail", args=[secret_group.slug])).status_code == 404


def test_outsider_sees_private_group_but_not_its_posts(client, owner, outsider, private_group):
    publish_post(author=owner, body="Board numbers", group=private_group)
    client.force_login(outsider)
    response = client.get(reverse("group_detail", args=[private_group.slug]))
    html = response.content.decode()
    assert response.status_code == 200 and "Board numbers" not in html
    assert "Ask to join" in html and 'action="/posts/new/"' not in html


def test_join_open_group(client, member, open_group):
    client.force_login(member)
    client.post(reverse("join_group", args=[open_group.slug]))
    assert Membership.objects.filter(group=open_group, person=member).exists()


def test_cannot_join_private_group_directly(client, outsider, private_group):
    client.force_login(outsider)
    client.post(reverse("join_group", args=[private_group.slug]))
    assert not Membership.objects.filter(group=private_group, person=outsider).exists()


def test_leave_group(client, owner, member, open_group):
    join_group(person=member, group=open_group)
    client.force_login(member)
    client.post(reverse("leave_group", args=[open_group.slug]))
    assert not Membership.objects.filter(group=open_group, person=member).exists()


def test_request_to_join_private_group_shows_pending(client, outsider, private_group):
    client.force_login(outsider)
    client.post(reverse("request_to_join", args=[private_group.slug]))
    assert JoinRequest.objects.filter(group=private_group, person=outsider).exists()
    html = client.get(reverse("group_detail", args=[private_group.slug])).content.decode()
    assert "Request pending" in html


def test_group_admin_sees_and_approves_requests(client, owner, outsider, private_group):
    join_request = request_to_join(person=outsider, group=private_group)
    client.force_login(owner)
    html = client.get(reverse("group_detail", args=[private_group.slug])).content.decode()
    assert "Requests to join" in html and outsider.display_name in html
    client.post(
        reverse("decide_join_request", args=[private_group.slug, join_request.pk]),
        {"decision": "approve"},
    )
    assert Membership.objects.filter(group=private_group, person=outsider).exists()


def test_group_admin_declines_a_request(client, owner, outsider, private_group):
    join_request = request_to_join(person=outsider, group=private_group)
    client.force_login(owner)
    client.post(
        reverse("decide_join_request", args=[private_group.slug, join_request.pk]),
        {"decision": "decline"},
    )
    assert JoinRequest.objects.get(pk=join_request.pk).approved is False
    assert not Membership.objects.filter(group=private_group, person=outsider).exists()


def test_members_cannot_decide_requests(client, member, outsider, private_group):
    join_request = request_to_join(person=outsider, group=private_group)
    client.force_login(member)
    response = client.post(
        reverse("decide_join_request", args=[private_group.slug, join_request.pk]),
        {"decision": "approve"},
    )
    assert response.status_code == 404
    assert not Membership.objects.filter(group=private_group, person=outsider).exists()


def test_invite_by_handle(client, owner, outsider, private_group):
    client.force_login(owner)
    client.post(
        reverse("invite_to_group", args=[private_group.slug]), {"who": f"@{outsider.handle}"}
    )
    assert GroupInvitation.objects.filter(group=private_group, person=outsider).exists()


def test_invite_by_email(client, owner, outsider, private_group):
    client.force_login(owner)
    client.post(reverse("invite_to_group", args=[private_group.slug]), {"who": outsider.email})
    assert GroupInvitation.objects.filter(group=private_group, person=outsider).exists()


def test_invite_unknown_person_is_422(client, owner, private_group):
    client.force_login(owner)
    response = client.post(
        reverse("invite_to_group", args=[private_group.slug]), {"who": "nobody@nowhere.example"}
    )
    assert response.status_code == 422
    assert "couldn" in response.content.decode()
    assert not GroupInvitation.objects.exists()


def test_outsider_cannot_invite_into_private_group(client, owner, outsider, member, private_group):
    client.force_login(outsider)
    response = client.post(
        reverse("invite_to_group", args=[private_group.slug]), {"who": owner.email}
    )
    assert response.status_code == 422
    assert not GroupInvitation.objects.exists()


def test_invited_person_accepts_from_the_secret_groups_page(client, owner, member):
    group = create_group(actor=owner, name="Acquisition room", visibility="secret")
    client.force_login(member)
    assert client.get(reverse("group_detail", args=[group.slug])).status_code == 404

    invite_to_group(actor=owner, group=group, person=member)
    page = client.get(reverse("group_detail", args=[group.slug]))
    assert page.status_code == 200
    assert "Olga Owner invited you to join this group" in page.content.decode()

    client.post(reverse("answer_group_invitation", args=[group.slug]), {"decision": "accept"})
    assert permissions.is_group_member(Person.objects.get(pk=member.pk), group)


def test_declining_a_secret_invitation_hides_the_group_again(client, owner, member):
    group = create_group(actor=owner, name="Acquisition room", visibility="secret")
    invite_to_group(actor=owner, group=group, person=member)
    client.force_login(member)
    response = client.post(
        reverse("answer_group_invitation", args=[group.slug]), {"decision": "decline"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("group_list")
    assert client.get(reverse("group_detail", args=[group.slug])).status_code == 404
