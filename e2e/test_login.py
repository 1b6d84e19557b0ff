"""Signing in: a wrong password gets a generic error, the right one lands on home."""

from __future__ import annotations

from playwright.sync_api import expect

from e2e.conftest import assert_accessible, login, shot


def test_wrong_password_shows_an_error_that_does_not_reveal_the_account(page, live_server, org):
    login(page, live_server, org.member.email, "not-the-password")

    assert page.url.endswith("/accounts/login/")
    error = page.locator(".form-errors")
    expect(error).to_be_visible()
    message = error.inner_text().lower()
    assert "password" in message
    for giveaway in ("does not exist", "no account", "not found", "unknown", "not registered"):
        assert giveaway not in message
    shot(page, "login-error")
    assert_accessible(page)


def test_right_password_lands_on_home(page, live_server, org):
    page.goto("/accounts/login/")
    shot(page, "login")
    assert_accessible(page)

    login(page, live_server, org.member.email)

    assert page.url == f"{live_server.url}/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")
    expect(page.get_by_label("What would you like to share?")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    shot(page, "home")
    assert_accessible(page)
