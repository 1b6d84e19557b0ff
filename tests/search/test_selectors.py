"""Search through the real services on whichever database the run uses (SQLite or PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from townhall.groups.services import create_group
from townhall.search.models import SearchEntry
from townhall.search.selectors import SearchType, resolve_filters, search


def texts(results) -> str:
    """Everything a result list would show: titles, bodies and snippets."""
    return " ".join(
        f"{h.entry.title} {h.entry.body} {h.snippet} {h.post.title} {h.post.body}"
        for h in results.hits
    )


def test_published_post_is_found_by_a_word_in_its_body(committed, owner, member):
    post = committed("publish_post", author=owner, body="Quarterly pricing review is done")
    results = search(member, query="pricing")
    assert [h.post.pk for h in results.hits] == [post.pk]


def test_snippet_highlights_the_matching_word(committed, owner, member):
    committed("publish_post", author=owner, body="The pricing review is done")
    [hit] = search(member, query="pricing").hits
    assert "<mark>pricing</mark>" in hit.snippet


def test_non_member_never_sees_private_group_post(committed, owner, outsider, private_group):
    committed(
        "publish_post",
        author=owner,
        title="Merger plans",
        body="Confidential merger with Globex",
        group=private_group,
    )
    for query in ("merger", "globex", "confidential"):
        results = search(outsider, query=query)
        assert results.hits == []
        assert "erger" not in texts(results)


def test_member_sees_private_group_post(committed, owner, member, private_group):
    post = committed("publish_post", author=owner, body="Merger with Globex", group=private_group)
    assert [h.post.pk for h in search(member, query="globex").hits] == [post.pk]


def test_non_member_never_sees_private_group_comment(
    committed, owner, member, outsider, private_group
):
    post = committed("publish_post", author=owner, body="Board agenda", group=private_group)
    committed("add_comment", author=member, post=post, body="Layoffs in Rotterdam office")
    for type_ in (SearchType.ALL, SearchType.COMMENTS):
        results = search(outsider, query="layoffs", type=type_)
        assert results.hits == []
    assert [h.is_comment for h in search(member, query="layoffs").hits] == [True]


def test_private_posts_do_not_crowd_out_readable_ones(committed, owner, outsider, private_group):
    # The permission filter runs before the candidate cap, not after slicing a page.
    public = committed("publish_post", author=owner, body="budget for the open team")
    for i in range(3):
        committed("publish_post", author=owner, body=f"budget secret {i}", group=private_group)
    results = search(outsider, query="budget")
    assert [h.post.pk for h in results.hits] == [public.pk]


def test_deleted_post_vanishes_with_its_comments(committed, owner, member):
    post = committed("publish_post", author=owner, body="Espresso machine is broken")
    committed("add_comment", author=member, post=post, body="Espresso is life")
    committed("delete_post", actor=owner, post=post)
    assert search(member, query="espresso").hits == []
    assert not SearchEntry.objects.filter(post=post).exists()


def test_deleted_comment_vanishes(committed, owner, member):
    post = committed("publish_post", author=owner, body="Lunch plans")
    comment = committed("add_comment", author=member, post=post, body="Sushi please")
    committed("delete_comment", actor=member, comment=comment)
    assert search(owner, query="sushi").hits == []


def test_edited_post_is_reindexed(committed, owner, member):
    post = committed("publish_post", author=owner, body="Meeting on Tuesday")
    committed("edit_post", actor=owner, post=post, body="Meeting on Thursday")
    assert search(member, query="tuesday").hits == []
    assert [h.post.pk for h in search(member, query="thursday").hits] == [post.pk]


def test_edited_comment_is_reindexed(committed, owner, member):
    post = committed("publish_post", author=owner, body="Team offsite")
    comment = committed("add_comment", author=member, post=post, body="Prefer Lisbon")
    committed("edit_comment", actor=member, comment=comment, body="Prefer Porto")
    assert search(owner, query="lisbon").hits == []
    assert len(search(owner, query="porto").hits) == 1


def test_script_in_body_comes_out_inert_in_snippet(committed, owner, member):
    committed(
        "publish_post",
        author=owner,
        body="payload <script>alert(1)</script> &lt;img src=x onerror=alert(1)&gt; payload",
    )
    [hit] = search(member, query="payload").hits
    assert "<script" not in hit.snippet
    assert "<img" not in hit.snippet
    assert hit.snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_highlight_markers_typed_in_a_body_cannot_open_elements(committed, owner, member):
    committed("publish_post", author=owner, body="marker \ue000 trick \ue001 here")
    [hit] = search(member, query="trick").hits
    assert hit.snippet.count("<mark>") == hit.snippet.count("</mark>") == 1


def test_search_operators_typed_by_people_are_plain_words(committed, owner, member):
    committed("publish_post", author=owner, body="near the NOT operator docs")
    assert len(search(member, query='NOT "near* (operator').hits) == 1


def test_filters_by_kind_group_author_and_dates(committed, owner, member):
    group = create_group(actor=member, name="Garden club")
    q = committed(
        "publish_post", author=member, body="tomatoes question?", kind="question", group=group
    )
    committed("publish_post", author=owner, body="tomatoes update")
    assert [h.post.pk for h in search(owner, query="tomatoes", post_kind="question").hits] == [q.pk]
    assert [h.post.pk for h in search(owner, query="tomatoes", group=group).hits] == [q.pk]
    assert [h.post.pk for h in search(owner, query="tomatoes", author=member).hits] == [q.pk]
    tomorrow = (timezone.now() + timedelta(days=1)).date()
    assert search(owner, query="tomatoes", since=tomorrow).hits == []
    assert len(search(owner, query="tomatoes", until=tomorrow).hits) == 2


def test_comment_and_post_tabs_split_hits(committed, owner, member):
    post = committed("publish_post", author=owner, body="Kayak trip")
    committed("add_comment", author=member, post=post, body="Kayak count me in")
    assert [h.is_comment for h in search(owner, query="kayak", type="posts").hits] == [False]
    assert [h.is_comment for h in search(owner, query="kayak", type="comments").hits] == [True]


def test_secret_group_is_not_found_by_outsiders(owner, member, outsider):
    create_group(actor=owner, name="Project Falcon", visibility="secret")
    assert search(outsider, query="falcon", type="groups").groups == []
    assert [g.name for g in search(owner, query="falcon", type="groups").groups] == [
        "Project Falcon"
    ]


def test_hidden_group_filter_is_an_error_not_a_leak(owner, outsider):
    group = create_group(actor=owner, name="Project Falcon", visibility="secret")
    with pytest.raises(ValidationError) as exc:
        resolve_filters(outsider, group_slug=group.slug)
    assert "group" in exc.value.message_dict


def test_people_come_from_the_directory(owner, member):
    assert member in search(owner, query="mats", type="people").people


def test_topics_match_by_prefix(committed, owner, member):
    committed("publish_post", author=owner, body="Welcome #Onboarding crew")
    assert [t.slug for t in search(member, query="#onboa", type="topics").topics] == ["onboarding"]


def test_unknown_type_is_a_validation_error(member):
    with pytest.raises(ValidationError):
        search(member, query="x", type="everything")


def test_anonymous_finds_nothing(committed, owner):
    from django.contrib.auth.models import AnonymousUser

    committed("publish_post", author=owner, body="public hello")
    assert search(AnonymousUser(), query="hello").is_empty


def test_reindex_rebuilds_from_live_posts(committed, owner, member):
    committed("publish_post", author=owner, body="Reindex me please")
    SearchEntry.objects.all().delete()
    assert search(member, query="reindex").hits == []
    call_command("reindex", verbosity=0)
    assert len(search(member, query="reindex").hits) == 1


def test_bounded_pages(committed, owner, member, settings):
    for i in range(23):
        committed("publish_post", author=owner, body=f"standup notes {i}")
    first = search(member, query="standup", type="posts")
    second = search(member, query="standup", type="posts", page=2)
    assert first.has_next and not second.has_next
    assert len(first.hits) == 20 and len(second.hits) == 3
    assert not {h.post.pk for h in first.hits} & {h.post.pk for h in second.hits}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Snowball stemming is PostgreSQL's")
def test_dutch_post_is_found_by_another_word_form(committed, owner, member):
    post = committed("publish_post", author=owner, body="Het nieuwe kantoor is open", language="nl")
    assert [h.post.pk for h in search(member, query="kantoren").hits] == [post.pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Snowball stemming is PostgreSQL's")
def test_swedish_post_is_found_by_another_word_form(committed, owner, member):
    post = committed("publish_post", author=owner, body="Alla flickorna i Malmö", language="sv")
    assert [h.post.pk for h in search(member, query="flicka").hits] == [post.pk]


def test_english_stemming_finds_other_word_forms(committed, owner, member):
    post = committed(
        "publish_post", author=owner, body="We are running the migrations", language="en"
    )
    assert [h.post.pk for h in search(member, query="migration run").hits] == [post.pk]


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the density probe is PostgreSQL's"
)


@postgres_only
def test_rare_word_is_found_through_the_index_among_many_entries(
    committed, owner, member, settings
):
    from townhall.search.backends import PostgresBackend

    settings.TOWNHALL_RATE_LIMITS = {**settings.TOWNHALL_RATE_LIMITS, "post": (1000, 3600)}
    for i in range(80):
        committed("publish_post", author=owner, body=f"weekly sales update {i}")
    rare = committed("publish_post", author=owner, body="The aquarium pump is broken")
    assert PostgresBackend()._is_sparse(["aquarium"])
    assert [h.post.pk for h in search(member, query="aquarium").hits] == [rare.pk]


@postgres_only
def test_common_word_walks_the_newest_entries_and_still_respects_permissions(
    committed, owner, member, outsider, private_group
):
    from townhall.search.backends import PostgresBackend

    public = [committed("publish_post", author=owner, body=f"sales note {i}") for i in range(22)]
    committed("publish_post", author=owner, body="sales secret", group=private_group)
    assert not PostgresBackend()._is_sparse(["sales"])
    found = {h.post.pk for h in search(outsider, query="sales", type="posts", page=1).hits}
    assert found <= {p.pk for p in public} and len(found) == 20


@postgres_only
def test_identical_stems_are_matched_once(db):
    from townhall.search.backends import PostgresBackend

    # "migr" stems to itself in all four languages: one clause, not four per row.
    assert PostgresBackend()._tsquery_text(["migr"]) == "( 'migr':* )"


@postgres_only
def test_only_stop_words_find_nothing(committed, owner, member):
    committed("publish_post", author=owner, body="The and of")
    assert search(member, query="the").hits == []
