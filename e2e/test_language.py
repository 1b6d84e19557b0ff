"""Switching the interface language from the account menu, and keeping it."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils import translation
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, login, shot


def _dutch_for(text: str) -> str | None:
    """The Dutch translation of `text` when the catalogue is compiled, else None."""
    if not any((Path(p) / "nl/LC_MESSAGES/django.mo").exists() for p in settings.LOCALE_PATHS):
        return None
    with translation.override("nl"):
        dutch = translation.gettext(text)
    return dutch if dutch != text else None


def _main_nav(page):
    return page.locator("nav.topbar__nav")


def test_language_switch_to_dutch_persists_across_sign_in(page, live_server, org):
    login(page, live_server, org.member.email)
    page.get_by_label("Your account").click()
    with page.expect_navigation() as navigation:
        page.locator("#language-select").select_option("nl")

    assert navigation.value.headers["content-language"] == "nl"
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    dutch_people = _dutch_for("People")
    if dutch_people:
        expect(_main_nav(page)).to_contain_text(dutch_people)
    shot(page, "home-dutch")
    assert_accessible(page)

    response = page.reload()
    assert response.headers["content-language"] == "nl"
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    page.locator("summary.menu__button").click()
    page.locator("form[action='/accounts/logout/'] button").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    login(page, live_server, org.member.email)
    assert page.url == f"{live_server.url}/"
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    if dutch_people:
        expect(_main_nav(page)).to_contain_text(dutch_people)
