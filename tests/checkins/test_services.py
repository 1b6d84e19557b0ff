"""Submitting a check-in: where it is posted, how it reads, editing, sharing, refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.checkins.conftest import answers
from tests.factories import PersonFactory
from townhall.checkins.models import CheckIn, UnitCheckinSettings
from townhall.checkins.services import set_reminder_day, submit_checkin
from townhall.checkins.weeks import current_week
from townhall.conversations.models import Post
from townhall.conversations.services import delete_post
from townhall.groups.models import Group
from townhall.groups.services import create_group
from townhall.people import permissions
from townhall.people.services import set_unit_manager

pytestmark = pytest.mark.django_db


def test_checkin_is_posted_in_the_unit_group_for_this_week(owner, sales):
    checkin = submit_checkin(person=owner, **answers())
    assert checkin.week == current_week()
    assert checkin.post.group == Group.objects.get(unit=sales)
    assert checkin.post.kind == "update"


def test_post_has_the_prompts_as_headings_and_the_checkin_topic(owner):
    post = submit_checkin(person=owner, **answers()).post
    assert "<h3>What I did last week</h3>" in post.body_html
    assert "<h3>Where I need help</h3>" in post.body_html
    assert list(post.topics.values_list("slug", flat=True)) == ["checkin"]


def test_unanswered_prompts_leave_their_heading_out(owner):
    post = submit_checkin(person=owner, did="", doing="Demo day.", need_help="").post
    assert "What I'm taking on this week" in post.body
    assert "What I did last week" not in post.body


def test_a_date_inside_a_week_means_that_weeks_monday(owner):
    last_thursday = current_week() - timedelta(days=4)
    checkin = submit_checkin(person=owner, week=last_thursday, **answers())
    assert checkin.week == current_week() - timedelta(days=7)


def test_ceo_checkin_is_posted_in_the_company_group(ceo):
    post = submit_checkin(person=ceo, **answers()).post
    assert post.group.is_company


def test_leader_posts_in_the_group_of_the_unit_they_manage_not_their_team(
    admin, engineering, platform
):
    erin = PersonFactory(first_name="Erin", primary_unit=platform)
    set_unit_manager(actor=admin, unit=engineering, manager=erin)
    post = submit_checkin(person=erin, **answers()).post
    assert post.group == Group.objects.get(unit=engineering)


def test_leaders_checkin_is_visible_to_their_whole_org_below_them(
    admin, engineering, platform, outsider
):
    erin = PersonFactory(first_name="Erin", primary_unit=platform)
    set_unit_manager(actor=admin, unit=engineering, manager=erin)
    group = Group.objects.get(unit=engineering)
    group.visibility = "private"  # even when the unit's group is closed to the rest
    group.save(update_fields=["visibility"])
    platform_engineer = PersonFactory(first_name="Pia", primary_unit=platform)
    post = submit_checkin(person=erin, **answers()).post
    assert permissions.can_view_post(platform_engineer, post)
    assert permissions.can_view_post(outsider, post)  # Engineering is above Otto too


def test_submitting_again_in_the_same_week_edits_the_same_post(owner):
    first = submit_checkin(person=owner, **answers())
    again = submit_checkin(person=owner, **answers(doing="Two customer visits."))
    assert again.pk == first.pk
    assert CheckIn.objects.count() == 1
    post = Post.objects.get(pk=first.post_id)
    assert "Two customer visits." in post.body
    assert post.edited_at is not None
    assert Post.objects.filter(author=owner).count() == 1


def test_all_three_prompts_empty_is_refused_and_nothing_is_posted(owner):
    with pytest.raises(ValidationError) as caught:
        submit_checkin(person=owner, did=" ", doing="", need_help="\n")
    assert "Answer at least one" in str(caught.value)
    assert not Post.objects.exists()


def test_next_week_is_refused(owner):
    with pytest.raises(ValidationError) as caught:
        submit_checkin(person=owner, week=current_week() + timedelta(days=7), **answers())
    assert "week" in caught.value.error_dict


def test_someone_in_no_unit_cannot_check_in():
    loner = PersonFactory(first_name="Lone")
    with pytest.raises(ValidationError):
        submit_checkin(person=loner, **answers())
    assert not CheckIn.objects.exists()


def test_checkin_can_be_shared_into_one_more_group(owner):
    runners = create_group(actor=owner, name="Runners")
    checkin = submit_checkin(person=owner, share_with=runners, **answers())
    share = Post.objects.get(group=runners)
    assert share.shared_post_id == checkin.post_id
    assert checkin.shared_with == runners


def test_editing_does_not_share_into_the_same_group_twice(owner):
    runners = create_group(actor=owner, name="Runners")
    submit_checkin(person=owner, share_with=runners, **answers())
    submit_checkin(person=owner, share_with=runners, **answers(did="More."))
    assert Post.objects.filter(group=runners).count() == 1


def test_sharing_into_a_group_one_cannot_post_in_is_refused(owner, member):
    board = create_group(actor=member, name="Board room", visibility="private")
    with pytest.raises(ValidationError) as caught:
        submit_checkin(person=owner, share_with=board, **answers())
    assert "share_with" in caught.value.error_dict
    assert not Post.objects.exists()


def test_a_deleted_checkin_post_comes_back_as_a_new_post_on_edit(owner):
    checkin = submit_checkin(person=owner, **answers())
    delete_post(actor=owner, post=checkin.post)
    again = submit_checkin(person=owner, **answers(did="Back again."))
    assert again.post_id != checkin.post_id
    assert again.post.deleted_at is None


def test_manager_sets_the_units_reminder_day(lead, sales):
    set_reminder_day(actor=lead, unit=sales, weekday=3, enabled=True)
    found = UnitCheckinSettings.objects.get(unit=sales)
    assert (found.reminder_weekday, found.reminders_enabled) == (3, True)


def test_leader_above_sets_the_reminder_day_too(ceo, sales):
    set_reminder_day(actor=ceo, unit=sales, weekday=4, enabled=False)
    assert UnitCheckinSettings.objects.get(unit=sales).reminders_enabled is False


def test_member_cannot_set_the_reminder_day(member, sales):
    with pytest.raises(PermissionDenied):
        set_reminder_day(actor=member, unit=sales, weekday=2, enabled=True)
    assert not UnitCheckinSettings.objects.exists()


def test_a_weekday_outside_monday_to_sunday_is_refused(lead, sales):
    with pytest.raises(ValidationError):
        set_reminder_day(actor=lead, unit=sales, weekday=7, enabled=True)
