from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tests.factories import PersonFactory, UnitFactory
from townhall.governance.models import AuditEntry
from townhall.people.models import AccessToken, Invitation
from townhall.people.services import (
    create_access_token,
    invite_person,
    revoke_access_token,
    set_unit_manager,
    update_profile,
)

API = "/api/v1"


def bearer(person) -> dict[str, str]:
    _token, raw = create_access_token(actor=person, name="tests")
    return {"Authorization": f"Bearer {raw}"}


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (200, 40, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def assert_error_shape(response, status: int) -> dict:
    assert response.status_code == status
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["errors"], dict)
    return body


# --- Authentication ----------------------------------------------------------------------


def test_unauthenticated_request_is_401_json(client):
    body = assert_error_shape(client.get(f"{API}/people"), 401)
    assert body["errors"] == {}


def test_unknown_token_is_401(client, owner):
    response = client.get(f"{API}/me", headers={"Authorization": "Bearer th_nonsense"})
    assert_error_shape(response, 401)


def test_revoked_token_is_401(client, owner):
    token, raw = create_access_token(actor=owner, name="ci")
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get(f"{API}/me", headers=headers).status_code == 200
    revoke_access_token(actor=owner, token=token)
    assert_error_shape(client.get(f"{API}/me", headers=headers), 401)


def test_failed_bearer_tokens_are_rate_limited_per_ip_even_for_a_good_token(client, owner):
    statuses = [
        client.get(f"{API}/me", headers={"Authorization": f"Bearer th_guess{i}"}).status_code
        for i in range(21)
    ]
    assert statuses[:20] == [401] * 20
    assert statuses[20] == 429
    body = assert_error_shape(client.get(f"{API}/me", headers=bearer(owner)), 429)
    assert "Too many" in body["detail"]


def test_session_auth_reads_without_csrf(owner):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    assert browser.get(f"{API}/me").json()["id"] == owner.pk


def test_session_auth_without_csrf_token_cannot_write(owner):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    response = browser.patch(f"{API}/me", {"job_title": "Hacker"}, content_type="application/json")
    assert_error_shape(response, 403)
    owner.refresh_from_db()
    assert owner.job_title == ""


