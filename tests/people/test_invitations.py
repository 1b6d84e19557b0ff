from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from townhall.people.models import Invitation, Person
from townhall.people.services import accept_invitation, invite_person


def test_invitation_email_arrives_over_smtp_with_a_working_link(
    admin, smtp_server, run_tasks, django_capture_on_commit_callbacks, client
):
    with django_capture_on_commit_callbacks(execute=True):
        invite_person(actor=admin, email="new.hire@example.com", roles=["leader"])
    run_tasks()
    assert len(smtp_server.messages) == 1
    assert smtp_server.messages[0]["To"] == "new.hire@example.com"
    body = smtp_server.bodies()[0]
    token = re.search(r"/invite/([0-9a-f]+)/", body).group(1)
    response = client.post(
        f"/invite/{token}/",
        {"first_name": "Nina", "last_name": "New", "password": "a-long-new-password-7"},
    )
    assert response.status_code == 302
    person = Person.objects.get(email="new.hire@example.com")
    assert person.is_leader
    assert client.get("/").status_code == 200


def test_member_cannot_invite(member):
    with pytest.raises(PermissionDenied):
        invite_person(actor=member, email="x@example.com")


def test_expired_invitation_is_refused(admin, client):
    invitation = invite_person(actor=admin, email="late@example.com")
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=invitation.created_at)
    from townhall.people.services import invitation_token

    token = invitation_token(invitation)
    assert client.get(f"/invite/{token}/").status_code == 404
    with pytest.raises(ValidationError):
        accept_invitation(
            token=token, first_name="L", last_name="", password="a-long-new-password-7"
        )
