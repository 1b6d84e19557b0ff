"""Property-based run of the whole OpenAPI schema: no 500s, and every answer matches the schema."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import PersonFactory, UnitFactory
from townhall.conversations.services import add_comment, publish_post
from townhall.groups.services import create_group, request_to_join
from townhall.people.services import create_access_token, invite_person, set_unit_manager

EXAMPLES_PER_OPERATION = 8  # enough to hit every branch of our validation; CI runs it twice


@dataclass
class Seeded:
    token_id: int
    headers: dict[str, str]
    # Real objects the conversations and groups endpoints can find, not only 404s.
    objects: dict[str, int]


@pytest.fixture
def in_process_requests() -> Iterator[None]:
    """Keep the test's database connection across in-process WSGI requests.

    Django's own test client does the same: closing "old" connections at the end of a request
    would close the one holding the test transaction.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(db) -> Seeded:
    admin = PersonFactory(first_name="Ada", last_name="Admin", roles=["admin"])
    company = UnitFactory(name="Acme", kind="company")
    sales = UnitFactory(name="Sales", kind="department", parent=company)
    for i in range(6):
        PersonFactory(primary_unit=sales if i % 2 else company, job_title=f"Role {i}")
    set_unit_manager(actor=admin, unit=sales, manager=PersonFactory(primary_unit=sales))
    invite_person(actor=admin, email="guest@example.com")
    token, raw = create_access_token(actor=admin, name="schemathesis")
    question = publish_post(author=admin, body="How do we #onboarding?", kind="question")
    comment = add_comment(author=admin, post=question, body="Like this")
    add_comment(author=admin, post=question, body="Thanks", parent=comment)
    group = create_group(actor=admin, name="Acme", visibility="private")  # slug "acme-…"
    join_request = request_to_join(person=PersonFactory(), group=group)
    return Seeded(
        token_id=token.pk,
        headers={"Authorization": f"Bearer {raw}"},
        objects={
            "post_id": question.pk,
            "comment_id": comment.pk,
            "request_id": join_request.pk,
            "person_id": admin.pk,
        },
    )


# Loaded at collection: fetching openapi.json touches no database. (`from_fixture` would be
# the lazy alternative, but schemathesis 4.32 trips over pytest 9's node ids there.)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
schema.config.generation.update(
    max_examples=EXAMPLES_PER_OPERATION, deterministic=True, no_shrink=True, database="none"
)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_match_the_schema(case, seeded, in_process_requests):
    if str((case.path_parameters or {}).get("token_id")) == str(seeded.token_id):
        # Revoking the token the run signs in with would turn the rest into 401s.
        case.path_parameters["token_id"] = seeded.token_id + 10_000
    for name, real_id in seeded.objects.items():
        value = (case.path_parameters or {}).get(name)
        if isinstance(value, int) and value % 2 == 0:
            # Half the generated ids point at a real object, so the happy paths run too.
            case.path_parameters[name] = real_id
    case.call_and_validate(
        headers=seeded.headers,
        checks=[not_a_server_error, response_schema_conformance, status_code_conformance],
    )


def test_openapi_document_has_no_duplicate_keys(client, db):
    """Swagger UI refuses a document with a response code declared twice ("401" and 401)."""
    import json

    def no_duplicates(pairs):
        keys = [k for k, _v in pairs]
        assert len(keys) == len(set(keys)), f"duplicate keys: {keys}"
        return dict(pairs)

    response = client.get("/api/v1/openapi.json")
    json.loads(response.content, object_pairs_hook=no_duplicates)


def test_api_docs_page_uses_bundled_assets(client, db):
    body = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in body
    assert "cdn" not in body