def test_session_auth_with_csrf_token_can_write(owner):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    browser.get("/")  # the page sets the CSRF cookie, as a browser would see it
    csrf = browser.cookies["csrftoken"].value
    response = browser.patch(
        f"{API}/me",
        {"job_title": "Designer"},
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 200
    owner.refresh_from_db()
    assert owner.job_title == "Designer"


def test_errors_follow_the_token_owners_chosen_language(client, owner):
    update_profile(actor=owner, person=owner, changes={"preferred_language": "nl"})
    response = client.post(
        f"{API}/me/tokens", {}, content_type="application/json", headers=bearer(owner)
    )
    assert assert_error_shape(response, 422)["errors"]["name"] == ["Dit veld is verplicht."]


def test_errors_are_translated_for_the_request_language(client, owner):
    response = client.post(
        f"{API}/me/tokens",
        {},
        content_type="application/json",
        headers={**bearer(owner), "Accept-Language": "nl"},
    )
    body = assert_error_shape(response, 422)
    assert body["errors"]["name"] == ["Dit veld is verplicht."]


# --- Directory -----------------------------------------------------------------------------


def test_people_list_returns_cards(client, owner, member, company):
    response = client.get(f"{API}/people", headers=bearer(owner))
    assert response.status_code == 200
    body = response.json()
    card = next(p for p in body["items"] if p["id"] == member.pk)
    assert card["display_name"] == "Mats Member"
    assert card["unit"]["slug"] == company.slug
    assert card["roles"] == ["member"]
    assert body["next_cursor"] is None


def test_people_search_unit_and_role_filters(client, owner, company):
    sales = UnitFactory(name="Sales", parent=company, kind="department")
    seller = PersonFactory(first_name="Sam", primary_unit=sales, roles=["leader"])
    headers = bearer(owner)
    by_unit = client.get(f"{API}/people", {"unit": "sales"}, headers=headers).json()
    assert [p["id"] for p in by_unit["items"]] == [seller.pk]
    by_role = client.get(f"{API}/people", {"role": "leader"}, headers=headers).json()
    assert [p["id"] for p in by_role["items"]] == [seller.pk]
    by_query = client.get(f"{API}/people", {"q": "sam"}, headers=headers).json()
    assert [p["id"] for p in by_query["items"]] == [seller.pk]


def test_people_unknown_unit_or_bad_limit_is_422(client, owner):
    headers = bearer(owner)
    body = assert_error_shape(client.get(f"{API}/people?unit=nowhere", headers=headers), 422)
    assert "unit" in body["errors"]
    body = assert_error_shape(client.get(f"{API}/people?limit=101", headers=headers), 422)
    assert "limit" in body["errors"]


def test_forged_cursor_is_422_not_a_crash(client, owner):
    from townhall.people.selectors import encode_cursor

    headers = bearer(owner)
    for cursor in ["!!!", encode_cursor(["a", "not-an-id"]), encode_cursor([1, 2, 3])]:
        body = assert_error_shape(client.get(f"{API}/people?cursor={cursor}", headers=headers), 422)
        assert "cursor" in body["errors"]


def test_cursor_pagination_walks_all_people_without_duplicates(client, owner, company):
    for i in range(30):
        PersonFactory(last_name=f"Zed{i:02d}", primary_unit=company)
    headers = bearer(owner)
    seen: list[int] = []
    cursor = ""
    while True:
        body = client.get(f"{API}/people", {"limit": 7, "cursor": cursor}, headers=headers).json()
        assert len(body["items"]) <= 7
        seen += [p["id"] for p in body["items"]]
        if body["next_cursor"] is None:
            break
        cursor = body["next_cursor"]
    assert len(seen) == len(set(seen)) == 31


def test_people_list_runs_constant_queries(client, owner, company, django_assert_max_num_queries):
    for _ in range(40):
        PersonFactory(primary_unit=company, job_title="Engineer")
    headers = bearer(owner)
    client.get(f"{API}/people?limit=1", headers=headers)  # marks the token as used
    for limit in (2, 40):
        with django_assert_max_num_queries(3):
            response = client.get(
                f"{API}/people", {"limit": limit, "unit": company.slug}, headers=headers
            )
        assert len(response.json()["items"]) == limit


def test_person_detail_has_unit_path_manager_roles_and_photos(
    client, owner, member, admin, company
):
    team = UnitFactory(name="Platform", parent=company)
    update_profile(
        actor=admin,
        person=member,
        changes={"primary_unit": team, "reports_to": owner, "bio": "Hi", "languages": ["nl"]},
    )
    client.post(
        f"{API}/me/photo",
        {"photo": SimpleUploadedFile("me.png", png_bytes(), content_type="image/png")},
        headers=bearer(member),
    )
    body = client.get(f"{API}/people/{member.pk}", headers=bearer(owner)).json()
    assert [u["slug"] for u in body["unit_path"]] == [company.slug, team.slug]
    assert body["reports_to"]["id"] == owner.pk
    assert body["roles"] == ["member"]
    assert body["bio"] == "Hi" and body["languages"] == ["nl"]
    assert set(body["photo"]) == {"small", "medium", "large"}
    assert body["photo"]["large"].endswith("/large.webp")


def test_unknown_person_is_404(client, owner):
    assert_error_shape(client.get(f"{API}/people/999999", headers=bearer(owner)), 404)


# --- Me ------------------------------------------------------------------------------------


def test_me_returns_own_profile(client, owner):
    body = client.get(f"{API}/me", headers=bearer(owner)).json()
    assert body["id"] == owner.pk
    assert body["email"] == owner.email
    assert body["preferred_language"] == ""


def test_patch_me_changes_only_sent_fields(client, owner):
    update_profile(actor=owner, person=owner, changes={"location": "Utrecht"})
    response = client.patch(
        f"{API}/me",
        {"job_title": " Engineer ", "ask_me_about": ["Go", "go", "Rust"]},
        content_type="application/json",
        headers=bearer(owner),
    )
    assert response.status_code == 200
    owner.refresh_from_db()
    assert owner.job_title == "Engineer"
    assert owner.ask_me_about == ["Go", "Rust"]
    assert owner.location == "Utrecht"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"job_title": "Boss", "preferred_language": "xx"}, "preferred_language"),
        ({"job_title": "Boss", "is_admin": True}, "is_admin"),
        ({"job_title": "Boss", "country": "Netherlands"}, "country"),
        ({"job_title": "Boss", "languages": "nl"}, "languages"),
        ({"job_title": "Boss", "bio": None}, "bio"),
        ({"job_title": "Boss", "location": "Null\x00byte"}, "location"),
    ],
)
def test_patch_me_with_bad_data_is_422_and_changes_nothing(client, owner, payload, field):
    response = client.patch(
        f"{API}/me", payload, content_type="application/json", headers=bearer(owner)
    )
    body = assert_error_shape(response, 422)
    assert list(body["errors"]) == [field]
    owner.refresh_from_db()
    assert owner.job_title == "" and not owner.is_admin


