from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest
from django.test import Client

from tests.factories import PASSWORD


def test_pages_need_sign_in(client, db):
    for url in ["/", "/people/", "/org/", "/settings/profile/", "/manage/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_healthz_is_public(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_checks_database_and_redis(client, db, settings):
    response = client.get("/readyz")
    assert response.status_code == 200
    checks = response.json()["checks"]
    assert checks["database"] == "ok"
    if settings.REDIS_URL:
        assert checks["redis"] == "ok"


def test_readyz_reports_unreachable_redis(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"].startswith("error")


def test_csp_forbids_inline_scripts(client, owner):
    client.force_login(owner)
    csp = client.get("/")["Content-Security-Policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert "'self'" in script_src


def test_security_headers_present(client, owner):
    client.force_login(owner)
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_session_cookie_is_httponly_and_samesite(client, owner):
    response = client.post("/accounts/login/", {"login": owner.email, "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_login_form_needs_csrf(owner):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/login/", {"login": owner.email, "password": PASSWORD})
    assert response.status_code == 403


def test_login_error_does_not_reveal_whether_the_account_exists(client, owner):
    unknown = client.post(
        "/accounts/login/", {"login": "nobody@example.com", "password": "whatever-1"}
    ).content.decode()
    wrong = client.post(
        "/accounts/login/", {"login": owner.email, "password": "whatever-1"}
    ).content.decode()
    assert "form-errors" in unknown and "form-errors" in wrong
    strip = lambda html: html.replace("nobody@example.com", "X").replace(owner.email, "X")  # noqa: E731
    assert (
        strip(unknown).split('class="form-errors"')[1][:200]
        == strip(wrong).split('class="form-errors"')[1][:200]
    )


def test_repeated_failed_logins_are_throttled(client, owner):
    for _ in range(5):
        client.post("/accounts/login/", {"login": owner.email, "password": "wrong-password"})
    response = client.post("/accounts/login/", {"login": owner.email, "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_password_reset_for_unknown_email_looks_the_same(client, db, smtp_server, run_tasks):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"


def test_password_reset_mail_arrives_and_resets(client, owner, smtp_server, run_tasks):
    response = client.post("/accounts/password/reset/", {"email": owner.email})
    assert response.status_code == 302
    run_tasks()
    body = smtp_server.bodies()[-1]
    link = next(line for line in body.splitlines() if "/accounts/password/reset/key/" in line)
    path = link[link.index("/accounts/") :].strip()
    form = client.get(path, follow=True)
    assert form.status_code == 200
    action = form.redirect_chain[-1][0] if form.redirect_chain else path
    done = client.post(action, {"password1": "brand-new-pass-42", "password2": "brand-new-pass-42"})
    assert done.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password("brand-new-pass-42")


def _run_check_deploy(env_overrides: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # The browser tests allow sync DB calls from Playwright's loop; a deployment never does.
    dropped = {"TOWNHALL_TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(env_overrides)
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "townhall.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy(tmp_path):
    result = _run_check_deploy(
        {
            "TOWNHALL_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "townhall.example.com",
            "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_path}/db.sqlite3",
            "EMAIL_URL": "smtp://127.0.0.1:25",
            "TOWNHALL_VAR_DIR": str(tmp_path),
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_required_settings_stops_with_a_clear_message(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    env.update({"TOWNHALL_ENV": "production", "TOWNHALL_VAR_DIR": str(tmp_path)})
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "townhall.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "DATABASE_URL" in result.stderr


@pytest.mark.parametrize(
    "language,word", [("nl", "Collega"), ("sv", "Personer"), ("nb", "Personer")]
)
def test_chosen_language_wins_over_browser(client, owner, language, word):
    client.force_login(owner)
    client.post("/settings/language/", {"language": language, "next": "/people/"})
    response = client.get("/people/", headers={"Accept-Language": "en"})
    assert response["Content-Language"] == language
    assert word in response.content.decode()


def test_browser_language_is_the_default(client, owner):
    client.force_login(owner)
    response = client.get("/people/", headers={"Accept-Language": "sv,en;q=0.5"})
    assert response["Content-Language"] == "sv"
