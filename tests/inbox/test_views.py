"""The inbox page and its inline htmx actions, seen by the leader, a member and an outsider."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from townhall.conversations.models import Comment
from townhall.conversations.services import publish_post
from townhall.inbox.models import InboxSettings, Snooze
from townhall.inbox.services import opt_out_token

HTMX = {"HTTP_HX_REQUEST": "true"}


def _question(author, leader, text="How do we plan the Q3 roadmap?", **kw):
    return publish_post(author=author, kind="question", body=f"@{leader.handle} {text}", **kw)


def _url(name, post, item_type="question"):
    return reverse(name, args=[item_type, f"post-{post.pk}"])


@pytest.fixture
def leader_client(client, leader):
    client.force_login(leader)
    return client


def test_leader_sees_their_items_with_counts(leader_client, leader, member):
    _question(member, leader)
    response = leader_client.get(reverse("leader_inbox"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "How do we plan the Q3 roadmap?" in html
    assert 'class="inbox-counts__value">1<' in html


def test_empty_inbox_says_nothing_needs_the_leader(leader_client):
    response = leader_client.get(reverse("leader_inbox"))
    assert "Nothing needs you right now." in response.content.decode()


def test_a_non_leader_gets_a_friendly_explanation(client, member):
    client.force_login(member)
    response = client.get(reverse("leader_inbox"))
    assert response.status_code == 200
    assert "The inbox is for leaders" in response.content.decode()


def test_the_page_runs_a_bounded_number_of_queries(
    leader_client, leader, member, engineer, django_assert_max_num_queries
):
    for n in range(8):
        _question(member, leader, f"Question {n}?")
        publish_post(author=member, body=f"Thanks @{leader.handle} {n}")
    with django_assert_max_num_queries(25):
        response = leader_client.get(reverse("leader_inbox"))
    assert response.content.decode().count('class="inbox-item ') == 16


def test_answering_inline_comments_and_replaces_the_item(leader_client, leader, member):
    post = _question(member, leader)
    response = leader_client.post(_url("inbox_answer", post), {"body": "Monday at ten."}, **HTMX)
    assert response.status_code == 200
    assert "Answered." in response.content.decode()
    assert response["HX-Trigger"] == "inbox-changed"
    assert Comment.objects.get(post=post, author=leader).body == "Monday at ten."


def test_an_empty_answer_shows_the_error_and_changes_nothing(leader_client, leader, member):
    post = _question(member, leader)
    response = leader_client.post(_url("inbox_answer", post), {"body": ""}, **HTMX)
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert not Comment.objects.exists()


def test_answering_without_htmx_redirects_to_the_inbox(leader_client, leader, member):
    post = _question(member, leader)
    response = leader_client.post(_url("inbox_answer", post), {"body": "Monday."})
    assert response.status_code == 302
    assert response["Location"] == reverse("leader_inbox")


def test_snoozing_until_tomorrow_hides_the_item(leader_client, leader, member):
    post = _question(member, leader)
    response = leader_client.post(_url("inbox_snooze", post), {"until": "tomorrow"}, **HTMX)
    assert response.status_code == 200
    assert "Snoozed until" in response.content.decode()
    assert Snooze.objects.get(person=leader).item_key == f"post-{post.pk}"


def test_snoozing_to_a_past_day_is_refused(leader_client, leader, member):
    post = _question(member, leader)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = leader_client.post(
        _url("inbox_snooze", post), {"until": "date", "date": yesterday}, **HTMX
    )
    assert response.status_code == 422
    assert "Choose a day after today." in response.content.decode()
    assert not Snooze.objects.exists()


def test_delegating_inline_shows_who_took_it(leader_client, leader, member, engineer):
    post = _question(member, leader)
    response = leader_client.post(
        _url("inbox_delegate", post), {"to": f"@{engineer.handle}", "note": ""}, **HTMX
    )
    assert response.status_code == 200
    assert f"Delegated to {engineer.display_name}" in response.content.decode()
    page = leader_client.get(reverse("leader_inbox")).content.decode()
    assert f"delegated to {engineer.display_name}" in page


def test_delegating_to_nobody_shows_the_error(leader_client, leader, member):
    post = _question(member, leader)
    response = leader_client.post(_url("inbox_delegate", post), {"to": "@ghost"}, **HTMX)
    assert response.status_code == 422
    assert "Nobody is called @ghost" in response.content.decode()


def test_an_outsider_leader_cannot_act_on_a_private_item(
    client, leader, member, private_group, admin
):
    post = _question(member, leader, group=private_group)
    client.force_login(leader)
    response = client.post(_url("inbox_answer", post), {"body": "Sneaky"}, **HTMX)
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_a_member_cannot_act_on_someone_elses_item(client, leader, member, outsider):
    post = _question(member, leader)
    client.force_login(outsider)
    response = client.post(_url("inbox_answer", post), {"body": "Me!"}, **HTMX)
    assert response.status_code == 404


def test_turning_the_daily_summary_off(leader_client, leader):
    response = leader_client.post(reverse("inbox_settings"), {}, **HTMX)
    assert response.status_code == 200
    assert InboxSettings.objects.get(person=leader).daily_summary is False


def test_turning_the_daily_summary_on(leader_client, leader):
    leader_client.post(reverse("inbox_settings"), {"daily_summary": "on"})
    assert InboxSettings.objects.get(person=leader).daily_summary is True


def test_the_opt_out_link_asks_first_then_stops_the_summary(client, leader):
    url = reverse("inbox_opt_out", args=[opt_out_token(person_id=leader.pk)])
    client.force_login(leader)
    assert "Stop getting the daily summary" in client.get(url).content.decode()
    assert not InboxSettings.objects.exists()
    client.post(url)
    assert InboxSettings.objects.get(person=leader).daily_summary is False


def test_a_forged_opt_out_link_is_refused(client, leader):
    client.force_login(leader)
    response = client.get(reverse("inbox_opt_out", args=["forged"]))
    assert response.status_code == 404


def test_the_navigation_link_shows_the_count(leader_client, leader, member):
    _question(member, leader)
    response = leader_client.get(reverse("inbox_badge"), **HTMX)
    html = response.content.decode()
    assert 'id="nav-inbox"' in html
    assert ">1<" in html


def test_the_navigation_link_is_empty_for_members(client, member):
    client.force_login(member)
    response = client.get(reverse("inbox_badge"), **HTMX)
    assert response.content.decode().strip() == ""
