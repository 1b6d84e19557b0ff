"""Layout at a phone's width and in dark mode."""

from __future__ import annotations

from playwright.sync_api import expect

from e2e.conftest import assert_accessible, login, shot

PHONE = {"width": 390, "height": 844}


def _horizontal_overflow(page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def test_home_and_directory_fit_a_phone_screen(make_page, live_server, org):
    page = make_page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    login(page, live_server, org.member.email)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    shot(page, "mobile-home")
    assert _horizontal_overflow(page) <= 0

    page.goto("/people/")
    expect(page.locator("#directory-results .person-card").first).to_be_visible()
    shot(page, "mobile-directory")
    assert _horizontal_overflow(page) <= 0


def test_dark_mode_home(make_page, live_server, org):
    page = make_page(color_scheme="dark")
    login(page, live_server, org.people["Pat"].email)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(17, 19, 26)"
    shot(page, "dark-home")
    assert_accessible(page)
