"""The leaders corner: leaders by org level, latest readable post, unit filter, follow my line."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import PersonFactory, UnitFactory
from townhall.conversations.models import Follow
from townhall.conversations.services import follow_person, publish_post
from townhall.leadership.selectors import leaders_above, leaders_corner
from townhall.leadership.services import follow_my_line
from townhall.people.services import set_unit_manager

URL = "/leadership/"


def _names(sections):
    return [card.leader.display_name for section in sections for card in section.cards]


def test_leaders_are_ordered_by_org_level_ceo_first(line, member):
    sections = leaders_corner(member)
    assert _names(sections) == ["Carla Ceo", "Hugo Head", "Lena Lead"]
    assert [s.level for s in sections] == [0, 1, 2]


def test_a_leader_s_card_shows_the_unit_they_manage(line, member):
    cards = {c.leader.pk: c for s in leaders_corner(member) for c in s.cards}
    assert cards[line.head.pk].unit == line.units["sales"]


def test_filtering_by_unit_keeps_its_subtree(line, member):
    assert _names(leaders_corner(member, unit=line.units["sales"])) == ["Hugo Head", "Lena Lead"]


def test_latest_post_is_the_newest_the_viewer_may_read(line, owner, outsider, private_group):
    from townhall.groups.services import decide_join_request, request_to_join

    decide_join_request(
        actor=owner, request=request_to_join(person=line.ceo, group=private_group), approve=True
    )
    public = publish_post(author=line.ceo, body="Town hall on Friday")
    secret = publish_post(author=line.ceo, body="Board numbers", group=private_group)
    ceo_card = lambda viewer: leaders_corner(viewer)[0].cards[0]  # noqa: E731
    assert ceo_card(owner).latest_post == secret
    assert ceo_card(outsider).latest_post == public


def test_page_lists_leaders_and_links_to_the_leaders_feed(client, line, member):
    client.force_login(member)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Carla Ceo" in body and "Lena Lead" in body
    assert reverse("leaders_feed") in body
    assert reverse("leaders_corner") == URL


def test_htmx_unit_filter_returns_only_the_results(client, line, member):
    client.force_login(member)
    response = client.get(URL, {"unit": line.units["nordics"].slug}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body
    assert "Lena Lead" in body and "Carla Ceo" not in body


def test_anonymous_visitor_is_sent_to_sign_in(client, line):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_outsider_without_a_unit_sees_the_corner_and_a_disabled_follow_button(
    client, line, outsider
):
    client.force_login(outsider)
    body = client.get(URL).content.decode()
    assert "Carla Ceo" in body
    assert "disabled" in body


@pytest.mark.django_db
def test_the_corner_takes_a_bounded_number_of_queries(
    client, company, member, admin, django_assert_max_num_queries
):
    for n in range(120):
        unit = UnitFactory(name=f"Team {n}", parent=company)
        leader = PersonFactory(primary_unit=unit)
        set_unit_manager(actor=admin, unit=unit, manager=leader)
        if n % 3 == 0:
            publish_post(author=leader, body=f"Hello from team {n}, @{member.handle}")
    client.force_login(member)
    with django_assert_max_num_queries(16):
        response = client.get(URL)
    assert response.content.decode().count('class="card leadership-card"') == 120


def test_leaders_above_are_the_reports_to_chain_and_unit_managers(line):
    assert {p.pk for p in leaders_above(line.employee)} == {
        line.ceo.pk,
        line.head.pk,
        line.lead.pk,
    }
    assert {p.pk for p in leaders_above(line.head)} == {line.ceo.pk}


def test_follow_my_line_follows_every_leader_above(line):
    result = follow_my_line(person=line.employee)
    assert result.newly_followed == 3
    assert set(
        Follow.objects.filter(follower=line.employee).values_list("person_id", flat=True)
    ) == {line.ceo.pk, line.head.pk, line.lead.pk}


def test_follow_my_line_counts_only_new_follows(line):
    follow_person(follower=line.employee, person=line.ceo)
    result = follow_my_line(person=line.employee)
    assert result.newly_followed == 2
    assert [p.pk for p in result.already] == [line.ceo.pk]
    assert follow_my_line(person=line.employee).newly_followed == 0


def test_follow_my_line_button_says_how_many_were_followed(client, line):
    client.force_login(line.employee)
    response = client.post(reverse("leadership_follow_line"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "You now follow 3 more leaders of your line." in response.content.decode()


def test_follow_my_line_without_htmx_redirects_with_a_message(client, line):
    client.force_login(line.employee)
    response = client.post(reverse("leadership_follow_line"), follow=True)
    assert "You now follow 3 more leaders" in response.content.decode()


def test_follow_my_line_refuses_get(client, line):
    client.force_login(line.employee)
    assert client.get(reverse("leadership_follow_line")).status_code == 405