def test_photo_upload_and_removal(client, owner):
    headers = bearer(owner)
    upload = SimpleUploadedFile("me.png", png_bytes(), content_type="image/png")
    response = client.post(f"{API}/me/photo", {"photo": upload}, headers=headers)
    assert response.status_code == 200
    assert response.json()["photo"]["small"].endswith("/small.webp")
    assert client.delete(f"{API}/me/photo", headers=headers).status_code == 204
    owner.refresh_from_db()
    assert owner.photo == ""


def test_bad_photo_is_422_with_a_clear_message(client, owner):
    upload = SimpleUploadedFile("me.png", b"#!/bin/sh\nrm -rf /", content_type="image/png")
    response = client.post(f"{API}/me/photo", {"photo": upload}, headers=bearer(owner))
    body = assert_error_shape(response, 422)
    assert "JPEG, PNG, WebP or GIF" in body["errors"]["photo"][0]
    owner.refresh_from_db()
    assert owner.photo == ""


def test_completeness(client, owner):
    body = client.get(f"{API}/me/completeness", headers=bearer(owner)).json()
    assert body["percent"] == 14  # only the team is set
    assert "a photo" in body["missing"]


# --- Units ---------------------------------------------------------------------------------


def test_units_are_listed_in_tree_order_with_managers(client, owner, admin, company):
    sales = UnitFactory(name="Sales", parent=company, kind="department")
    UnitFactory(name="Nordics", parent=sales)
    set_unit_manager(actor=admin, unit=sales, manager=owner)
    body = client.get(f"{API}/units", headers=bearer(owner)).json()
    assert [(u["slug"], u["depth"]) for u in body] == [("acme", 0), ("sales", 1), ("nordics", 2)]
    assert body[1]["parent_id"] == company.pk
    assert body[1]["manager"]["id"] == owner.pk


def test_org_chart(client, owner, member, admin, company):
    sales = UnitFactory(name="Sales", parent=company, kind="department")
    PersonFactory(primary_unit=sales)
    set_unit_manager(actor=admin, unit=company, manager=owner)
    body = client.get(f"{API}/units/{company.slug}", headers=bearer(member)).json()
    assert body["unit"]["slug"] == company.slug
    assert body["manager"]["id"] == owner.pk
    assert body["members"][0]["id"] == owner.pk  # the manager comes first
    assert body["member_count"] == 3 and body["subtree_count"] == 4
    assert [(s["slug"], s["member_count"]) for s in body["subunits"]] == [("sales", 1)]


