"""The pages: my check-in (full page and htmx partial) and a unit's team round."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.checkins.conftest import answers
from tests.factories import PersonFactory
from townhall.checkins.models import CheckIn, UnitCheckinSettings
from townhall.checkins.services import submit_checkin
from townhall.checkins.weeks import current_week, week_label
from townhall.groups.models import Group

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _round(unit) -> str:
    return f"/org/{unit.slug}/round/"


def test_signed_out_visitor_is_sent_to_sign_in(client):
    response = client.get("/checkins/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_my_checkin_page_shows_the_three_prompts_and_where_it_goes(client, owner):
    client.force_login(owner)
    response = client.get("/checkins/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "What I did last week" in html
    assert "Where I need help" in html
    assert "It will be posted in Sales" in html


def test_posting_the_form_creates_the_checkin_and_returns_to_the_page(client, owner):
    client.force_login(owner)
    response = client.post("/checkins/", answers())
    assert response.status_code == 302
    assert CheckIn.objects.get(person=owner).doing == answers()["doing"]


def test_the_form_is_prefilled_once_posted(client, owner):
    submit_checkin(person=owner, **answers())
    client.force_login(owner)
    html = client.get("/checkins/").content.decode()
    assert "Closed the Fjord Logistics renewal." in html
    assert "Update my check-in" in html


def test_htmx_post_answers_with_the_form_partial_only(client, owner):
    client.force_login(owner)
    response = client.post("/checkins/", answers(), headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<section id="checkin-form"')
    assert "Your check-in is posted." in html
    assert CheckIn.objects.filter(person=owner).exists()


def test_an_empty_checkin_rerenders_with_the_error_and_posts_nothing(client, owner):
    client.force_login(owner)
    response = client.post("/checkins/", {"did": "", "doing": "", "need_help": ""})
    assert response.status_code == 422
    assert "Answer at least one of the three prompts." in response.content.decode()
    assert not CheckIn.objects.exists()


def test_sharing_into_a_group_not_offered_is_a_field_error(client, owner, member):
    from townhall.groups.services import create_group

    board = create_group(actor=member, name="Board room", visibility="private")
    client.force_login(owner)
    response = client.post("/checkins/", {**answers(), "share_with": board.pk})
    assert response.status_code == 422
    assert not CheckIn.objects.exists()


def test_my_earlier_checkins_are_listed(client, owner):
    submit_checkin(person=owner, week=current_week() - timedelta(days=7), **answers())
    client.force_login(owner)
    html = client.get("/checkins/").content.decode()
    assert "My earlier check-ins" in html
    assert f"Week {(current_week() - timedelta(days=7)).isocalendar()[1]}," in html


def test_manager_sees_checkins_side_by_side_and_who_has_not_posted(
    client, lead, owner, member, sales
):
    submit_checkin(person=owner, **answers())
    client.force_login(lead)
    response = client.get(_round(sales))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Closed the Fjord Logistics renewal." in html
    missing = html.split('id="checkins-missing-heading"')[1]
    assert member.display_name in missing
    assert owner.display_name not in missing
    assert "Reminders" in html


def test_member_sees_the_round_but_not_who_is_missing(client, owner, member, sales):
    submit_checkin(person=owner, **answers())
    client.force_login(member)
    response = client.get(_round(sales))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Closed the Fjord Logistics renewal." in html
    assert "Not posted yet" not in html
    assert "Reminders" not in html


def test_outsider_is_refused_the_round(client, outsider, owner, sales):
    submit_checkin(person=owner, **answers())
    client.force_login(outsider)
    response = client.get(_round(sales))
    assert response.status_code == 403
    assert b"Fjord" not in response.content


def test_round_of_an_unknown_unit_is_not_found(client, lead):
    client.force_login(lead)
    assert client.get("/org/nowhere/round/").status_code == 404


@pytest.mark.parametrize("week", ["2026-W99", "last-week", "9999-W01"])
def test_a_bad_or_future_week_is_not_found(client, lead, sales, week):
    client.force_login(lead)
    assert client.get(_round(sales), {"week": week}).status_code == 404


def test_an_earlier_week_shows_that_weeks_checkins(client, lead, owner, sales):
    last_week = current_week() - timedelta(days=7)
    submit_checkin(person=owner, week=last_week, **answers(did="Last week's news."))
    client.force_login(lead)
    this_week = client.get(_round(sales)).content.decode()
    earlier = client.get(_round(sales), {"week": week_label(last_week)}).content.decode()
    assert "Last week&#x27;s news." not in this_week
    assert "Last week&#x27;s news." in earlier
    assert f"?week={week_label(current_week())}" in earlier  # "next week" leads back


def test_week_navigation_with_htmx_answers_with_the_round_partial(client, lead, sales):
    client.force_login(lead)
    response = client.get(_round(sales), headers=HTMX)
    assert response.content.decode().startswith('<div id="round"')


def test_sub_units_join_the_round_when_asked(client, admin, engineering, platform):
    from townhall.people.services import set_unit_manager

    erin = PersonFactory(first_name="Erin", primary_unit=engineering)
    set_unit_manager(actor=admin, unit=engineering, manager=erin)
    pia = PersonFactory(first_name="Pia", last_name="Platform", primary_unit=platform)
    submit_checkin(person=pia, **answers(did="Upgraded Postgres."))
    client.force_login(erin)
    direct = client.get(_round(engineering)).content.decode()
    wider = client.get(_round(engineering), {"subunits": "1"}).content.decode()
    assert "Upgraded Postgres." not in direct
    assert "Upgraded Postgres." in wider


def test_a_checkin_the_viewer_cannot_read_is_neither_shown_nor_missing(
    client, community_manager, owner, sales
):
    Group.objects.filter(unit=sales).update(visibility="private")
    submit_checkin(person=owner, **answers())
    client.force_login(community_manager)  # not a member of the Sales group
    html = client.get(_round(sales)).content.decode()
    assert "Fjord" not in html
    assert owner.display_name not in html.split('id="checkins-missing-heading"')[1]


def test_round_of_two_hundred_people_takes_a_bounded_number_of_queries(
    client, lead, sales, django_assert_max_num_queries
):
    def queries_for_round() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_round(sales)).status_code == 200
        return len(captured)

    client.force_login(lead)
    queries_for_round()  # the first request warms caches (session, company group)
    few = queries_for_round()
    team = [PersonFactory(primary_unit=sales) for _ in range(200)]
    for person in team[::3]:
        submit_checkin(person=person, **answers())
    with django_assert_max_num_queries(30):
        response = client.get(_round(sales))
    assert response.content.decode().count('class="card checkins-card') == len(team[::3])
    assert queries_for_round() == few  # the same number for 1 person as for 200


def test_manager_saves_the_reminder_day(client, lead, sales):
    client.force_login(lead)
    response = client.post(
        f"/org/{sales.slug}/round/settings/",
        {"reminder_weekday": "4", "reminders_enabled": "on"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "Reminder day saved." in response.content.decode()
    assert UnitCheckinSettings.objects.get(unit=sales).reminder_weekday == 4


def test_a_bad_reminder_day_is_a_field_error(client, lead, sales):
    client.force_login(lead)
    response = client.post(f"/org/{sales.slug}/round/settings/", {"reminder_weekday": "9"})
    assert response.status_code == 422
    assert not UnitCheckinSettings.objects.exists()


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_only_the_units_leaders_save_the_reminder_day(client, request, who, sales):
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        f"/org/{sales.slug}/round/settings/", {"reminder_weekday": "2", "reminders_enabled": "on"}
    )
    assert response.status_code == 403
    assert not UnitCheckinSettings.objects.exists()
