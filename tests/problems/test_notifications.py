"""Who hears about problems, what it says, and that nobody hears of what they cannot read."""

from __future__ import annotations

from email.header import decode_header, make_header

import pytest
from django.test import Client
from django.utils import translation

from townhall.conversations.services import add_comment, publish_post, toggle_bookmark
from townhall.groups.services import leave_group
from townhall.notifications.models import EmailMode, Kind, Notification
from townhall.notifications.selectors import describe
from townhall.notifications.services import update_preferences
from townhall.problems.services import change_status, create_problem, raise_problem

pytestmark = pytest.mark.django_db


def _recipients(kind):
    return sorted(n.recipient.first_name for n in Notification.objects.filter(kind=kind))


def test_raising_tells_the_owner_units_manager(engineer, team_lead, commit):
    with commit():
        create_problem(author=engineer, title="Disk full", body="Again")
    [notification] = Notification.objects.filter(kind=Kind.PROBLEM_RAISED)
    assert notification.recipient == team_lead
    assert notification.target_type == "problems.problem"
    assert describe(notification, team_lead).text == (
        "Eli Engineer raised a problem for Platform: “Disk full”"
    )


def test_raising_someone_elses_post_tells_its_author(engineer, director, team_lead, commit):
    post = publish_post(author=engineer, body="Builds are slow")
    with commit():
        raise_problem(actor=director, post=post)
    [told] = Notification.objects.filter(kind=Kind.PROBLEM_STATUS)
    assert told.recipient == engineer
    text = describe(told, engineer).text
    assert text == "Dana Director raised your post “Builds are slow” as a problem"


def test_a_manager_who_cannot_read_the_post_is_not_told(owner, private_group, sales, admin, commit):
    from tests.factories import PersonFactory
    from townhall.people.services import set_unit_manager

    stranger = PersonFactory(first_name="Ola", last_name="Outside")
    set_unit_manager(actor=admin, unit=sales, manager=stranger)
    with commit():
        create_problem(
            author=owner, title="Budget", body="x", group=private_group, owner_unit=sales
        )
    assert not Notification.objects.filter(kind=Kind.PROBLEM_RAISED).exists()


def test_status_change_tells_author_commenters_bookmarkers_and_helpers(
    engineer, team_lead, member, owner, community_manager, commit
):
    problem = create_problem(author=engineer, title="Disk full", body=f"@{member.handle} ideas?")
    add_comment(author=owner, post=problem.post, body="Same here")
    toggle_bookmark(person=community_manager, post=problem.post)
    Notification.objects.all().delete()
    with commit():
        change_status(actor=team_lead, problem=problem, status="in_progress")
    assert _recipients(Kind.PROBLEM_STATUS) == ["Cora", "Eli", "Mats", "Olga"]


def test_status_change_never_tells_the_person_who_made_it(engineer, commit):
    problem = create_problem(author=engineer, title="Disk full", body="x")
    with commit():
        change_status(actor=engineer, problem=problem, status="in_progress")
    assert not Notification.objects.filter(kind=Kind.PROBLEM_STATUS).exists()


def test_status_change_skips_helpers_who_cannot_read_the_private_post(
    owner, outsider, member, director, private_group, engineering, commit
):
    problem = create_problem(
        author=owner,
        title="Budget",
        body=f"@{outsider.handle} @{member.handle} thoughts?",
        group=private_group,
        owner_unit=engineering,
    )
    with commit():
        change_status(actor=director, problem=problem, status="in_progress")
    assert _recipients(Kind.PROBLEM_STATUS) == ["Mats", "Olga"]


def test_resolution_reads_with_the_note_as_snippet(engineer, team_lead, commit):
    problem = create_problem(author=engineer, title="Disk full", body="x")
    with commit():
        change_status(actor=team_lead, problem=problem, status="resolved", note="Grew the volume")
    [told] = Notification.objects.filter(kind=Kind.PROBLEM_STATUS)
    entry = describe(told, engineer)
    assert entry.text == "Tess Lead resolved the problem “Disk full”"
    assert entry.snippet == "Grew the volume"
    assert entry.url == f"/posts/{problem.post_id}/#problem"


