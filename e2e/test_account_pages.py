"""Account and settings pages (mostly allauth's): they render in Townhall's style and pass axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, login, shot

SIGNED_IN_PAGES = {
    "change-password": "/accounts/password/change/",
    "two-factor": "/accounts/2fa/",
    "email-addresses": "/accounts/email/",
    "api-tokens": "/settings/tokens/",
    "sign-out": "/accounts/logout/",
}


def test_password_reset_request_page(page, live_server, org):
    page.goto("/accounts/password/reset/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    shot(page, "password-reset")
    assert_accessible(page)


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_signed_in_account_page(page, live_server, org, name):
    login(page, live_server, org.member.email)
    page.goto(SIGNED_IN_PAGES[name])
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    shot(page, name)
    assert_accessible(page)


def test_account_menu_opens_with_language_and_sign_out(page, live_server, org):
    login(page, live_server, org.admin.email)
    page.get_by_label("Your account").click()
    expect(page.locator("#language-select")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    shot(page, "account-menu")
    assert_accessible(page)

    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="Sign out")).to_be_hidden()
    expect(page.get_by_label("Your account")).to_be_focused()
