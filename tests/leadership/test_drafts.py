"""Drafts for leaders: prepared by a community manager, edited and published by the leader."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from townhall.conversations.models import Post
from townhall.governance.models import AuditEntry
from townhall.groups.services import company_group, create_group
from townhall.leadership.models import DraftPost, DraftStatus
from townhall.leadership.selectors import pending_drafts_for
from townhall.leadership.services import (
    decline_draft,
    prepare_draft,
    publish_draft,
    update_draft,
)
from townhall.notifications.models import Kind, Notification
from townhall.notifications.selectors import describe


@pytest.fixture
def draft(community_manager, leader):
    return prepare_draft(
        actor=community_manager,
        leader=leader,
        group=company_group(),
        kind="article",
        title="Why we are moving offices",
        body="Our lease ends in May. Here is what we looked at.",
    )


def _url(draft) -> str:
    return reverse("leadership_draft", args=[draft.pk])


def test_preparing_a_draft_tells_the_leader(community_manager, leader, commit):
    with commit():
        draft = prepare_draft(
            actor=community_manager, leader=leader, group=company_group(), body="Hello all"
        )
    notification = Notification.objects.get(recipient=leader, kind=Kind.DRAFT_FOR_YOU)
    entry = describe(notification, leader)
    assert entry.accessible and entry.url == draft.get_absolute_url() == _url(draft)
    assert "prepared a draft post for you" in entry.text


def test_preparing_a_draft_is_audited_with_the_preparer(draft, community_manager, leader):
    entry = AuditEntry.objects.get(action="draft.prepared")
    assert entry.actor == community_manager
    assert entry.details["leader"] == leader.pk
    assert entry.details["prepared_by"] == community_manager.pk


def test_nothing_is_published_until_the_leader_decides(draft):
    assert not Post.objects.exists()
    assert draft.status == DraftStatus.PENDING


def test_the_leader_edits_and_publishes_the_draft_as_their_own(draft, leader):
    post = publish_draft(actor=leader, draft=draft, title="Our new office", body="Edited by me.")
    assert (post.author, post.kind, post.title, post.body) == (
        leader,
        "article",
        "Our new office",
        "Edited by me.",
    )
    draft.refresh_from_db()
    assert draft.status == DraftStatus.PUBLISHED and draft.published_post == post


def test_publishing_is_audited_with_the_preparer(draft, leader, community_manager):
    post = publish_draft(actor=leader, draft=draft)
    entry = AuditEntry.objects.get(action="draft.published")
    assert entry.actor == leader
    assert entry.details == {
        "post": post.pk,
        "prepared_by": community_manager.pk,
        "leader": leader.pk,
    }


def test_the_preparer_cannot_publish_or_edit(draft, community_manager):
    with pytest.raises(PermissionDenied):
        publish_draft(actor=community_manager, draft=draft)
    with pytest.raises(PermissionDenied):
        update_draft(actor=community_manager, draft=draft, body="Sneaky edit")
    assert not Post.objects.exists()


def test_a_declined_draft_publishes_nothing(draft, leader):
    decline_draft(actor=leader, draft=draft)
    draft.refresh_from_db()
    assert draft.status == DraftStatus.DECLINED and not Post.objects.exists()
    with pytest.raises(PermissionDenied):
        publish_draft(actor=leader, draft=draft)


def test_an_article_without_a_title_is_refused_and_nothing_changes(draft, leader):
    with pytest.raises(ValidationError) as exc:
        publish_draft(actor=leader, draft=draft, title="  ")
    assert "title" in exc.value.message_dict
    draft.refresh_from_db()
    assert draft.title == "Why we are moving offices" and not Post.objects.exists()


def test_a_draft_cannot_target_a_group_the_leader_cannot_post_in(community_manager, leader):
    board = create_group(actor=community_manager, name="Comms team", visibility="private")
    with pytest.raises(ValidationError) as exc:
        prepare_draft(actor=community_manager, leader=leader, group=board, body="Hi")
    assert "group" in exc.value.message_dict
    assert not DraftPost.objects.exists()


def test_members_cannot_prepare_drafts(member, leader):
    with pytest.raises(PermissionDenied):
        prepare_draft(actor=member, leader=leader, group=company_group(), body="Hi")


def test_pending_drafts_are_the_leader_s_pending_ones_newest_first(
    community_manager, leader, draft
):
    newer = prepare_draft(
        actor=community_manager, leader=leader, group=company_group(), body="Second"
    )
    third = prepare_draft(actor=community_manager, leader=leader, group=company_group(), body="3")
    decline_draft(actor=leader, draft=third)
    assert list(pending_drafts_for(leader)) == [newer, draft]


def test_the_leader_sees_an_edit_form(client, leader, draft):
    client.force_login(leader)
    body = client.get(_url(draft)).content.decode()
    assert "Publish as my post" in body and 'name="body"' in body


def test_publishing_from_the_page_redirects_to_the_new_post(client, leader, draft):
    client.force_login(leader)
    group = company_group()
    response = client.post(
        _url(draft),
        {
            "action": "publish",
            "group": group.pk,
            "kind": "article",
            "title": "Moving",
            "body": "Final words",
        },
    )
    post = Post.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/posts/{post.pk}/"
    assert post.author == leader and post.body == "Final words"


def test_saving_from_the_page_keeps_the_draft_pending(client, leader, draft):
    client.force_login(leader)
    client.post(
        _url(draft),
        {"action": "save", "group": company_group().pk, "kind": "update", "body": "Shorter"},
    )
    draft.refresh_from_db()
    assert (draft.body, draft.kind, draft.status) == ("Shorter", "update", "pending")


def test_bad_input_on_the_page_comes_back_with_errors(client, leader, draft):
    client.force_login(leader)
    response = client.post(
        _url(draft),
        {"action": "publish", "group": company_group().pk, "kind": "article", "body": "x"},
    )
    assert response.status_code == 422
    assert "An article needs a title." in response.content.decode()
    assert not Post.objects.exists()


def test_declining_from_the_page(client, leader, draft):
    client.force_login(leader)
    client.post(reverse("leadership_draft_decline", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == DraftStatus.DECLINED


@pytest.mark.parametrize("who", ["community_manager", "admin"])
def test_community_managers_read_the_draft_without_a_form(client, request, who, draft):
    client.force_login(request.getfixturevalue(who))
    response = client.get(_url(draft))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Our lease ends in May." in body and 'name="body"' not in body
    assert client.post(_url(draft), {"action": "publish"}).status_code == 403


@pytest.mark.parametrize("who", ["member", "owner", "outsider"])
def test_nobody_else_can_see_a_draft(client, request, who, draft):
    person = request.getfixturevalue(who)
    client.force_login(person)
    assert client.get(_url(draft)).status_code == 404
    assert client.post(reverse("leadership_draft_decline", args=[draft.pk])).status_code == 404
    assert "Our lease" not in client.get(reverse("leadership_drafts")).content.decode()


def test_the_draft_notification_is_inaccessible_to_anyone_else(draft, member):
    forged = Notification(recipient=member, kind=Kind.DRAFT_FOR_YOU, target_type="leadership.draft")
    forged.target_id = draft.pk
    assert not describe(forged, member).accessible


def test_the_drafts_list_shows_mine(client, leader, draft):
    client.force_login(leader)
    assert "Why we are moving offices" in client.get(reverse("leadership_drafts")).content.decode()


def test_the_prepare_page_creates_a_draft(client, community_manager, leader):
    client.force_login(community_manager)
    url = reverse("leadership_prepare", args=[leader.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"group": company_group().pk, "kind": "update", "title": "", "body": "Welcome!"}
    )
    draft = DraftPost.objects.get()
    assert response.status_code == 302 and response["Location"] == _url(draft)
    assert draft.prepared_by == community_manager and draft.leader == leader


def test_the_prepare_page_refuses_empty_text(client, community_manager, leader):
    client.force_login(community_manager)
    url = reverse("leadership_prepare", args=[leader.pk])
    response = client.post(url, {"group": company_group().pk, "kind": "update", "body": ""})
    assert response.status_code == 422 and not DraftPost.objects.exists()


def test_members_cannot_open_the_prepare_page(client, member, leader):
    client.force_login(member)
    assert client.get(reverse("leadership_prepare", args=[leader.pk])).status_code == 403
