"""Leader onboarding: every step read from real activity, the page, the card, the record."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from tests.factories import PersonFactory
from tests.uploads.files import png
from townhall.conversations.services import add_comment, publish_post, toggle_reaction
from townhall.leadership.models import LeaderOnboarding
from townhall.leadership.selectors import STEP_IDS, onboarding_for, onboarding_for_many
from townhall.leadership.services import dismiss_onboarding, start_onboarding
from townhall.openhours.services import schedule_open_hour
from townhall.people.services import set_profile_photo_bytes, update_profile

URL = "/leadership/onboarding/"


def _done(person) -> set[str]:
    checklist = onboarding_for(person)
    assert checklist is not None
    return {step.id for step in checklist.steps if step.done}


def _complete_profile(person):
    set_profile_photo_bytes(person=person, data=png())
    return update_profile(
        actor=person, person=person, changes={"bio": "I lead sales.", "ask_me_about": ["pricing"]}
    )


def test_steps_come_in_the_documented_order(leader):
    checklist = onboarding_for(leader)
    assert [s.id for s in checklist.steps] == list(STEP_IDS)
    assert len(STEP_IDS) == 8


def test_a_new_leader_in_a_unit_has_only_the_unit_groups_step_done(leader):
    assert _done(leader) == {"unit_groups"}


def test_a_leader_without_a_unit_has_no_unit_group_step_done(outsider):
    from townhall.people.services import set_roles

    admin = PersonFactory(roles=["admin"])
    set_roles(actor=admin, person=outsider, roles=["leader"])
    assert "unit_groups" not in _done(outsider)


def test_profile_needs_photo_bio_and_ask_me_about(leader):
    update_profile(actor=leader, person=leader, changes={"bio": "Hello", "ask_me_about": ["x"]})
    assert "profile" not in _done(leader)
    set_profile_photo_bytes(person=leader, data=png())
    assert "profile" in _done(leader)


def test_a_reaction_to_one_s_own_post_is_a_reaction_but_not_recognition(leader):
    post = publish_post(author=leader, body="My own news")
    toggle_reaction(person=leader, post=post)
    done = _done(leader)
    assert "first_reaction" in done and "first_recognition" not in done


def test_a_reaction_to_someone_else_s_post_counts_as_recognition(leader, member):
    toggle_reaction(person=leader, post=publish_post(author=member, body="Shipped it!"))
    assert {"first_reaction", "first_recognition"} <= _done(leader)


def test_a_reply_to_an_employee_counts_as_first_reply(leader, member):
    add_comment(author=leader, post=publish_post(author=member, body="Question"), body="Answer")
    assert "first_reply" in _done(leader)


def test_a_reply_to_another_leader_is_not_a_reply_to_an_employee(leader, company):
    other = PersonFactory(roles=["leader"], primary_unit=company)
    add_comment(author=leader, post=publish_post(author=other, body="Thoughts?"), body="Yes")
    assert "first_reply" not in _done(leader)


def test_an_update_is_a_first_post_and_an_article_also_a_first_article(leader):
    publish_post(author=leader, body="Hello everyone")
    assert "first_post" in _done(leader) and "first_article" not in _done(leader)
    publish_post(author=leader, body="Long read", kind="article", title="Our strategy")
    assert "first_article" in _done(leader)


def test_scheduling_an_open_hour_ticks_its_step(leader):
    start = timezone.now() + timedelta(days=2)
    schedule_open_hour(
        actor=leader, host=leader, title="Ask me anything", starts_at=start,
        ends_at=start + timedelta(hours=1),
    )  # fmt: skip
    assert "first_open_hour" in _done(leader)


def test_a_done_step_carries_the_date_it_was_done(leader):
    post = publish_post(author=leader, body="Hello")
    step = next(s for s in onboarding_for(leader).steps if s.id == "first_post")
    assert step.done_at == post.created_at


def test_a_deleted_post_no_longer_counts(leader):
    from townhall.conversations.services import delete_post

    delete_post(actor=leader, post=publish_post(author=leader, body="Oops"))
    assert "first_post" not in _done(leader)


def test_members_have_no_onboarding(member):
    assert onboarding_for(member) is None


@pytest.mark.django_db
def test_onboarding_of_many_leaders_takes_a_fixed_number_of_queries(
    company, member, django_assert_max_num_queries
):
    leaders = [PersonFactory(roles=["leader"], primary_unit=company) for _ in range(40)]
    for leader in leaders[:10]:
        toggle_reaction(person=leader, post=publish_post(author=member, body="News"))
    with django_assert_max_num_queries(7):
        result = onboarding_for_many(leaders)
    assert result[leaders[0].pk].done_count == 3


def test_the_record_is_created_when_the_leader_is_first_seen(client, leader):
    assert not LeaderOnboarding.objects.filter(person=leader).exists()
    client.force_login(leader)
    client.get(URL)
    client.get(URL)
    assert LeaderOnboarding.objects.filter(person=leader).count() == 1


def test_start_onboarding_ignores_members(member):
    assert start_onboarding(person=member) is None


def test_page_shows_progress_as_an_accessible_progressbar(client, leader):
    client.force_login(leader)
    body = client.get(URL).content.decode()
    assert 'role="progressbar"' in body
    assert 'aria-valuenow="1"' in body and 'aria-valuemax="8"' in body
    assert "1 of 8 steps done" in body
    assert "A single click tells someone their work was seen by you." in body


def test_page_progress_changes_after_a_first_post(client, leader):
    client.force_login(leader)
    publish_post(author=leader, body="My first post as a leader")
    assert 'aria-valuenow="2"' in client.get(URL).content.decode()


def test_page_is_translated(client, leader):
    client.force_login(leader)
    body = client.get(URL, headers={"Accept-Language": "nl"}).content.decode()
    assert 'lang="nl"' in body


def test_members_cannot_open_the_checklist(client, member):
    client.force_login(member)
    assert client.get(URL).status_code == 403


def test_completion_is_recorded_once_every_step_is_done(client, leader, member):
    _complete_profile(leader)
    post = publish_post(author=member, body="We shipped the new pricing page")
    toggle_reaction(person=leader, post=post)
    add_comment(author=leader, post=post, body="Great work, team")
    publish_post(author=leader, body="Hello", kind="article", title="Hello")
    start = timezone.now() + timedelta(days=1)
    schedule_open_hour(
        actor=leader, host=leader, title="Open hour", starts_at=start,
        ends_at=start + timedelta(hours=1),
    )  # fmt: skip
    client.force_login(leader)
    assert "All done" in client.get(URL).content.decode()
    assert LeaderOnboarding.objects.get(person=leader).completed_at is not None


def _render_card(person) -> str:
    request = RequestFactory().get("/")
    request.user = person
    template = Template("{% load leadership %}{% onboarding_card %}")
    return template.render(Context({"request": request}))


def test_the_home_card_shows_for_a_leader_who_has_not_finished(leader):
    html = _render_card(leader)
    assert 'id="leadership-onboarding-card"' in html
    assert "Add a photo, a bio" in html


def test_the_home_card_is_empty_for_members(member):
    assert "leadership-onboarding-card" not in _render_card(member)


def test_a_dismissed_card_stays_hidden(leader):
    dismiss_onboarding(person=leader)
    assert "leadership-onboarding-card" not in _render_card(leader)


def test_dismissing_through_htmx_removes_the_card(client, leader):
    client.force_login(leader)
    response = client.post(reverse("leadership_onboarding_dismiss"), headers={"HX-Request": "true"})
    assert response.status_code == 200 and response.content == b""
    assert LeaderOnboarding.objects.get(person=leader).dismissed_at is not None


def test_members_cannot_dismiss(client, member):
    client.force_login(member)
    assert client.post(reverse("leadership_onboarding_dismiss")).status_code == 403
