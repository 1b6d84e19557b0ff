"""The feed pages (leaders, saved, unanswered questions) through the Django test client."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import PersonFactory
from townhall.conversations.services import (
    add_comment,
    publish_post,
    toggle_bookmark,
    toggle_reaction,
)
from townhall.groups.services import create_group, decide_join_request, request_to_join

HTMX = {"HTTP_HX_REQUEST": "true"}
CARD = 'class="post-card card'


@pytest.fixture(autouse=True)
def _generous_rate_limits(settings):
    settings.TOWNHALL_RATE_LIMITS = {k: (10_000, 60) for k in settings.TOWNHALL_RATE_LIMITS}


@pytest.fixture
def leader(db, company):
    return PersonFactory(
        first_name="Lea", last_name="Leader", roles=["leader"], primary_unit=company
    )


@pytest.fixture
def private_group(owner, member, leader):
    group = create_group(actor=owner, name="Board room", visibility="private")
    for person in (member, leader):
        decide_join_request(
            actor=owner, request=request_to_join(person=person, group=group), approve=True
        )
    return group


def _posts(author, reader, n, **kwargs):
    posts = []
    for i in range(n):
        post = publish_post(author=author, body=f"Post {i} #feeds", **kwargs)
        add_comment(author=reader, post=post, body="ok") if kwargs.get(
            "kind"
        ) != "question" else None
        toggle_reaction(person=reader, post=post, kind="insightful")
        posts.append(post)
    return posts


def test_leaders_feed_shows_only_leaders(client, leader, owner, member):
    publish_post(author=leader, body="From the top")
    publish_post(author=owner, body="From the floor")
    client.force_login(member)
    html = client.get(reverse("leaders_feed")).content.decode()
    assert "From the top" in html and "From the floor" not in html


def test_leaders_feed_queries_are_bounded(client, leader, member, django_assert_max_num_queries):
    _posts(leader, member, 30)
    client.force_login(member)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("leaders_feed"))
    assert response.content.decode().count(CARD) == 20


def test_leaders_feed_scrolls_with_an_htmx_partial(client, leader, member):
    _posts(leader, member, 25)
    client.force_login(member)
    cursor = client.get(reverse("leaders_feed")).context["page"].next_cursor
    html = client.get(f"{reverse('leaders_feed')}?after={cursor}", **HTMX).content.decode()
    assert "<html" not in html and html.count(CARD) == 5


def test_outsider_never_sees_private_leader_posts(client, leader, outsider, private_group):
    publish_post(author=leader, body="Board minutes", group=private_group)
    client.force_login(outsider)
    assert "Board minutes" not in client.get(reverse("leaders_feed")).content.decode()


def test_saved_feed_lists_my_bookmarks_only(client, owner, member):
    kept = publish_post(author=owner, body="Keep me")
    publish_post(author=owner, body="Not kept")
    toggle_bookmark(person=member, post=kept)
    client.force_login(member)
    html = client.get(reverse("saved_feed")).content.decode()
    assert "Keep me" in html and "Not kept" not in html


def test_saved_feed_queries_are_bounded(client, owner, member, django_assert_max_num_queries):
    for post in _posts(owner, member, 30):
        toggle_bookmark(person=member, post=post)
    client.force_login(member)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("saved_feed"))
    assert response.content.decode().count(CARD) == 20


def test_saved_feed_is_empty_for_someone_else(client, owner, member, outsider):
    post = publish_post(author=owner, body="Keep me")
    toggle_bookmark(person=member, post=post)
    client.force_login(outsider)
    assert "Keep me" not in client.get(reverse("saved_feed")).content.decode()


def test_questions_feed_lists_unanswered_questions(client, owner, member):
    publish_post(author=owner, body="Who knows SAP?", kind="question")
    answered = publish_post(author=owner, body="Where is the wiki?", kind="question")
    add_comment(author=member, post=answered, body="Here")
    publish_post(author=owner, body="Just an update")
    client.force_login(member)
    html = client.get(reverse("questions_feed")).content.decode()
    assert "Who knows SAP?" in html
    assert "Where is the wiki?" not in html and "Just an update" not in html


def test_questions_feed_queries_are_bounded(client, owner, member, django_assert_max_num_queries):
    _posts(owner, member, 30, kind="question")
    client.force_login(member)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("questions_feed"))
    assert response.content.decode().count(CARD) == 20


def test_outsider_never_sees_private_questions(client, owner, outsider, private_group):
    publish_post(author=owner, body="Board question?", kind="question", group=private_group)
    client.force_login(outsider)
    assert "Board question?" not in client.get(reverse("questions_feed")).content.decode()


def test_feed_pages_need_sign_in(client):
    response = client.get(reverse("leaders_feed"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
