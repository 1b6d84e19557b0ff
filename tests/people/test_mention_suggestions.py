"""@mention autocomplete: the selector, its permission rules, the web fragment and the API."""

from __future__ import annotations

import pytest

from tests.factories import PersonFactory
from townhall.groups.services import company_group, create_group
from townhall.people.selectors import mention_suggestions
from townhall.people.services import create_access_token, set_active, update_profile

API = "/api/v1"


def handles(suggestions) -> list[str]:
    return [s.handle for s in suggestions]


@pytest.fixture
def colleagues(db, company):
    """Three Annas and a Bob, so prefixes have something to choose between."""
    return {
        "anna.berg": PersonFactory(
            email="anna.berg@acme.example", first_name="Anna", last_name="Berg",
            job_title="Engineer", primary_unit=company,
        ),
        "ab": PersonFactory(email="ab@acme.example", first_name="Zed", last_name="Annand"),
        "zz.anders": PersonFactory(
            email="zz.anders@acme.example", first_name="Andrea", last_name="Zimmer"
        ),
        "bob": PersonFactory(email="bob@acme.example", first_name="Bob", last_name="Anker"),
    }  # fmt: skip


def test_handle_prefix_matches_come_before_first_name_then_surname(owner, colleagues):
    # "an": handle anna.berg; first names Anna (again), Andrea; surnames Anker, Annand.
    assert handles(mention_suggestions(owner, "an")) == ["anna.berg", "zz.anders", "bob", "ab"]


def test_query_is_case_insensitive_and_may_start_with_the_at_sign(owner, colleagues):
    assert handles(mention_suggestions(owner, "@ANNA.B")) == ["anna.berg"]


def test_person_suggestion_shows_name_title_and_unit(owner, colleagues):
    [anna] = mention_suggestions(owner, "anna.")
    assert (anna.kind, anna.name, anna.detail) == ("person", "Anna Berg", "Engineer · Acme")
    assert anna.person == colleagues["anna.berg"]


def test_first_name_change_is_found_by_its_new_prefix(owner, colleagues):
    bob = colleagues["bob"]
    update_profile(actor=bob, person=bob, changes={"first_name": "Quentin"})
    assert handles(mention_suggestions(owner, "quen")) == ["bob"]


def test_at_most_limit_suggestions(owner, company):
    for n in range(12):
        PersonFactory(email=f"sam{n}@acme.example", first_name="Sam")
    assert len(mention_suggestions(owner, "sam")) == 8
    assert len(mention_suggestions(owner, "sam", limit=3)) == 3


def test_empty_query_suggests_nobody(owner, colleagues):
    assert mention_suggestions(owner, "") == []
    assert mention_suggestions(owner, "@") == []


def test_inactive_people_are_not_suggested(owner, admin, colleagues):
    set_active(actor=admin, person=colleagues["bob"], active=False)
    assert "bob" not in handles(mention_suggestions(owner, "bo"))
    assert "bob" not in handles(mention_suggestions(admin, "bo"))


def test_the_writer_is_not_suggested_to_themself(owner):
    assert owner.handle not in handles(mention_suggestions(owner, owner.handle))


def test_people_come_before_groups(owner, colleagues):
    create_group(actor=owner, name="Analytics guild")
    suggestions = mention_suggestions(owner, "an")
    assert [s.kind for s in suggestions] == ["person"] * 4 + ["group"]
    assert suggestions[-1].handle == "analytics-guild"


def test_groups_match_by_slug_or_name(owner, member):
    create_group(actor=owner, name="Platform team")
    assert handles(mention_suggestions(member, "platf")) == ["platform-team"]
    assert handles(mention_suggestions(member, "Platform T")) == ["platform-team"]


def test_company_group_is_suggested_to_everyone(owner, member):
    everyone = company_group()
    [suggestion] = mention_suggestions(member, everyone.slug)
    assert (suggestion.kind, suggestion.group) == ("group", everyone)


def test_secret_group_is_suggested_to_members_only(owner, member, outsider):
    create_group(actor=owner, name="Skunkworks", visibility="secret")
    assert handles(mention_suggestions(owner, "skunk")) == ["skunkworks"]
    assert mention_suggestions(member, "skunk") == []
    assert mention_suggestions(outsider, "skunk") == []


def test_private_group_is_suggested_to_outsiders(owner, outsider):
    create_group(actor=owner, name="Board room", visibility="private")
    assert handles(mention_suggestions(outsider, "board")) == ["board-room"]


