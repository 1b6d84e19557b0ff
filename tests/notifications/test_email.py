from __future__ import annotations

import re

from django.core.management import call_command
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import PersonFactory
from townhall.conversations.services import (
    follow_person,
    publish_post,
    toggle_reaction,
)
from townhall.groups.services import leave_group
from townhall.notifications.models import EmailMode, Kind, Notification, NotificationPreference
from townhall.notifications.services import update_preferences


def test_mention_email_arrives_in_the_recipients_language(owner, commit, smtp_server, run_tasks):
    dutch = PersonFactory(
        first_name="Daan", preferred_language="nl", primary_unit=owner.primary_unit
    )
    with commit():
        publish_post(author=owner, body=f"@{dutch.handle} kijk even")
    run_tasks()
    [message] = smtp_server.messages
    assert message["To"] == dutch.email
    assert message["Content-Language"] == "nl"
    with translation.override("nl"):
        expected = gettext("%(actor)s mentioned you in a post") % {"actor": "Olga Owner"}
        hello = gettext("Hello %(name)s,") % {"name": dutch.display_name}
    assert message["Subject"] == expected
    body = smtp_server.bodies()[0]
    assert body.startswith(hello) and "kijk even" in body


def test_email_is_sent_by_the_worker_not_the_request(owner, member, commit, smtp_server):
    with commit():
        publish_post(author=owner, body=f"@{member.handle} hi")
    assert smtp_server.messages == []


def test_unsubscribe_link_in_the_email_stops_that_kind(
    owner, member, commit, smtp_server, run_tasks, client
):
    with commit():
        publish_post(author=owner, body=f"@{member.handle} first")
    run_tasks()
    link = re.search(r"http://\S+/notifications/unsubscribe/\S+/", smtp_server.bodies()[0]).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.force_login(member)
    assert client.get(f"/{path}").status_code == 200
    client.post(f"/{path}")
    with commit():
        publish_post(author=owner, body=f"@{member.handle} second")
    run_tasks()
    assert len(smtp_server.messages) == 1
    assert Notification.objects.filter(recipient=member).count() == 2  # still in-app


def test_one_click_unsubscribe_header_works_without_sign_in(
    owner, member, commit, smtp_server, run_tasks
):
    with commit():
        publish_post(author=owner, body=f"@{member.handle} first")
    run_tasks()
    [message] = smtp_server.messages
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message["List-Unsubscribe"].strip("<>")
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]
    response = Client().post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert NotificationPreference.objects.get(person=member, kind=Kind.MENTION).email == "off"


def test_forged_one_click_token_changes_nothing(member):
    response = Client().post("/api/v1/notifications/unsubscribe/not-a-token")
    assert response.status_code == 422
    assert not NotificationPreference.objects.exists()


def test_payload_in_post_stays_plain_text_in_the_email(
    owner, member, commit, smtp_server, run_tasks
):
    with commit():
        publish_post(author=owner, body=f"@{member.handle} <script>alert(1)</script>")
    run_tasks()
    [message] = smtp_server.messages
    assert message.get_content_type() == "text/plain"
    assert not any(p.get_content_type() == "text/html" for p in message.walk())


def test_no_email_when_access_was_lost_before_the_worker_ran(
    owner, member, private_group, commit, smtp_server, run_tasks
):
    with commit():
        publish_post(author=owner, body=f"@{member.handle} board only", group=private_group)
    leave_group(person=member, group=private_group)
    run_tasks()
    assert smtp_server.messages == []


def test_digest_kinds_wait_for_the_digest_command(owner, member, commit, smtp_server, run_tasks):
    post = publish_post(author=owner, body="Launch")
    with commit():
        toggle_reaction(person=member, post=post)
        follow_person(follower=member, person=owner)
    run_tasks()
    assert smtp_server.messages == []
    call_command("send_digests", "--frequency", "weekly", verbosity=0)
    [message] = smtp_server.messages
    body = smtp_server.bodies()[0]
    assert message["Subject"] == "Your weekly Townhall digest"
    assert "Mats Member reacted to your post" in body
    assert "Mats Member started following you" in body
    assert not Notification.objects.filter(recipient=owner, emailed_at__isnull=True).exists()


def test_digest_is_not_sent_twice_for_the_same_notifications(owner, member, commit, smtp_server):
    with commit():
        follow_person(follower=member, person=owner)
    call_command("send_digests", "--frequency", "weekly", verbosity=0)
    call_command("send_digests", "--frequency", "weekly", verbosity=0)
    assert len(smtp_server.messages) == 1


def test_daily_digest_goes_only_to_people_who_chose_daily(
    owner, member, outsider, commit, smtp_server
):
    update_preferences(person=owner, digest="daily")
    with commit():
        follow_person(follower=member, person=owner)
        follow_person(follower=member, person=outsider)
    call_command("send_digests", "--frequency", "daily", verbosity=0)
    assert [m["To"] for m in smtp_server.messages] == [owner.email]


def test_kind_switched_to_immediate_is_emailed_right_away(
    owner, member, commit, smtp_server, run_tasks
):
    update_preferences(person=owner, email={Kind.FOLLOWER: EmailMode.IMMEDIATE})
    with commit():
        follow_person(follower=member, person=owner)
    run_tasks()
    assert smtp_server.messages[0]["Subject"] == "Mats Member started following you"
