"""Atom feeds: what a session, a member's token and an outsider's token each get to read."""

from __future__ import annotations

import html

import feedparser
import pytest
from django.test import Client

from townhall.conversations.services import publish_post
from townhall.groups.services import create_group
from townhall.people.services import regenerate_feed_token


@pytest.fixture
def private_group(owner, member):
    group = create_group(actor=owner, name="Board room", visibility="private")
    from townhall.groups.models import Membership

    Membership.objects.create(group=group, person=member)
    return group


@pytest.fixture
def secret_group(owner):
    return create_group(actor=owner, name="Skunkworks", visibility="secret")


def _client(person=None) -> Client:
    client = Client()
    if person is not None:
        client.force_login(person)
    return client


def _feed(client: Client, url: str) -> feedparser.FeedParserDict:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/atom+xml")
    return feedparser.parse(response.content)


def _titles(parsed: feedparser.FeedParserDict) -> list[str]:
    return [entry.title for entry in parsed.entries]


def test_company_articles_appear_in_person_feed_with_session(owner, outsider):
    publish_post(author=owner, body="Long read", kind="article", title="On culture")
    publish_post(author=owner, body="Just an update")
    parsed = _feed(_client(outsider), f"/rss/people/{owner.pk}/articles/")
    assert _titles(parsed) == ["On culture"]
    entry = parsed.entries[0]
    assert entry.author == owner.display_name
    assert "/posts/" in entry.link
    assert entry.published


def test_signed_out_feed_without_token_redirects_to_sign_in(owner):
    response = _client().get("/rss/leaders/articles/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_private_group_feed_is_not_served_with_a_session(owner, member, private_group):
    publish_post(author=owner, body="Board minutes", group=private_group)
    assert _client(member).get(f"/rss/groups/{private_group.slug}/").status_code == 404


def test_private_posts_are_absent_from_session_topic_feed(owner, member, private_group):
    publish_post(author=owner, body="Budget #finance", group=private_group)
    publish_post(author=owner, body="Open books #finance")
    parsed = _feed(_client(member), "/rss/topics/finance/")
    assert _titles(parsed) == ["Open books #finance"]


def test_member_token_feed_carries_private_group_posts(owner, member, private_group):
    publish_post(author=owner, body="Board minutes", group=private_group)
    token = regenerate_feed_token(person=member)
    parsed = _feed(_client(), f"/rss/{token}/groups/{private_group.slug}/")
    assert _titles(parsed) == ["Board minutes"]


def test_member_token_topic_feed_carries_private_posts(owner, member, private_group):
    publish_post(author=owner, body="Budget #finance", group=private_group)
    token = regenerate_feed_token(person=member)
    parsed = _feed(_client(), f"/rss/{token}/topics/finance/")
    assert _titles(parsed) == ["Budget #finance"]


def test_outsider_token_cannot_read_private_group_feed(owner, outsider, private_group):
    publish_post(author=owner, body="Board minutes", group=private_group)
    token = regenerate_feed_token(person=outsider)
    assert _client().get(f"/rss/{token}/groups/{private_group.slug}/").status_code == 404


def test_outsider_token_topic_feed_leaves_out_private_posts(owner, outsider, private_group):
    publish_post(author=owner, body="Budget #finance", group=private_group)
    token = regenerate_feed_token(person=outsider)
    parsed = _feed(_client(), f"/rss/{token}/topics/finance/")
    assert _titles(parsed) == []


def test_secret_group_feed_is_not_found_for_outsider_token(owner, outsider, secret_group):
    publish_post(author=owner, body="Prototype", group=secret_group)
    token = regenerate_feed_token(person=outsider)
    assert _client().get(f"/rss/{token}/groups/{secret_group.slug}/").status_code == 404


def test_secret_group_articles_stay_out_of_authors_feed_for_outsider(owner, outsider, secret_group):
    publish_post(author=owner, body="x", kind="article", title="Hidden", group=secret_group)
    token = regenerate_feed_token(person=outsider)
    parsed = _feed(_client(), f"/rss/{token}/people/{owner.pk}/articles/")
    assert _titles(parsed) == []


def test_regenerating_invalidates_the_old_url(owner, member):
    old = regenerate_feed_token(person=member)
    new = regenerate_feed_token(person=member)
    assert _client().get(f"/rss/{old}/leaders/articles/").status_code == 404
    assert _client().get(f"/rss/{new}/leaders/articles/").status_code == 200


def test_made_up_token_is_not_found(db):
    assert _client().get("/rss/thf_nope/leaders/articles/").status_code == 404


def test_token_of_deactivated_person_stops_working(owner, member, admin):
    from townhall.people.services import set_active

    token = regenerate_feed_token(person=member)
    set_active(actor=admin, person=member, active=False)
    assert _client().get(f"/rss/{token}/leaders/articles/").status_code == 404


def test_leaders_articles_feed_lists_only_leaders_articles(owner, member, outsider):
    owner.is_leader = True
    owner.save(update_fields=["is_leader"])
    publish_post(author=owner, body="x", kind="article", title="Leader piece")
    publish_post(author=member, body="y", kind="article", title="Member piece")
    assert _titles(_feed(_client(outsider), "/rss/leaders/articles/")) == ["Leader piece"]


def test_xss_payload_is_inert_in_feed_content(owner, outsider):
    payload = 'Hi <script>alert(1)</script> <img src=x onerror="alert(2)"> [a](javascript:alert(3))'
    publish_post(author=owner, body=payload, kind="article", title="<b>t</b>")
    response = _client(outsider).get(f"/rss/people/{owner.pk}/articles/")
    # The HTML a feed reader renders is the entity-decoded summary; no live markup may survive.
    summary_html = html.unescape(response.content.decode().split("<summary", 1)[1])
    summary_html = summary_html.split("</summary>", 1)[0]
    for needle in ("<script", "<img", 'href="javascript'):
        assert needle not in summary_html
    assert b"<title>&lt;b&gt;t&lt;/b&gt;</title>" in response.content  # a text title, escaped


def test_feed_query_count_is_bounded(owner, outsider, django_assert_max_num_queries):
    for i in range(10):
        publish_post(author=owner, body=f"piece {i}", kind="article", title=f"T{i}")
    client = _client(outsider)
    with django_assert_max_num_queries(8):
        assert len(_feed(client, f"/rss/people/{owner.pk}/articles/").entries) == 10


def test_settings_page_lists_session_feeds(member):
    response = _client(member).get("/settings/feeds/")
    assert response.status_code == 200
    assert f"/rss/people/{member.pk}/articles/".encode() in response.content


def test_settings_page_shows_new_private_urls_once(member, private_group):
    client = _client(member)
    response = client.post("/settings/feeds/", {"action": "regenerate"})
    assert response.status_code == 200
    assert f"/groups/{private_group.slug}/".encode() in response.content
    assert b"/rss/thf_" in response.content
    assert b"/rss/thf_" not in client.get("/settings/feeds/").content


def test_settings_page_revoke_turns_private_urls_off(member):
    token = regenerate_feed_token(person=member)
    _client(member).post("/settings/feeds/", {"action": "revoke"})
    assert _client().get(f"/rss/{token}/leaders/articles/").status_code == 404


def test_settings_page_needs_sign_in(db):
    assert _client().get("/settings/feeds/").status_code == 302