def test_signed_out_visitor_gets_nothing(colleagues):
    from django.contrib.auth.models import AnonymousUser

    assert mention_suggestions(AnonymousUser(), "an") == []


def test_suggestions_run_a_bounded_number_of_queries(
    owner, colleagues, django_assert_max_num_queries
):
    create_group(actor=owner, name="Analytics guild")
    for n in range(20):
        PersonFactory(email=f"an{n}@acme.example", first_name="Anouk", last_name="Andersen")
    fresh = type(owner).objects.get(pk=owner.pk)  # no cached group ids
    # Three people tiers, the writer's groups, the groups: whatever the number of matches.
    with django_assert_max_num_queries(5):
        suggestions = mention_suggestions(fresh, "an")
    assert len(suggestions) == 8
    with django_assert_max_num_queries(5):
        mention_suggestions(fresh, "analytics")


# --- The web fragment ------------------------------------------------------------------------


def test_fragment_lists_options_with_handle_and_name(client, owner, colleagues):
    client.force_login(owner)
    response = client.get("/mentions/suggest", {"q": "anna."})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('role="option"') == 1
    assert 'data-mention="anna.berg"' in html
    assert "Anna Berg" in html and "@anna.berg" in html and "Engineer · Acme" in html


def test_fragment_is_empty_without_matches(client, owner):
    client.force_login(owner)
    response = client.get("/mentions/suggest", {"q": "nobody-by-that-name"})
    assert response.status_code == 200
    assert 'role="option"' not in response.content.decode()


def test_fragment_hides_secret_group_from_outsider(client, owner, outsider):
    create_group(actor=owner, name="Skunkworks", visibility="secret")
    client.force_login(outsider)
    assert "skunkworks" not in client.get("/mentions/suggest", {"q": "skunk"}).content.decode()


def test_fragment_needs_sign_in(client, colleagues):
    response = client.get("/mentions/suggest", {"q": "anna"})
    assert response.status_code == 302
    assert "anna.berg" not in response.content.decode()


def test_fragment_runs_a_bounded_number_of_queries(
    client, owner, colleagues, django_assert_max_num_queries
):
    client.force_login(owner)
    with django_assert_max_num_queries(8):  # session and person, then the selector's five
        client.get("/mentions/suggest", {"q": "an"})


def test_composer_and_comment_box_ask_for_mentions(client, owner):
    from townhall.conversations.services import publish_post

    post = publish_post(author=owner, body="Hello")
    client.force_login(owner)
    home = client.get("/").content.decode()
    assert "data-mentions" in home and "mention.js" in home
    assert 'id="new-comment" data-mentions' in client.get(f"/posts/{post.pk}/").content.decode()


# --- The API ---------------------------------------------------------------------------------


def test_api_lists_people_then_groups(client, owner, colleagues):
    create_group(actor=owner, name="Analytics guild")
    _token, raw = create_access_token(actor=owner, name="tests")
    response = client.get(
        f"{API}/mentions", {"q": "an"}, headers={"Authorization": f"Bearer {raw}"}
    )
    assert response.status_code == 200
    body = response.json()
    assert [(m["kind"], m["handle"]) for m in body] == [
        ("person", "anna.berg"),
        ("person", "zz.anders"),
        ("person", "bob"),
        ("person", "ab"),
        ("group", "analytics-guild"),
    ]
    assert body[0] == {
        "kind": "person",
        "id": colleagues["anna.berg"].pk,
        "handle": "anna.berg",
        "name": "Anna Berg",
        "detail": "Engineer · Acme",
        "photo": None,
    }


def test_api_hides_secret_group_from_outsider(client, owner, outsider):
    create_group(actor=owner, name="Skunkworks", visibility="secret")
    client.force_login(outsider)
    assert client.get(f"{API}/mentions", {"q": "skunk"}).json() == []
    client.force_login(owner)
    assert [m["handle"] for m in client.get(f"{API}/mentions", {"q": "skunk"}).json()] == [
        "skunkworks"
    ]


def test_api_needs_authentication(client, colleagues):
    assert client.get(f"{API}/mentions", {"q": "anna"}).status_code == 401


def test_api_refuses_a_limit_above_eight(client, owner):
    client.force_login(owner)
    assert client.get(f"{API}/mentions", {"q": "a", "limit": 9}).status_code == 422


def test_api_is_in_the_openapi_schema(client):
    schema = client.get(f"{API}/openapi.json").json()
    operation = schema["paths"]["/api/v1/mentions"]["get"]
    assert operation["summary"] == "People and groups to @mention"
    assert {p["name"] for p in operation["parameters"]} == {"q", "limit"}
