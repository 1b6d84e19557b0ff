"""The problems API: the same services, selectors and permissions as the pages."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from townhall.conversations.models import Post
from townhall.conversations.services import add_comment, publish_post
from townhall.people.services import create_access_token
from townhall.problems.models import Problem, ProblemStatus
from townhall.problems.services import change_status, create_problem

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, person):
        _token, raw = create_access_token(actor=person, name="tests")
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    def get(self, path, **params):
        return self.client.get(f"/api/v1{path}", params)

    def post(self, path, body=None):
        return self.client.post(
            f"/api/v1{path}", json.dumps(body or {}), content_type="application/json"
        )


def test_list_is_newest_first_with_status_and_unit(engineer, platform):
    create_problem(author=engineer, title="First", body="x")
    create_problem(author=engineer, title="Second", body="x")
    response = Api(engineer).get("/problems", unit=platform.slug)
    items = response.json()["items"]
    assert response.status_code == 200
    assert [i["post"]["title"] for i in items] == ["Second", "First"]
    assert items[0]["status"] == "open" and items[0]["status_label"] == "Open"
    assert items[0]["owner_unit"]["slug"] == platform.slug


def test_list_filters_by_status(engineer, team_lead):
    done = create_problem(author=engineer, title="Done", body="x")
    create_problem(author=engineer, title="Open", body="x")
    change_status(actor=team_lead, problem=done, status="resolved", note="Fixed")
    items = Api(engineer).get("/problems", status="resolved").json()["items"]
    assert [i["post"]["title"] for i in items] == ["Done"]
    assert items[0]["time_to_resolution_seconds"] is not None


def test_list_pages_with_next_cursor(engineer):
    for n in range(3):
        create_problem(author=engineer, title=f"P{n}", body="x")
    api = Api(engineer)
    first = api.get("/problems", limit=2).json()
    second = api.get("/problems", limit=2, after=first["next_cursor"]).json()
    titles = [i["post"]["title"] for i in first["items"] + second["items"]]
    assert titles == ["P2", "P1", "P0"] and second["next_cursor"] is None


def test_list_refuses_a_forged_cursor(engineer):
    response = Api(engineer).get("/problems", after="Zm9yZ2Vk")
    assert response.status_code == 422 and "after" in response.json()["errors"]


def test_list_refuses_an_unknown_unit(engineer):
    response = Api(engineer).get("/problems", unit="nowhere")
    assert response.status_code == 422 and "unit" in response.json()["errors"]


def test_list_refuses_an_unknown_status(engineer):
    assert Api(engineer).get("/problems", status="closed").status_code == 422


def test_list_hides_private_group_problems_from_outsiders(owner, outsider, private_group):
    create_problem(author=owner, title="Secret", body="x", group=private_group)
    create_problem(author=owner, title="Public", body="x")
    items = Api(outsider).get("/problems").json()["items"]
    assert [i["post"]["title"] for i in items] == ["Public"]


def test_list_runs_a_bounded_number_of_queries(engineer, team_lead, django_assert_max_num_queries):
    for n in range(15):
        problem = create_problem(author=engineer, title=f"P{n}", body="x")
        if n % 2:
            change_status(actor=team_lead, problem=problem, status="resolved", note="Done")
    api = Api(engineer)
    with django_assert_max_num_queries(5):
        response = api.get("/problems", limit=100)
    assert len(response.json()["items"]) == 15


def test_detail_has_helpers_timeline_and_what_you_may_do(engineer, member, team_lead):
    problem = create_problem(author=engineer, title="Disk", body="x")
    add_comment(author=team_lead, post=problem.post, body=f"@{member.handle} can you look?")
    change_status(actor=team_lead, problem=problem, status="in_progress", note="On it")
    body = Api(team_lead).get(f"/problems/{problem.pk}").json()
    assert [h["id"] for h in body["helpers"]] == [member.pk]
    assert [(e["kind"], e["to_status"]) for e in body["events"]] == [
        ("raised", "open"),
        ("status", "in_progress"),
    ]
    assert body["can_change"] is True
    assert Api(member).get(f"/problems/{problem.pk}").json()["can_change"] is False


def test_detail_of_a_private_problem_is_404_for_outsiders(owner, outsider, private_group):
    problem = create_problem(author=owner, title="Secret", body="x", group=private_group)
    assert Api(outsider).get(f"/problems/{problem.pk}").status_code == 404


def test_create_publishes_and_raises(engineer, platform):
    response = Api(engineer).post(
        "/problems", {"title": "Flaky deploys", "body": "One in five fails"}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["post"]["title"] == "Flaky deploys"
    assert body["owner_unit"]["slug"] == platform.slug


def test_create_for_another_unit(engineer, sales):
    response = Api(engineer).post(
        "/problems", {"title": "Quotes", "body": "Wrong prices", "owner_unit": sales.slug}
    )
    assert response.json()["owner_unit"]["slug"] == sales.slug


def test_create_with_bad_input_changes_nothing(engineer):
    api = Api(engineer)
    assert api.post("/problems", {"title": "", "body": "x"}).status_code == 422
    assert api.post("/problems", {"title": "T", "body": "   "}).status_code == 422
    assert api.post("/problems", {"title": "T", "body": "x", "owner_unit": "no"}).status_code == 422
    assert api.post("/problems", {"title": "T", "body": "x", "extra": 1}).status_code == 422
    assert not Post.objects.exists() and not Problem.objects.exists()


def test_create_in_a_private_group_the_author_is_not_in_is_refused(outsider, private_group):
    response = Api(outsider).post(
        "/problems", {"title": "T", "body": "x", "group": private_group.slug}
    )
    assert response.status_code == 403
    assert not Problem.objects.exists()


def test_raise_a_post(owner, company):
    post = publish_post(author=owner, body="The lift is broken")
    response = Api(owner).post(f"/posts/{post.pk}/problem")
    assert response.status_code == 201
    assert response.json()["owner_unit"]["slug"] == company.slug


def test_raising_twice_is_a_field_error(owner):
    post = publish_post(author=owner, body="The lift is broken")
    api = Api(owner)
    api.post(f"/posts/{post.pk}/problem")
    response = api.post(f"/posts/{post.pk}/problem")
    assert response.status_code == 422 and "post" in response.json()["errors"]


def test_colleague_cannot_raise_someone_elses_post(owner, member):
    post = publish_post(author=owner, body="The lift is broken")
    assert Api(member).post(f"/posts/{post.pk}/problem").status_code == 403
    assert not Problem.objects.exists()


def test_outsider_cannot_raise_a_private_post(owner, outsider, private_group):
    post = publish_post(author=owner, body="Budget", group=private_group)
    assert Api(outsider).post(f"/posts/{post.pk}/problem").status_code == 404


def test_change_status(engineer, team_lead):
    problem = create_problem(author=engineer, title="Disk", body="x")
    response = Api(team_lead).post(
        f"/problems/{problem.pk}/status", {"status": "resolved", "note": "Grew it"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "resolved"
    assert response.json()["resolution_note"] == "Grew it"


def test_resolving_without_a_note_is_a_field_error_and_changes_nothing(engineer, team_lead):
    problem = create_problem(author=engineer, title="Disk", body="x")
    response = Api(team_lead).post(f"/problems/{problem.pk}/status", {"status": "resolved"})
    assert response.status_code == 422 and "note" in response.json()["errors"]
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.OPEN


def test_colleague_cannot_change_status(engineer, member):
    problem = create_problem(author=engineer, title="Disk", body="x")
    response = Api(member).post(f"/problems/{problem.pk}/status", {"status": "in_progress"})
    assert response.status_code == 403


def test_outsider_cannot_change_a_private_problem(owner, outsider, private_group):
    problem = create_problem(author=owner, title="Secret", body="x", group=private_group)
    response = Api(outsider).post(f"/problems/{problem.pk}/status", {"status": "in_progress"})
    assert response.status_code == 404


def test_hand_to_another_unit(engineer, team_lead, sales):
    problem = create_problem(author=engineer, title="Quotes", body="x")
    response = Api(team_lead).post(f"/problems/{problem.pk}/owner", {"owner_unit": sales.slug})
    assert response.status_code == 200
    assert response.json()["owner_unit"]["slug"] == sales.slug
    assert response.json()["events"][-1]["kind"] == "owner"


def test_endpoints_need_authentication(engineer):
    problem = create_problem(author=engineer, title="Disk", body="x")
    assert Client().get("/api/v1/problems").status_code == 401
    assert Client().get(f"/api/v1/problems/{problem.pk}").status_code == 401