def test_org_chart_of_a_sub_unit_lists_ancestors(client, owner, company):
    sales = UnitFactory(name="Sales", parent=company, kind="department")
    body = client.get(f"{API}/units/{sales.slug}", headers=bearer(owner)).json()
    assert [a["slug"] for a in body["ancestors"]] == [company.slug]


def test_unknown_unit_is_404(client, owner):
    assert_error_shape(client.get(f"{API}/units/nowhere", headers=bearer(owner)), 404)


def test_org_chart_runs_constant_queries(client, owner, company, django_assert_max_num_queries):
    headers = bearer(owner)
    client.get(f"{API}/units/{company.slug}", headers=headers)  # marks the token as used
    for i in range(5):
        UnitFactory(name=f"Team {i}", parent=company)
    for _ in range(30):
        PersonFactory(primary_unit=company)
    with django_assert_max_num_queries(8):
        response = client.get(f"{API}/units/{company.slug}", headers=headers)
    assert len(response.json()["members"]) == 31


# --- Tokens --------------------------------------------------------------------------------


def test_token_is_shown_once_and_stored_hashed(client, owner):
    headers = bearer(owner)
    response = client.post(
        f"{API}/me/tokens", {"name": "reporting"}, content_type="application/json", headers=headers
    )
    assert response.status_code == 201
    created = response.json()
    raw = created["token"]
    stored = AccessToken.objects.get(pk=created["id"])
    assert raw.startswith("th_") and stored.token_hash != raw and raw not in stored.token_hash
    assert created["prefix"] == raw[:10]
    listed = client.get(f"{API}/me/tokens", headers=headers)
    assert raw not in listed.content.decode()
    assert {t["name"] for t in listed.json()} == {"tests", "reporting"}
    me = client.get(f"{API}/me", headers={"Authorization": f"Bearer {raw}"})
    assert me.json()["id"] == owner.pk


