from __future__ import annotations

from tests.factories import PersonFactory, UnitFactory
from townhall.people.selectors import directory, org_chart
from townhall.people.services import set_active, update_profile


def test_directory_finds_people_by_ask_me_about(owner, member):
    update_profile(actor=member, person=member, changes={"ask_me_about": ["Kubernetes"]})
    page = directory(owner, query="kubern")
    assert [p.pk for p in page.people] == [member.pk]


def test_directory_finds_people_by_unit_name(owner, company):
    sales = UnitFactory(name="Sales", parent=company, kind="department")
    seller = PersonFactory(first_name="Sam", primary_unit=sales)
    page = directory(owner, query="sales")
    assert seller in page.people


def test_directory_unit_filter_includes_sub_units(owner, company):
    sales = UnitFactory(name="Sales", parent=company, kind="department")
    nordics = UnitFactory(name="Nordics", parent=sales)
    seller = PersonFactory(primary_unit=nordics)
    assert seller in directory(owner, unit=sales).people
    assert seller not in directory(owner, unit=sales, include_subunits=False).people


def test_directory_role_filter_leaders(owner, company):
    boss = PersonFactory(roles=["leader"], primary_unit=company)
    assert directory(owner, role="leader").people == [boss]


def test_directory_cursor_walks_everyone_once(owner, company):
    for i in range(30):
        PersonFactory(last_name=f"Zed{i:02d}", primary_unit=company)
    seen, after = [], ""
    while True:
        page = directory(owner, after=after, limit=7)
        seen += [p.pk for p in page.people]
        if not page.next_cursor:
            break
        after = page.next_cursor
    assert len(seen) == len(set(seen)) == 31


def test_deactivated_people_are_hidden_from_members_but_not_admins(admin, owner, member):
    set_active(actor=admin, person=member, active=False)
    assert member not in directory(owner).people
    assert member in directory(admin).people


def test_malformed_cursor_starts_from_the_beginning(owner):
    assert directory(owner, after="!!!not-a-cursor").people


def test_directory_page_runs_bounded_queries(client, owner, company, django_assert_max_num_queries):
    for _ in range(40):
        PersonFactory(primary_unit=company, job_title="Engineer")
    client.force_login(owner)
    with django_assert_max_num_queries(8):
        response = client.get("/people/")
    assert response.status_code == 200


def test_directory_htmx_request_gets_the_partial(client, owner):
    client.force_login(owner)
    response = client.get("/people/?q=olga", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b"Olga" in response.content


def test_org_chart_lists_manager_first_and_subunit_counts(owner, company):
    sales = UnitFactory(name="Sales", parent=company, kind="department", manager=owner)
    PersonFactory(primary_unit=sales)
    PersonFactory(primary_unit=sales)
    sales.refresh_from_db()
    chart = org_chart(owner, company)
    assert [u.name for u in chart.subunits] == ["Sales"]
    assert chart.subunits[0].member_count == 2  # type: ignore[attr-defined]
    assert chart.subunits[0].headcount == 2  # type: ignore[attr-defined]
    assert chart.subtree_count == 3


def test_org_chart_page_runs_bounded_queries(client, owner, company, django_assert_max_num_queries):
    for i in range(5):
        unit = UnitFactory(name=f"Team {i}", parent=company, manager=PersonFactory())
        PersonFactory(primary_unit=unit)
    client.force_login(owner)
    with django_assert_max_num_queries(10):
        response = client.get(f"/org/{company.slug}/")
    assert response.status_code == 200
    assert b"Team 4" in response.content


def test_profile_page_shows_leader_badge(client, owner, member):
    leader = PersonFactory(roles=["leader"])
    client.force_login(member)
    response = client.get(f"/people/{leader.pk}/")
    assert b"badge--leader" in response.content


def test_unknown_profile_is_404(client, owner):
    client.force_login(owner)
    assert client.get("/people/999999/").status_code == 404


def test_forged_cursor_with_a_non_numeric_id_is_ignored(client, owner):
    from townhall.people.selectors import encode_cursor

    client.force_login(owner)
    response = client.get("/people/", {"after": encode_cursor(["a", "not-a-number"])})
    assert response.status_code == 200
