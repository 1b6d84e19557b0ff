"""The board per unit, the post page's panel, raising and status changes over HTTP."""

from __future__ import annotations

import pytest
from django.test import Client

from townhall.conversations.models import Post
from townhall.conversations.services import publish_post
from townhall.problems.models import Problem, ProblemStatus
from townhall.problems.services import change_status, create_problem

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _client(person):
    client = Client()
    client.force_login(person)
    return client


# --- The board ---------------------------------------------------------------------------


def test_board_shows_the_units_problems_and_stats(engineer, platform):
    create_problem(author=engineer, title="Disk full on staging", body="x")
    response = _client(engineer).get(f"/units/{platform.slug}/problems/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Problems in Platform" in html and "Disk full on staging" in html
    assert "Median time to resolution" in html


def test_board_htmx_request_gets_only_the_results(engineer, platform):
    create_problem(author=engineer, title="Disk full on staging", body="x")
    response = _client(engineer).get(f"/units/{platform.slug}/problems/?status=open", **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="problems-board"' in html
    assert "Disk full on staging" in html


def test_board_status_filter_leaves_out_other_statuses(engineer, team_lead, platform):
    done = create_problem(author=engineer, title="Fixed thing", body="x")
    create_problem(author=engineer, title="Open thing", body="x")
    change_status(actor=team_lead, problem=done, status="resolved", note="Done")
    html = _client(engineer).get(f"/units/{platform.slug}/problems/?status=open").content.decode()
    assert "Open thing" in html and "Fixed thing" not in html


def test_board_only_this_unit_leaves_out_sub_units(engineer, director, engineering):
    create_problem(author=engineer, title="Team thing", body="x")
    create_problem(author=director, title="Department thing", body="x")
    html = _client(director).get(f"/units/{engineering.slug}/problems/?scope=unit").content.decode()
    assert "Department thing" in html and "Team thing" not in html


def test_board_ignores_a_nonsense_filter_and_a_forged_cursor(engineer, platform):
    create_problem(author=engineer, title="Disk full", body="x")
    response = _client(engineer).get(
        f"/units/{platform.slug}/problems/?status=closed&scope=x&after=garbage"
    )
    assert response.status_code == 200 and "Disk full" in response.content.decode()


def test_board_next_page_over_htmx_is_only_the_rows(engineer, platform):
    for n in range(30):
        create_problem(author=engineer, title=f"Problem number {n}", body="x")
    client = _client(engineer)
    first = client.get(f"/units/{platform.slug}/problems/").content.decode()
    assert "Older problems" in first
    cursor = first.split("after=")[1].split('"')[0]
    more = client.get(f"/units/{platform.slug}/problems/?after={cursor}", **HTMX).content.decode()
    assert "<html" not in more and "Problem number 0" in more and "Problem number 29" not in more


def test_board_hides_private_group_problems_from_outsiders(owner, outsider, private_group, company):
    create_problem(author=owner, title="Board budget", body="x", group=private_group)
    html = _client(outsider).get(f"/units/{company.slug}/problems/").content.decode()
    assert "Board budget" not in html


def test_board_of_an_unknown_unit_is_404(engineer):
    assert _client(engineer).get("/units/nowhere/problems/").status_code == 404


def test_board_needs_sign_in(platform):
    response = Client().get(f"/units/{platform.slug}/problems/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_board_runs_a_bounded_number_of_queries(
    engineer, team_lead, platform, django_assert_max_num_queries
):
    for n in range(20):
        problem = create_problem(author=engineer, title=f"Problem {n}", body="x")
        if n % 3 == 0:
            change_status(actor=team_lead, problem=problem, status="resolved", note="Done")
    client = _client(engineer)
    # Session, person, unit and crumbs, memberships, one page of problems, two for statistics.
    with django_assert_max_num_queries(12):
        response = client.get(f"/units/{platform.slug}/problems/")
    assert response.status_code == 200


def test_raising_from_the_board_without_a_group_is_refused(engineer, platform):
    response = _client(engineer).post(
        f"/units/{platform.slug}/problems/",
        {"title": "Laptops ship late", "body": "Three weeks for a new laptop", "group": ""},
    )
    # No group chosen: the form insists on one (the unit's own group is pre-selected).
    assert response.status_code == 422
    assert not Problem.objects.exists()


def test_raising_from_the_board_creates_the_problem(engineer, platform):
    from townhall.groups.models import Group

    group = Group.objects.get(unit=platform)
    response = _client(engineer).post(
        f"/units/{platform.slug}/problems/",
        {"title": "Laptops ship late", "body": "Three weeks for a new laptop", "group": group.pk},
    )
    problem = Problem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/posts/{problem.post_id}/#problem"
    assert problem.owner_unit == platform and problem.post.group == group


def test_raising_from_the_board_without_text_shows_errors_and_writes_nothing(engineer, platform):
    from townhall.groups.models import Group

    group = Group.objects.get(unit=platform)
    response = _client(engineer).post(
        f"/units/{platform.slug}/problems/", {"title": "", "body": "", "group": group.pk}
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Give the problem a short title." in html and "Write something first." in html
    assert not Post.objects.exists()


def test_raising_into_a_group_not_offered_is_refused(engineer, platform, private_group):
    response = _client(engineer).post(
        f"/units/{platform.slug}/problems/",
        {"title": "Leak", "body": "Drip", "group": private_group.pk},
    )
    assert response.status_code == 422
    assert not Problem.objects.exists()


def test_problems_home_goes_to_my_units_board(engineer, platform):
    response = _client(engineer).get("/problems/")
    assert response.status_code == 302
    assert response["Location"] == f"/units/{platform.slug}/problems/"


# --- The panel on the post page -----------------------------------------------------------


def test_post_page_shows_the_problem_panel(engineer, member, team_lead):
    problem = create_problem(author=engineer, title="Disk", body=f"@{member.handle} help")
    change_status(actor=team_lead, problem=problem, status="in_progress", note="On it")
    html = _client(engineer).get(f"/posts/{problem.post_id}/").content.decode()
    assert 'id="problem"' in html and "In progress" in html
    assert "Platform" in html and member.display_name in html and "On it" in html
    assert "Update status" in html


def test_post_page_offers_raising_to_the_author_only(owner, member):
    post = publish_post(author=owner, body="The lift is broken")
    assert "Raise as problem" in _client(owner).get(f"/posts/{post.pk}/").content.decode()
    assert "Raise as problem" not in _client(member).get(f"/posts/{post.pk}/").content.decode()


def test_a_reader_who_may_not_change_sees_no_status_form(engineer, member):
    problem = create_problem(author=engineer, title="Disk", body="x")
    html = _client(member).get(f"/posts/{problem.post_id}/").content.decode()
    assert 'id="problem"' in html and "Update status" not in html


def test_post_page_with_a_problem_runs_a_bounded_number_of_queries(
    engineer, member, team_lead, django_assert_max_num_queries
):
    problem = create_problem(author=engineer, title="Disk", body=f"@{member.handle} help")
    change_status(actor=team_lead, problem=problem, status="in_progress", note="On it")
    client = _client(team_lead)
    client.get(f"/posts/{problem.post_id}/")  # the first visit also records the view
    # The post page itself, plus the problem, its helpers, its timeline and the lead's units.
    with django_assert_max_num_queries(22):
        response = client.get(f"/posts/{problem.post_id}/")
    assert response.status_code == 200


def test_raise_over_htmx_returns_the_panel(owner, company):
    post = publish_post(author=owner, body="The lift is broken")
    response = _client(owner).post(f"/posts/{post.pk}/problem/", **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="problem"' in html and "Open" in html
    assert Problem.objects.get().owner_unit == company


def test_raise_without_htmx_redirects_to_the_panel(owner):
    post = publish_post(author=owner, body="The lift is broken")
    response = _client(owner).post(f"/posts/{post.pk}/problem/")
    assert response.status_code == 302 and response["Location"] == f"/posts/{post.pk}/#problem"


def test_colleague_cannot_raise_someone_elses_post(owner, member):
    post = publish_post(author=owner, body="The lift is broken")
    assert _client(member).post(f"/posts/{post.pk}/problem/").status_code == 403
    assert not Problem.objects.exists()


def test_outsider_cannot_raise_a_private_post(owner, outsider, private_group):
    post = publish_post(author=owner, body="Budget", group=private_group)
    assert _client(outsider).post(f"/posts/{post.pk}/problem/").status_code == 404


def test_status_change_over_htmx_returns_the_updated_panel(engineer, team_lead):
    problem = create_problem(author=engineer, title="Disk", body="x")
    response = _client(team_lead).post(
        f"/problems/{problem.pk}/status/", {"status": "resolved", "note": "Grew it"}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "Resolved" in html and "Grew it" in html
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RESOLVED


def test_resolving_without_a_note_over_htmx_shows_the_error_and_changes_nothing(
    engineer, team_lead
):
    problem = create_problem(author=engineer, title="Disk", body="x")
    response = _client(team_lead).post(
        f"/problems/{problem.pk}/status/", {"status": "resolved", "note": ""}, **HTMX
    )
    assert response.status_code == 422
    assert "Say how the problem was resolved." in response.content.decode()
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.OPEN


def test_unknown_status_is_refused_without_change(engineer, team_lead):
    problem = create_problem(author=engineer, title="Disk", body="x")
    response = _client(team_lead).post(
        f"/problems/{problem.pk}/status/", {"status": "closed"}, **HTMX
    )
    assert response.status_code == 422
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.OPEN


def test_status_change_without_htmx_redirects_to_the_panel(engineer, team_lead):
    problem = create_problem(author=engineer, title="Disk", body="x")
    response = _client(team_lead).post(f"/problems/{problem.pk}/status/", {"status": "in_progress"})
    assert response["Location"] == f"/posts/{problem.post_id}/#problem"


def test_colleague_cannot_change_status(engineer, member):
    problem = create_problem(author=engineer, title="Disk", body="x")
    response = _client(member).post(f"/problems/{problem.pk}/status/", {"status": "resolved"})
    assert response.status_code == 403


def test_outsider_gets_404_for_a_private_problem(owner, outsider, private_group):
    problem = create_problem(author=owner, title="Budget", body="x", group=private_group)
    response = _client(outsider).post(f"/problems/{problem.pk}/status/", {"status": "in_progress"})
    assert response.status_code == 404