def test_each_notification_keeps_the_status_it_was_sent_for(engineer, team_lead, commit):
    problem = create_problem(author=engineer, title="Disk full", body="x")
    with commit():
        change_status(actor=team_lead, problem=problem, status="in_progress")
    with commit():
        change_status(actor=team_lead, problem=problem, status="resolved", note="Fixed")
    texts = [
        describe(n, engineer).text
        for n in Notification.objects.filter(kind=Kind.PROBLEM_STATUS).order_by("pk")
    ]
    assert texts == [
        "Tess Lead is working on the problem “Disk full”",
        "Tess Lead resolved the problem “Disk full”",
    ]


def test_notification_hides_the_problem_once_access_is_lost(
    owner, member, director, private_group, engineering, commit
):
    problem = create_problem(
        author=owner, title="Budget", body="x", group=private_group, owner_unit=engineering
    )
    add_comment(author=member, post=problem.post, body="I can help")
    with commit():
        change_status(actor=director, problem=problem, status="in_progress")
    told = Notification.objects.get(kind=Kind.PROBLEM_STATUS, recipient=member)
    leave_group(person=member, group=private_group)
    entry = describe(told, member)
    assert not entry.accessible and "Budget" not in entry.text and entry.url == ""


def test_notification_reads_in_the_recipients_language(engineer, team_lead, commit):
    problem = create_problem(author=engineer, title="Disk full", body="x")
    with commit():
        change_status(actor=team_lead, problem=problem, status="in_progress")
    told = Notification.objects.get(kind=Kind.PROBLEM_STATUS)
    with translation.override("nl"):
        text = describe(told, engineer).text
    # Whatever the catalogue holds, the describer asks gettext, so the title is still in it.
    assert "Disk full" in text


def test_notification_list_page_shows_the_problem_notification(engineer, team_lead, commit):
    problem = create_problem(author=engineer, title="Disk full", body="x")
    with commit():
        change_status(actor=team_lead, problem=problem, status="in_progress")
    client = Client()
    client.force_login(engineer)
    response = client.get("/notifications/")
    assert response.status_code == 200
    assert "Tess Lead is working on the problem “Disk full”" in response.content.decode()


def test_resolution_email_reaches_the_author(engineer, team_lead, commit, smtp_server, run_tasks):
    update_preferences(person=engineer, email={Kind.PROBLEM_STATUS: EmailMode.IMMEDIATE})
    problem = create_problem(author=engineer, title="Disk full", body="x")
    with commit():
        change_status(actor=team_lead, problem=problem, status="resolved", note="Grew the volume")
    run_tasks()
    [message] = smtp_server.messages
    assert message["To"] == engineer.email
    subject = str(make_header(decode_header(message["Subject"])))
    assert " ".join(subject.split()) == "Tess Lead resolved the problem “Disk full”"
    body = smtp_server.bodies()[0]
    assert "Grew the volume" in body
    assert f"/posts/{problem.post_id}/#problem" in body


def test_no_email_when_the_recipient_lost_access_before_the_worker_ran(
    owner, member, director, private_group, engineering, commit, smtp_server, run_tasks
):
    update_preferences(person=member, email={Kind.PROBLEM_STATUS: EmailMode.IMMEDIATE})
    problem = create_problem(
        author=owner, title="Budget", body="x", group=private_group, owner_unit=engineering
    )
    add_comment(author=member, post=problem.post, body="I can help")
    with commit():
        change_status(actor=director, problem=problem, status="resolved", note="Cut costs")
    leave_group(person=member, group=private_group)
    run_tasks()
    # Only the member wanted email right away, and they left before the worker ran.
    assert [m["To"] for m in smtp_server.messages] == []
    assert Notification.objects.filter(recipient=member, kind=Kind.PROBLEM_STATUS).exists()
