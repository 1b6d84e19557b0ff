from __future__ import annotations

import re

from tests.factories import PASSWORD
from townhall.people.models import AccessToken
from townhall.people.services import create_access_token, person_for_token, revoke_access_token


def test_token_is_shown_once_and_stored_hashed(client, owner):
    client.force_login(owner)
    response = client.post("/settings/tokens/", {"name": "reporting script"})
    raw = re.search(r'id="new-token">(th_[^<]+)<', response.content.decode()).group(1)
    token = AccessToken.objects.get(person=owner)
    assert token.token_hash != raw and raw not in token.token_hash
    assert person_for_token(raw) == owner
    assert raw not in client.get("/settings/tokens/").content.decode()


def test_revoked_token_no_longer_authenticates(owner):
    token, raw = create_access_token(actor=owner, name="ci")
    revoke_access_token(actor=owner, token=token)
    assert person_for_token(raw) is None


def test_token_of_deactivated_person_does_not_authenticate(owner):
    _token, raw = create_access_token(actor=owner, name="ci")
    owner.is_active = False
    owner.save(update_fields=["is_active"])
    assert person_for_token(raw) is None


def test_cannot_revoke_someone_elses_token(client, owner, outsider):
    token, _raw = create_access_token(actor=owner, name="ci")
    client.force_login(outsider)
    assert client.post(f"/settings/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_creation_is_rate_limited(client, owner):
    client.force_login(owner)
    statuses = [client.post("/settings/tokens/", {"name": f"t{i}"}).status_code for i in range(12)]
    assert statuses[:10] == [200] * 10
    assert statuses[-1] == 422
    assert AccessToken.objects.filter(person=owner).count() == 10


def test_empty_token_name_is_a_field_error(client, owner):
    client.force_login(owner)
    response = client.post("/settings/tokens/", {"name": "  "})
    assert response.status_code == 422
    assert not AccessToken.objects.exists()


def _totp_now(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def test_totp_can_be_activated_and_is_then_asked_at_sign_in(client, owner):
    client.post("/accounts/login/", {"login": owner.email, "password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/")
    if page.status_code == 302 and "/reauthenticate/" in page["Location"]:
        client.post(page["Location"], {"password": PASSWORD})
        page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]
    activated = client.post("/accounts/2fa/totp/activate/", {"code": _totp_now(secret)})
    assert activated.status_code == 302
    client.post("/accounts/logout/")
    response = client.post("/accounts/login/", {"login": owner.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert "_auth_user_id" not in client.session
