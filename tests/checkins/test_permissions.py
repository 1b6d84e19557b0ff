"""Who sees a check-in, a unit's round, who has not posted, and a reminder."""

from __future__ import annotations

import pytest

from tests.checkins.conftest import answers
from tests.factories import PersonFactory
from townhall.checkins import permissions
from townhall.checkins.services import submit_checkin
from townhall.groups.models import Group

pytestmark = pytest.mark.django_db


def test_colleague_in_the_unit_sees_a_checkin(owner, member):
    checkin = submit_checkin(person=owner, **answers())
    assert permissions.can_view_checkin(member, checkin)


def test_outsider_does_not_see_a_checkin_in_a_private_unit_group(owner, outsider, sales):
    Group.objects.filter(unit=sales).update(visibility="private")
    checkin = submit_checkin(person=owner, **answers())
    checkin.post.group.refresh_from_db()
    assert not permissions.can_view_checkin(outsider, checkin)


@pytest.mark.parametrize("who", ["lead", "ceo", "community_manager", "admin"])
def test_leaders_and_moderators_manage_the_round(request, who, sales):
    viewer = request.getfixturevalue(who)
    assert permissions.can_manage_round(viewer, sales)
    assert permissions.can_view_round(viewer, sales)


def test_member_sees_their_own_units_round_but_not_who_is_missing(member, sales):
    assert permissions.can_view_round(member, sales)
    assert not permissions.can_manage_round(member, sales)


def test_someone_in_a_sub_unit_sees_the_round_of_the_unit_above(engineering, platform, sales):
    engineer = PersonFactory(first_name="Pia", primary_unit=platform)
    assert permissions.can_view_round(engineer, engineering)
    assert not permissions.can_view_round(engineer, sales)


def test_outsider_never_sees_another_units_round(outsider, sales):
    assert not permissions.can_view_round(outsider, sales)
    assert not permissions.can_manage_round(outsider, sales)


def test_person_in_no_unit_sees_no_round(sales):
    loner = PersonFactory(first_name="Lone")
    assert not permissions.can_view_round(loner, sales)


def test_a_leader_of_another_unit_does_not_manage_this_round(admin, engineering, sales):
    from townhall.people.services import set_unit_manager

    erin = PersonFactory(first_name="Erin", primary_unit=engineering)
    set_unit_manager(actor=admin, unit=engineering, manager=erin)
    assert not permissions.can_manage_round(erin, sales)
