"""The search page and GET /api/v1/search: status, permissions, escaping, query counts."""

from __future__ import annotations

import pytest

from townhall.people.services import create_access_token

API = "/api/v1"
PAGE_QUERIES = 16
API_QUERIES = 14


def bearer(person) -> dict[str, str]:
    _token, raw = create_access_token(actor=person, name="tests")
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def secret_post(committed, owner, member, private_group):
    post = committed(
        "publish_post",
        author=owner,
        title="Merger plans",
        body="Confidential merger with Globex",
        group=private_group,
    )
    committed("add_comment", author=member, post=post, body="Globex due diligence")
    return post


# --- Page ---------------------------------------------------------------------------------


def test_search_page_needs_sign_in(client):
    response = client.get("/search/?q=hello")
    assert response.status_code == 302


def test_search_page_shows_highlighted_hits(client, committed, owner, member):
    committed("publish_post", author=owner, title="Pricing", body="New pricing for 2027")
    client.force_login(member)
    response = client.get("/search/?q=pricing")
    assert response.status_code == 200
    assert b"<mark>pricing</mark>" in response.content.lower()


def test_outsider_page_never_shows_private_post_or_comment(client, outsider, secret_post):
    client.force_login(outsider)
    for tab in ("all", "posts", "comments"):
        response = client.get(f"/search/?q=globex&type={tab}")
        assert response.status_code == 200
        assert b"Globex" not in response.content
        assert b"Merger" not in response.content


def test_member_page_shows_private_post_and_comment(client, member, secret_post):
    client.force_login(member)
    response = client.get("/search/?q=globex")
    assert response.content.count(b"<mark>Globex</mark>") == 2


def test_script_in_a_post_is_inert_on_the_page(client, committed, owner, member):
    committed("publish_post", author=owner, body="xsstest <script>alert('x')</script> here")
    client.force_login(member)
    response = client.get("/search/?q=xsstest")
    assert b"<script>alert" not in response.content
    assert b"<mark>xsstest</mark>" in response.content


def test_htmx_request_gets_only_the_results(client, committed, owner, member):
    committed("publish_post", author=owner, body="Quarterly numbers")
    client.force_login(member)
    response = client.get("/search/?q=quarterly", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b"<mark>Quarterly</mark>" in response.content


def test_bad_date_is_422_with_field_error(client, member):
    client.force_login(member)
    response = client.get("/search/?q=x&since=yesterday")
    assert response.status_code == 422
    assert b"errorlist" in response.content


def test_secret_group_filter_is_422_for_outsider(client, owner, outsider):
    from townhall.groups.services import create_group

    secret = create_group(actor=owner, name="Falcon", visibility="secret")
    client.force_login(outsider)
    response = client.get(f"/search/?q=x&group={secret.slug}")
    assert response.status_code == 422


def test_private_group_filter_gives_outsider_no_hits(client, outsider, private_group, secret_post):
    client.force_login(outsider)
    response = client.get(f"/search/?q=globex&group={private_group.slug}")
    assert response.status_code == 200
    assert b"Globex" not in response.content


def test_page_query_count_is_bounded(
    client, committed, owner, member, django_assert_max_num_queries
):
    for i in range(15):
        post = committed("publish_post", author=owner, body=f"roadmap item {i} #roadmap")
        committed("add_comment", author=member, post=post, body=f"roadmap thought {i}")
    client.force_login(member)
    client.get("/search/?q=warmup")
    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get("/search/?q=roadmap")
    assert response.status_code == 200
    with django_assert_max_num_queries(PAGE_QUERIES):
        assert client.get("/search/?q=roadmap&type=posts&page=1").status_code == 200


def test_top_bar_search_goes_to_the_search_page(client, member):
    client.force_login(member)
    response = client.get("/search/")
    assert b'action="/search/"' in response.content


# --- API ----------------------------------------------------------------------------------


def test_api_needs_authentication(client):
    response = client.get(f"{API}/search?q=x")
    assert response.status_code == 401
    assert response.json()["detail"]


def test_api_outsider_never_gets_private_post_or_comment(client, outsider, secret_post):
    for type_ in ("all", "posts", "comments"):
        response = client.get(f"{API}/search?q=globex&type={type_}", headers=bearer(outsider))
        assert response.status_code == 200
        assert response.json()["hits"] == []
        assert "Globex" not in response.content.decode()


def test_api_member_gets_hits_with_escaped_snippets(client, committed, owner, member):
    committed("publish_post", author=owner, body="apitest <b>bold</b> & <script>x</script>")
    body = client.get(f"{API}/search?q=apitest", headers=bearer(member)).json()
    [hit] = body["hits"]
    assert hit["comment_id"] is None
    assert "<mark>apitest</mark>" in hit["snippet_html"]
    assert "<script" not in hit["snippet_html"] and "<b>" not in hit["snippet_html"]


def test_api_filters_and_pages(client, committed, owner, member):
    for i in range(21):
        committed("publish_post", author=owner, body=f"sprint review {i}", kind="question")
    headers = bearer(member)
    first = client.get(f"{API}/search?q=sprint&type=posts&kind=question", headers=headers).json()
    assert len(first["hits"]) == 20 and first["next_page"] == 2
    second = client.get(f"{API}/search?q=sprint&type=posts&page=2", headers=headers).json()
    assert len(second["hits"]) == 1 and second["next_page"] is None
    none = client.get(f"{API}/search?q=sprint&kind=article", headers=headers).json()
    assert none["hits"] == []


def test_api_bad_input_is_422(client, member):
    headers = bearer(member)
    for query in ("type=everything", "since=31-12-2026", "page=0", "author=abc"):
        response = client.get(f"{API}/search?q=x&{query}", headers=headers)
        assert response.status_code == 422, query
        assert response.json()["errors"]


def test_api_unknown_author_is_422(client, member):
    response = client.get(f"{API}/search?q=x&author=999999", headers=bearer(member))
    assert response.status_code == 422
    assert "author" in response.json()["errors"]


def test_api_query_count_is_bounded(
    client, committed, owner, member, django_assert_max_num_queries
):
    for i in range(15):
        committed("publish_post", author=owner, body=f"budget line {i} #budget")
    headers = bearer(member)
    with django_assert_max_num_queries(API_QUERIES):
        assert client.get(f"{API}/search?q=budget", headers=headers).status_code == 200


def test_api_declares_its_responses(client):
    schema = client.get(f"{API}/openapi.json").json()
    responses = schema["paths"]["/api/v1/search"]["get"]["responses"]
    assert {"200", "401", "422"} <= set(responses)
