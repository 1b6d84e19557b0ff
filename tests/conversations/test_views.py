"""The conversation pages through the Django test client: home, composer, post page, cards."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import PersonFactory
from townhall.conversations.models import (
    Acknowledgement,
    Bookmark,
    Comment,
    Post,
    PostView,
    Reaction,
)
from townhall.conversations.services import (
    add_comment,
    edit_comment,
    publish_post,
    toggle_reaction,
)
from townhall.groups.services import create_group, decide_join_request, request_to_join

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def private_group(owner, member):
    group = create_group(actor=owner, name="Board room", visibility="private")
    decide_join_request(
        actor=owner, request=request_to_join(person=member, group=group), approve=True
    )
    return group


@pytest.fixture
def leader(db, company):
    return PersonFactory(
        first_name="Lea", last_name="Leader", roles=["leader"], primary_unit=company
    )


@pytest.fixture(autouse=True)
def _generous_rate_limits(settings):
    settings.TOWNHALL_RATE_LIMITS = {k: (10_000, 60) for k in settings.TOWNHALL_RATE_LIMITS}


def _busy_feed(owner, member, n=30):
    """n posts, each with a topic, a comment, a reply and a reaction."""
    posts = []
    for i in range(n):
        post = publish_post(author=owner, body=f"Update {i} about #roadmap and #q{i % 3}")
        top = add_comment(author=member, post=post, body="Nice")
        add_comment(author=owner, post=post, body="Thanks", parent=top)
        toggle_reaction(person=member, post=post, kind="celebrate")
        posts.append(post)
    return posts


# --- Home --------------------------------------------------------------------------------


def test_home_shows_composer_and_feed_newest_first(client, owner, member):
    publish_post(author=owner, body="First")
    publish_post(author=owner, body="Second")
    client.force_login(member)
    html = client.get("/").content.decode()
    assert 'action="/posts/new/"' in html
    assert html.index("Second") < html.index("First")


def test_home_composer_offers_announcement_only_to_leaders(client, member, leader):
    client.force_login(member)
    assert 'value="announcement"' not in client.get("/").content.decode()
    client.force_login(leader)
    assert 'value="announcement"' in client.get("/").content.decode()


def test_home_page_queries_are_bounded_with_a_busy_feed(
    client, owner, member, django_assert_max_num_queries
):
    _busy_feed(owner, member)
    client.force_login(member)
    with django_assert_max_num_queries(30):
        response = client.get("/")
    assert response.content.decode().count('class="post-card card') == 20


def test_home_infinite_scroll_returns_only_the_next_cards(client, owner, member):
    _busy_feed(owner, member, n=25)
    client.force_login(member)
    first = client.get("/")
    cursor = first.context["page"].next_cursor
    assert cursor and 'hx-trigger="revealed"' in first.content.decode()
    more = client.get(f"/?after={cursor}", **HTMX)
    html = more.content.decode()
    assert "<html" not in html
    assert html.count('class="post-card card') == 5
    assert 'hx-trigger="revealed"' not in html  # the last page has no sentinel


def test_infinite_scroll_page_queries_are_bounded(
    client, owner, member, django_assert_max_num_queries
):
    _busy_feed(owner, member, n=45)
    client.force_login(member)
    cursor = client.get("/").context["page"].next_cursor
    with django_assert_max_num_queries(15):
        client.get(f"/?after={cursor}", **HTMX)


def test_outsider_never_sees_private_group_posts_on_home(client, owner, outsider, private_group):
    publish_post(author=owner, body="Board secrets", group=private_group)
    client.force_login(outsider)
    assert "Board secrets" not in client.get("/").content.decode()


def test_pinned_must_read_is_on_top_with_receipt_button(client, leader, member):
    publish_post(author=leader, body="Regular news")
    publish_post(
        author=leader, body="Read the policy", kind="announcement", pinned=True, must_read=True
    )
    client.force_login(member)
    html = client.get("/").content.decode()
    assert html.index("Read the policy") < html.index('action="/posts/new/"')
    assert "read this" in html and 'action="/posts/' in html
    assert "acknowledged" not in html  # the count is for the author and leaders


def test_author_sees_how_many_acknowledged(client, leader, member, owner):
    post = publish_post(
        author=leader, body="Read the policy", kind="announcement", pinned=True, must_read=True
    )
    client.force_login(member)
    response = client.post(reverse("acknowledge", args=[post.pk]), **HTMX)
    assert "You confirmed" in response.content.decode()
    client.force_login(leader)
    assert "1 of 3 acknowledged" in client.get("/").content.decode()


def test_catch_up_lists_mentions_and_questions_for_me(client, owner, member):
    publish_post(author=owner, body=f"Great work @{member.handle}")
    publish_post(author=owner, body=f"@{member.handle} can you check the numbers?", kind="question")
    client.force_login(member)
    html = client.get("/").content.decode()
    assert "Mentioned you" in html
    assert "Question for you" in html


def test_catch_up_honours_since_parameter(client, owner, member):
    publish_post(author=owner, body=f"Hello @{member.handle}")
    client.force_login(member)
    assert "Mentioned you" not in client.get("/?since=2999-01-01").content.decode()


# --- Composer ----------------------------------------------------------------------------


def test_compose_publishes_and_returns_home(client, member):
    client.force_login(member)
    group = client.get("/").context["composer"].fields["group"].choices
    group_id = next(iter(group))[0]
    response = client.post(
        "/posts/new/", {"kind": "update", "body": "Shipped #release", "group": group_id}
    )
    post = Post.objects.get()
    assert response.status_code == 302
    assert post.author == member and [t.slug for t in post.topics.all()] == ["release"]


def test_compose_empty_post_is_422_and_stores_nothing(client, member):
    client.force_login(member)
    group_id = next(iter(client.get("/").context["composer"].fields["group"].choices))[0]
    response = client.post("/posts/new/", {"kind": "update", "body": "  ", "group": group_id})
    assert response.status_code == 422
    assert "Write something first." in response.content.decode()
    assert not Post.objects.exists()


def test_compose_announcement_by_non_leader_is_422(client, member):
    client.force_login(member)
    group_id = next(iter(client.get("/").context["composer"].fields["group"].choices))[0]
    response = client.post(
        "/posts/new/", {"kind": "announcement", "body": "Hear ye", "group": group_id}
    )
    assert response.status_code == 422
    assert "Only leaders and community managers can announce." in response.content.decode()
    assert not Post.objects.exists()


def test_compose_article_without_title_is_422(client, member):
    client.force_login(member)
    group_id = next(iter(client.get("/").context["composer"].fields["group"].choices))[0]
    response = client.post("/posts/new/", {"kind": "article", "body": "Long", "group": group_id})
    assert response.status_code == 422
    assert "An article needs a title." in response.content.decode()


def test_outsider_cannot_post_into_private_group(client, outsider, private_group):
    client.force_login(outsider)
    response = client.post(
        "/posts/new/", {"kind": "update", "body": "let me in", "group": private_group.pk}
    )
    assert response.status_code == 422
    assert not Post.objects.exists()


# --- Post page ---------------------------------------------------------------------------


def test_post_detail_records_a_view_and_shows_threads(client, owner, member):
    post = publish_post(author=owner, body="Topic of the day")
    top = add_comment(author=member, post=post, body="First comment")
    add_comment(author=owner, post=post, body="A reply", parent=top)
    client.force_login(member)
    html = client.get(reverse("post_detail", args=[post.pk])).content.decode()
    assert "First comment" in html and "A reply" in html and "comments--replies" in html
    assert PostView.objects.filter(post=post, person=member).exists()


def test_outsider_gets_404_for_private_group_post(client, owner, outsider, private_group):
    post = publish_post(author=owner, body="Board only", group=private_group)
    client.force_login(outsider)
    assert client.get(reverse("post_detail", args=[post.pk])).status_code == 404
    assert client.post(reverse("react", args=[post.pk]), {"kind": "like"}).status_code == 404
    assert client.post(reverse("add_comment", args=[post.pk]), {"body": "hi"}).status_code == 404


def test_post_detail_queries_are_bounded(client, owner, member, django_assert_max_num_queries):
    post = publish_post(author=owner, body="Busy thread")
    for i in range(20):
        top = add_comment(author=member, post=post, body=f"comment {i}")
        add_comment(author=owner, post=post, body=f"reply {i}", parent=top)
    client.force_login(member)
    with django_assert_max_num_queries(25):
        client.get(reverse("post_detail", args=[post.pk]))


def test_add_comment_with_htmx_returns_the_comment_section(client, owner, member):
    post = publish_post(author=owner, body="Thoughts?")
    client.force_login(member)
    response = client.post(reverse("add_comment", args=[post.pk]), {"body": "Mine!"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'id="comments"' in html and "Mine!" in html


def test_reply_lands_under_its_comment(client, owner, member):
    post = publish_post(author=owner, body="Thoughts?")
    top = add_comment(author=member, post=post, body="Top")
    client.force_login(owner)
    client.post(reverse("add_comment", args=[post.pk]), {"body": "Reply", "parent": top.pk})
    assert Comment.objects.get(body="Reply").parent == top


def test_empty_comment_is_422_and_stores_nothing(client, owner, member):
    post = publish_post(author=owner, body="Thoughts?")
    client.force_login(member)
    response = client.post(reverse("add_comment", args=[post.pk]), {"body": " "})
    assert response.status_code == 422
    assert "Write something first." in response.content.decode()
    assert not Comment.objects.exists()


def test_author_edits_own_comment(client, owner, member):
    post = publish_post(author=owner, body="Thoughts?")
    comment = add_comment(author=member, post=post, body="Typo")
    client.force_login(member)
    client.post(reverse("edit_comment", args=[comment.pk]), {"body": "Fixed"})
    assert Comment.objects.get(pk=comment.pk).body == "Fixed"


def test_others_cannot_edit_a_comment(client, owner, member):
    post = publish_post(author=owner, body="Thoughts?")
    comment = add_comment(author=member, post=post, body="Mine")
    client.force_login(owner)
    response = client.post(reverse("edit_comment", args=[comment.pk]), {"body": "Hacked"})
    assert response.status_code == 403
    assert Comment.objects.get(pk=comment.pk).body == "Mine"


def test_author_deletes_own_comment(client, owner, member):
    post = publish_post(author=owner, body="Thoughts?")
    comment = add_comment(author=member, post=post, body="Oops")
    client.force_login(member)
    client.post(reverse("delete_comment", args=[comment.pk]))
    assert Comment.objects.get(pk=comment.pk).deleted_at is not None


def test_moderator_sees_comment_history(client, owner, member, community_manager):
    post = publish_post(author=owner, body="Thoughts?")
    comment = add_comment(author=member, post=post, body="Original words")
    edit_comment(actor=member, comment=comment, body="New words")
    client.force_login(community_manager)
    assert "Original words" in client.get(reverse("post_detail", args=[post.pk])).content.decode()


def test_members_do_not_see_comment_history(client, owner, member):
    post = publish_post(author=owner, body="Thoughts?")
    comment = add_comment(author=member, post=post, body="Original words")
    edit_comment(actor=member, comment=comment, body="New words")
    client.force_login(owner)
    assert (
        "Original words" not in client.get(reverse("post_detail", args=[post.pk])).content.decode()
    )


def test_question_author_accepts_an_answer(client, owner, member):
    post = publish_post(author=owner, body="How do I expense?", kind="question")
    answer = add_comment(author=member, post=post, body="Use the app")
    client.force_login(owner)
    assert "Accept as answer" in client.get(reverse("post_detail", args=[post.pk])).content.decode()
    client.post(reverse("accept_answer", args=[post.pk]), {"comment": answer.pk})
    assert Post.objects.get(pk=post.pk).accepted_comment == answer


def test_others_cannot_accept_an_answer(client, owner, member):
    post = publish_post(author=owner, body="How do I expense?", kind="question")
    answer = add_comment(author=member, post=post, body="Use the app")
    client.force_login(member)
    response = client.post(reverse("accept_answer", args=[post.pk]), {"comment": answer.pk})
    assert response.status_code == 403
    assert Post.objects.get(pk=post.pk).accepted_comment is None


def test_author_edits_own_post(client, owner):
    post = publish_post(author=owner, body="Draft")
    client.force_login(owner)
    response = client.post(reverse("edit_post", args=[post.pk]), {"body": "Final"})
    assert response.status_code == 302
    assert Post.objects.get(pk=post.pk).body == "Final"
    assert "edited" in client.get(reverse("post_detail", args=[post.pk])).content.decode()


def test_others_cannot_edit_a_post(client, owner, member):
    post = publish_post(author=owner, body="Draft")
    client.force_login(member)
    assert client.get(reverse("edit_post", args=[post.pk])).status_code == 403


def test_empty_post_edit_is_422(client, owner):
    post = publish_post(author=owner, body="Draft")
    client.force_login(owner)
    response = client.post(reverse("edit_post", args=[post.pk]), {"body": ""})
    assert response.status_code == 422
    assert Post.objects.get(pk=post.pk).body == "Draft"


def test_author_deletes_own_post(client, owner):
    post = publish_post(author=owner, body="Bye")
    client.force_login(owner)
    client.post(reverse("delete_post", args=[post.pk]))
    assert Post.objects.get(pk=post.pk).deleted_at is not None


def test_member_cannot_delete_someone_elses_post(client, owner, member):
    post = publish_post(author=owner, body="Stay")
    client.force_login(member)
    assert client.post(reverse("delete_post", args=[post.pk])).status_code == 403
    assert Post.objects.get(pk=post.pk).deleted_at is None


# --- Card actions ------------------------------------------------------------------------


def test_reaction_toggle_returns_the_updated_bar(client, owner, member):
    post = publish_post(author=owner, body="React")
    client.force_login(member)
    response = client.post(reverse("react", args=[post.pk]), {"kind": "celebrate"}, **HTMX)
    html = response.content.decode()
    assert html.startswith('<div class="reactions"')
    assert "reaction--on" in html and 'aria-pressed="true"' in html
    assert '<span class="reaction__count">1</span>' in html
    client.post(reverse("react", args=[post.pk]), {"kind": "celebrate"}, **HTMX)
    assert not Reaction.objects.exists()


def test_unknown_reaction_is_refused_with_400(client, owner, member):
    post = publish_post(author=owner, body="React")
    client.force_login(member)
    assert client.post(reverse("react", args=[post.pk]), {"kind": "angry"}).status_code == 400
    assert not Reaction.objects.exists()


def test_bookmark_toggle_with_htmx(client, owner, member):
    post = publish_post(author=owner, body="Keep")
    client.force_login(member)
    html = client.post(reverse("bookmark", args=[post.pk]), **HTMX).content.decode()
    assert 'aria-pressed="true"' in html and "Saved" in html
    assert Bookmark.objects.filter(person=member, post=post).exists()


def test_acknowledge_needs_a_must_read(client, owner, member):
    post = publish_post(author=owner, body="Ordinary")
    client.force_login(member)
    assert client.post(reverse("acknowledge", args=[post.pk])).status_code == 403
    assert not Acknowledgement.objects.exists()


def test_share_into_my_group(client, owner, member):
    post = publish_post(author=owner, body="Worth sharing")
    group = create_group(actor=member, name="Sales crew")
    client.force_login(member)
    client.post(reverse("share_post", args=[post.pk]), {"group": group.pk, "comment": "See this"})
    shared = Post.objects.get(group=group)
    assert shared.shared_post == post and shared.body == "See this"


def test_outsider_cannot_share_into_a_group_they_are_not_in(client, owner, outsider, private_group):
    post = publish_post(author=owner, body="Worth sharing")
    client.force_login(outsider)
    client.post(reverse("share_post", args=[post.pk]), {"group": private_group.pk})
    assert not Post.objects.filter(group=private_group).exists()


def test_shared_private_post_body_is_hidden_from_outsiders(
    client, owner, member, outsider, private_group
):
    secret = publish_post(author=owner, body="Board numbers", group=private_group)
    from townhall.conversations.services import share_post
    from townhall.groups.services import company_group

    share_post(person=member, post=secret, group=company_group(), comment="Look")
    client.force_login(outsider)
    html = client.get("/").content.decode()
    assert "Look" in html and "Board numbers" not in html


# --- Topics and people -------------------------------------------------------------------


def test_topic_page_lists_posts_and_follows(client, owner, member, django_assert_max_num_queries):
    _busy_feed(owner, member)
    client.force_login(member)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("topic_detail", args=["roadmap"]))
    assert response.content.decode().count('class="post-card card') == 20
    client.post(reverse("follow_topic", args=["roadmap"]))
    assert "Following" in client.get(reverse("topic_detail", args=["roadmap"])).content.decode()


def test_unknown_topic_is_404(client, member):
    client.force_login(member)
    assert client.get(reverse("topic_detail", args=["nope"])).status_code == 404


def test_topic_page_hides_private_posts_from_outsiders(client, owner, outsider, private_group):
    publish_post(author=owner, body="Board #plans", group=private_group)
    client.force_login(outsider)
    assert "Board" not in client.get(reverse("topic_detail", args=["plans"])).content.decode()


def test_profile_shows_posts_and_follow_button(
    client, owner, member, django_assert_max_num_queries
):
    _busy_feed(owner, member, n=12)
    client.force_login(member)
    with django_assert_max_num_queries(30):
        html = client.get(reverse("profile", args=[owner.pk])).content.decode()
    assert html.count('class="post-card card') == 10
    assert f'action="/people/{owner.pk}/follow/"' in html
    client.post(reverse("follow_person", args=[owner.pk]))
    assert "✓ Following" in client.get(reverse("profile", args=[owner.pk])).content.decode()


def test_profile_hides_private_posts_from_outsiders(client, owner, outsider, private_group):
    publish_post(author=owner, body="Board only", group=private_group)
    client.force_login(outsider)
    assert "Board only" not in client.get(reverse("profile", args=[owner.pk])).content.decode()


def test_too_many_reactions_answer_htmx_with_a_plain_text_reason(client, settings, owner, member):
    settings.TOWNHALL_RATE_LIMITS = {**settings.TOWNHALL_RATE_LIMITS, "reaction": (1, 3600)}
    post = publish_post(author=owner, body="React slowly")
    client.force_login(member)
    url = reverse("react", args=[post.pk])
    assert client.post(url, {"kind": "like"}, HTTP_HX_REQUEST="true").status_code == 200
    response = client.post(url, {"kind": "celebrate"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/plain")
    assert "too often" in response.content.decode()