def test_revoking_own_token(client, owner):
    token, raw = create_access_token(actor=owner, name="old")
    response = client.delete(f"{API}/me/tokens/{token.pk}", headers=bearer(owner))
    assert response.status_code == 204
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get(f"{API}/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_someone_elses_token_is_404(client, owner, outsider):
    token, _raw = create_access_token(actor=owner, name="mine")
    response = client.delete(f"{API}/me/tokens/{token.pk}", headers=bearer(outsider))
    assert_error_shape(response, 404)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_creation_is_rate_limited_per_person(client, owner, settings):
    settings.TOKEN_RATE_LIMIT = "3/m"
    headers = bearer(owner)
    statuses = [
        client.post(
            f"{API}/me/tokens", {"name": f"t{i}"}, content_type="application/json", headers=headers
        ).status_code
        for i in range(4)
    ]
    assert statuses == [201, 201, 201, 429]
    assert AccessToken.objects.filter(person=owner).count() == 4  # 3 + the one used here


def test_empty_token_name_is_a_field_error(client, owner):
    response = client.post(
        f"{API}/me/tokens", {"name": "   "}, content_type="application/json", headers=bearer(owner)
    )
    assert "name" in assert_error_shape(response, 422)["errors"]


# --- Admin endpoints -----------------------------------------------------------------------

ADMIN_CALLS = [
    ("get", "/invitations", None),
    ("post", "/invitations", {"email": "new@example.com"}),
    ("delete", "/invitations/{invitation}", None),
    ("put", "/people/{member}/roles", {"roles": ["admin"]}),
    ("get", "/audit", None),
]


@pytest.mark.parametrize(("method", "path", "payload"), ADMIN_CALLS)
@pytest.mark.parametrize("who", ["member", "outsider"])
def test_members_and_outsiders_cannot_use_admin_endpoints(
    client, request, admin, member, method, path, payload, who
):
    invitation = invite_person(actor=admin, email="pending@example.com")
    url = API + path.format(invitation=invitation.pk, member=member.pk)
    person = request.getfixturevalue(who)
    kwargs = {"content_type": "application/json"} if payload is not None else {}
    response = getattr(client, method)(url, payload, headers=bearer(person), **kwargs)
    assert_error_shape(response, 403)
    member.refresh_from_db()
    assert not member.is_admin
    assert not Invitation.objects.filter(email="new@example.com").exists()
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is None


def test_community_manager_invites_but_cannot_set_roles(client, community_manager, member):
    headers = bearer(community_manager)
    response = client.post(
        f"{API}/invitations",
        {"email": "New@Example.com", "roles": ["leader"], "unit": "acme"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201
    assert response.json()["email"] == "new@example.com"
    assert response.json()["unit"]["slug"] == "acme"
    response = client.put(
        f"{API}/people/{member.pk}/roles",
        {"roles": ["leader"]},
        content_type="application/json",
        headers=headers,
    )
    assert_error_shape(response, 403)


def test_admin_lists_and_withdraws_invitations(client, admin):
    invitation = invite_person(actor=admin, email="pending@example.com")
    headers = bearer(admin)
    listed = client.get(f"{API}/invitations", headers=headers).json()
    assert [i["email"] for i in listed] == ["pending@example.com"]
    assert client.delete(f"{API}/invitations/{invitation.pk}", headers=headers).status_code == 204
    assert client.get(f"{API}/invitations", headers=headers).json() == []
    again = client.delete(f"{API}/invitations/{invitation.pk}", headers=headers)
    assert_error_shape(again, 404)


def test_invitation_for_existing_person_is_a_field_error(client, admin, member):
    response = client.post(
        f"{API}/invitations",
        {"email": member.email},
        content_type="application/json",
        headers=bearer(admin),
    )
    assert "email" in assert_error_shape(response, 422)["errors"]


def test_admin_sets_roles_and_it_is_audited(client, admin, member):
    response = client.put(
        f"{API}/people/{member.pk}/roles",
        {"roles": ["leader", "community_manager"]},
        content_type="application/json",
        headers=bearer(admin),
    )
    assert response.status_code == 200
    assert response.json()["roles"] == ["member", "leader", "community_manager"]
    member.refresh_from_db()
    assert member.is_leader and member.is_community_manager
    assert AuditEntry.objects.filter(action="person.roles", target_id=str(member.pk)).exists()


def test_admin_cannot_drop_own_admin_role(client, admin):
    response = client.put(
        f"{API}/people/{admin.pk}/roles",
        {"roles": []},
        content_type="application/json",
        headers=bearer(admin),
    )
    assert "roles" in assert_error_shape(response, 422)["errors"]


def test_audit_log_pages_by_id_and_filters_by_action(client, admin, member):
    for i in range(55):
        invite_person(actor=admin, email=f"guest{i}@example.com")
    headers = bearer(admin)
    first = client.get(f"{API}/audit", {"action": "invitation.create"}, headers=headers).json()
    assert len(first["items"]) == 50
    assert {e["action"] for e in first["items"]} == {"invitation.create"}
    assert first["items"][0]["actor"]["id"] == admin.pk
    rest = client.get(
        f"{API}/audit",
        {"action": "invitation.create", "before": first["next_before"]},
        headers=headers,
    ).json()
    assert len(rest["items"]) == 5 and rest["next_before"] is None
    ids = [e["id"] for e in first["items"] + rest["items"]]
    assert len(set(ids)) == 55 and ids == sorted(ids, reverse=True)


def test_audit_log_runs_constant_queries(client, admin, django_assert_max_num_queries):
    for i in range(30):
        invite_person(actor=admin, email=f"guest{i}@example.com")
    headers = bearer(admin)
    client.get(f"{API}/audit", headers=headers)
    with django_assert_max_num_queries(3):
        assert (
            len(client.get(f"{API}/audit", headers=headers).json()["items"]) == 31
        )  # 30 invitations, 1 token
