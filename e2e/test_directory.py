"""The people directory: search as you type and the team filter, both without a full reload."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from e2e.conftest import assert_accessible, login, shot


def _mark_document(page) -> None:
    # A full page load would start a fresh window object and drop this flag.
    page.evaluate("window.__sameDocument = true")


def _same_document(page) -> bool:
    return bool(page.evaluate("window.__sameDocument === true"))


def test_search_as_you_type_narrows_results_without_reloading(page, live_server, org):
    login(page, live_server, org.member.email)
    page.goto("/people/")
    names = page.locator("#directory-results .person-card__name")
    expect(names).to_have_count(len(org.people))
    shot(page, "directory")
    assert_accessible(page)
    _mark_document(page)

    page.get_by_role("searchbox", name="Search", exact=True).press_sequentially("kubern")

    expect(names).to_have_text(["Pat Peeters", "Yuki Tanaka"])
    assert _same_document(page)
    expect(page).to_have_url(re.compile(r"/people/\?.*q=kubern"))
    shot(page, "directory-search")


def test_team_filter_shows_only_that_team(page, live_server, org):
    login(page, live_server, org.member.email)
    page.goto("/people/")
    _mark_document(page)

    page.get_by_label("Team").select_option(org.units["Platform"].slug)

    names = page.locator("#directory-results .person-card__name")
    expect(names).to_have_text(["Kofi Mensah", "Pat Peeters", "Yuki Tanaka", "Zoe Zimmer"])
    assert _same_document(page)
    shot(page, "directory-team")
    assert_accessible(page)
