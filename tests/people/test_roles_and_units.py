from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import UnitFactory
from townhall.governance.models import AuditEntry
from townhall.people.services import create_unit, move_unit, set_roles, set_unit_manager


def test_admin_grants_roles_and_it_is_audited(admin, member):
    set_roles(actor=admin, person=member, roles=["leader", "community_manager"])
    member.refresh_from_db()
    assert member.roles == ["member", "leader", "community_manager"]
    entry = AuditEntry.objects.get(action="person.roles")
    assert entry.actor == admin
    assert entry.details["after"] == ["member", "leader", "community_manager"]


def test_non_admin_cannot_change_roles(owner, member):
    with pytest.raises(PermissionDenied):
        set_roles(actor=owner, person=member, roles=["admin"])


def test_admin_cannot_remove_own_admin_role(admin):
    with pytest.raises(ValidationError):
        set_roles(actor=admin, person=admin, roles=[])


def test_unknown_role_is_refused(admin, member):
    with pytest.raises(ValidationError):
        set_roles(actor=admin, person=member, roles=["emperor"])


def test_roles_view_from_outsider_is_forbidden(client, outsider, member):
    client.force_login(outsider)
    response = client.post(f"/manage/people/{member.pk}/roles/", {"roles": ["admin"]})
    assert response.status_code == 403
    member.refresh_from_db()
    assert not member.is_admin


def test_unit_manager_becomes_leader_and_is_audited(admin, company, member):
    set_unit_manager(actor=admin, unit=company, manager=member)
    member.refresh_from_db()
    assert member.is_leader
    assert AuditEntry.objects.filter(action="unit.manager").exists()


def test_unit_paths_follow_the_tree(company):
    division = UnitFactory(name="Commercial", parent=company, kind="division")
    team = UnitFactory(name="Nordics", parent=division)
    assert team.path == f"/{company.pk}/{division.pk}/{team.pk}/"
    assert team.depth == 2
    assert team.ancestor_ids() == [company.pk, division.pk]


def test_moving_a_unit_updates_its_subtree(admin, company):
    a = UnitFactory(name="A", parent=company)
    b = UnitFactory(name="B", parent=company)
    child = UnitFactory(name="Child", parent=a)
    move_unit(actor=admin, unit=a, parent=b)
    child.refresh_from_db()
    assert child.path == f"/{company.pk}/{b.pk}/{a.pk}/{child.pk}/"
    assert child.depth == 3


def test_a_unit_cannot_move_inside_itself(admin, company):
    a = UnitFactory(name="A", parent=company)
    child = UnitFactory(name="Child", parent=a)
    with pytest.raises(ValidationError):
        move_unit(actor=admin, unit=a, parent=child)


def test_member_cannot_create_units(member):
    with pytest.raises(PermissionDenied):
        create_unit(actor=member, name="Rogue")


@pytest.mark.parametrize(
    "url", ["/manage/", "/manage/invitations/", "/manage/audit/", "/manage/import/"]
)
def test_manage_pages_are_forbidden_to_members(client, member, url):
    client.force_login(member)
    assert client.get(url).status_code == 403


def test_audit_log_page_lists_entries_for_admin(client, admin, member):
    set_roles(actor=admin, person=member, roles=["leader"])
    client.force_login(admin)
    response = client.get("/manage/audit/")
    assert response.status_code == 200
    assert b"person.roles" in response.content


def test_invitation_form_rejects_existing_person_with_422(client, admin, member):
    client.force_login(admin)
    response = client.post("/manage/invitations/", {"email": member.email})
    assert response.status_code == 422
    assert b"already has an account" in response.content
