"""The coaching board and nudges: community managers only, rate-limited, in-app and by email."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from freezegun import freeze_time

from tests.factories import PersonFactory
from townhall.conversations.services import publish_post, toggle_reaction
from townhall.leadership.models import Nudge
from townhall.leadership.selectors import coaching_board
from townhall.leadership.services import NUDGES_PER_SENDER_PER_HOUR, send_nudge
from townhall.notifications.models import Kind, Notification
from townhall.notifications.selectors import describe
from townhall.notifications.services import update_preferences

URL = "/leadership/coaching/"


def _nudge_url(leader) -> str:
    return reverse("leadership_nudge", args=[leader.pk])


@pytest.mark.parametrize("who", ["member", "leader", "outsider"])
def test_only_community_managers_and_admins_open_the_board(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("who", ["community_manager", "admin"])
def test_community_managers_and_admins_see_every_leader(client, request, who, line):
    client.force_login(request.getfixturevalue(who))
    body = client.get(URL).content.decode()
    for name in ("Carla Ceo", "Hugo Head", "Lena Lead"):
        assert name in body


def test_board_shows_progress_out_of_eight(client, community_manager, leader):
    client.force_login(community_manager)
    assert "1/8" in client.get(URL).content.decode()


def test_board_rows_sort_by_progress_and_activity(community_manager, line, member):
    publish_post(author=line.lead, body="First post")
    toggle_reaction(person=line.lead, post=publish_post(author=member, body="Nice"))
    rows = coaching_board(community_manager, sort="-progress")
    assert rows[0].leader == line.lead
    assert coaching_board(community_manager, sort="progress")[-1].leader == line.lead
    assert coaching_board(community_manager, sort="-activity")[0].leader == line.lead
    assert rows[0].last_activity is not None


def test_board_filters_by_unit(client, community_manager, line):
    client.force_login(community_manager)
    response = client.get(URL, {"unit": line.units["nordics"].slug}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body and "Lena Lead" in body and "Carla Ceo" not in body


@pytest.mark.django_db
def test_board_takes_a_bounded_number_of_queries(
    client, company, community_manager, member, django_assert_max_num_queries
):
    leaders = [PersonFactory(roles=["leader"], primary_unit=company) for _ in range(100)]
    for leader in leaders[:20]:
        toggle_reaction(person=leader, post=publish_post(author=member, body="Hi"))
    client.force_login(community_manager)
    with django_assert_max_num_queries(22):
        response = client.get(URL)
    assert response.content.decode().count('data-leader="') == 100


def test_nudge_is_recorded_and_shows_in_the_leader_s_notifications(
    community_manager, leader, commit
):
    with commit():
        nudge = send_nudge(actor=community_manager, leader=leader, message="Say hi to your team!")
    notification = Notification.objects.get(recipient=leader, kind=Kind.NUDGE)
    assert notification.message == "Say hi to your team!"
    assert (notification.target_type, notification.target_id) == ("leadership.nudge", nudge.pk)
    entry = describe(notification, leader)
    assert entry.accessible and "sent you a nudge" in entry.text
    assert entry.snippet == "Say hi to your team!"
    assert entry.url == reverse("leadership_onboarding")


def test_nudge_is_emailed_when_the_leader_wants_it_right_away(
    community_manager, leader, commit, smtp_server, run_tasks
):
    update_preferences(person=leader, email={Kind.NUDGE: "immediate"})
    with commit():
        send_nudge(actor=community_manager, leader=leader, message="Your team would love a post")
    run_tasks()
    assert [m["To"] for m in smtp_server.messages] == [leader.email]
    assert "Your team would love a post" in smtp_server.bodies()[0]


def test_nudge_is_not_emailed_when_the_leader_switched_nudges_off(
    community_manager, leader, commit, smtp_server, run_tasks
):
    update_preferences(person=leader, email={Kind.NUDGE: "off"})
    with commit():
        send_nudge(actor=community_manager, leader=leader, message="Hello")
    run_tasks()
    assert smtp_server.messages == []


def test_another_person_cannot_read_a_nudge_notification(community_manager, leader, member):
    nudge = send_nudge(actor=community_manager, leader=leader, message="Private words")
    forged = Notification(recipient=member, kind=Kind.NUDGE, target_type="leadership.nudge")
    forged.target_id = nudge.pk
    assert not describe(forged, member).accessible


def test_a_leader_can_be_nudged_once_a_day(community_manager, admin, leader):
    send_nudge(actor=community_manager, leader=leader, message="One")
    with pytest.raises(ValidationError, match="less than 24 hours"):
        send_nudge(actor=admin, leader=leader, message="Two")
    assert Nudge.objects.filter(leader=leader).count() == 1


def test_a_leader_can_be_nudged_again_after_a_day(community_manager, leader):
    send_nudge(actor=community_manager, leader=leader, message="One")
    with freeze_time(timedelta(hours=25)):
        send_nudge(actor=community_manager, leader=leader, message="Two")
    assert Nudge.objects.filter(leader=leader).count() == 2


def test_a_community_manager_sends_at_most_twenty_nudges_an_hour(community_manager, company):
    leaders = [PersonFactory(roles=["leader"], primary_unit=company) for _ in range(21)]
    for leader in leaders[:NUDGES_PER_SENDER_PER_HOUR]:
        send_nudge(actor=community_manager, leader=leader, message="Go!")
    with pytest.raises(ValidationError, match="in the last hour"):
        send_nudge(actor=community_manager, leader=leaders[-1], message="Go!")
    assert not Nudge.objects.filter(leader=leaders[-1]).exists()


@pytest.mark.parametrize("who", ["member", "leader"])
def test_only_community_managers_nudge(request, who, line):
    with pytest.raises(PermissionDenied):
        send_nudge(actor=request.getfixturevalue(who), leader=line.ceo, message="Hi")


def test_nudging_a_member_is_refused(community_manager, member):
    with pytest.raises(PermissionDenied):
        send_nudge(actor=community_manager, leader=member, message="Hi")


def test_nudge_form_sends_through_htmx_and_answers_with_a_status(client, community_manager, leader):
    client.force_login(community_manager)
    form = client.get(_nudge_url(leader), headers={"HX-Request": "true"})
    assert "<html" not in form.content.decode() and 'name="message"' in form.content.decode()
    response = client.post(
        _nudge_url(leader), {"message": "Great to see you here"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "Nudge sent to Liv Leader." in response.content.decode()
    assert Nudge.objects.get(leader=leader).sent_by == community_manager


def test_an_empty_nudge_comes_back_with_a_field_error(client, community_manager, leader):
    client.force_login(community_manager)
    response = client.post(_nudge_url(leader), {"message": "  "}, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "Write a personal message." in response.content.decode()
    assert not Nudge.objects.exists()


def test_a_too_long_nudge_is_refused(client, community_manager, leader):
    client.force_login(community_manager)
    response = client.post(_nudge_url(leader), {"message": "x" * 501})
    assert response.status_code == 422
    assert not Nudge.objects.exists()


def test_a_second_nudge_the_same_day_is_refused_with_a_message(client, community_manager, leader):
    client.force_login(community_manager)
    client.post(_nudge_url(leader), {"message": "One"})
    response = client.post(_nudge_url(leader), {"message": "Two"})
    assert response.status_code == 422
    assert "less than 24 hours ago" in response.content.decode()
    assert Nudge.objects.count() == 1


def test_members_cannot_open_the_nudge_form(client, member, leader):
    client.force_login(member)
    assert client.get(_nudge_url(leader)).status_code == 403
    assert client.post(_nudge_url(leader), {"message": "Hi"}).status_code == 403


def test_nudge_form_for_a_non_leader_is_not_found(client, community_manager, member):
    client.force_login(community_manager)
    assert client.get(_nudge_url(member)).status_code == 404
