"""The org chart: from the company down into a department, its manager and members."""

from __future__ import annotations

from playwright.sync_api import expect

from e2e.conftest import assert_accessible, login, shot


def test_org_chart_opens_a_sub_unit_with_its_manager_and_members(page, live_server, org):
    login(page, live_server, org.member.email)
    page.goto("/org/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Acme")
    shot(page, "org-chart")
    assert_accessible(page)

    page.locator(".unit-grid").get_by_role("link", name="Engineering").click()

    expect(page).to_have_url(f"{live_server.url}/org/{org.units['Engineering'].slug}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Engineering")
    expect(page.locator(".org__manager")).to_contain_text("Erin Eriksen")
    members = page.locator(".org__members .person-card__name")
    expect(members).to_have_text(["Erin Eriksen", "Ingrid Berg"])
    expect(page.locator(".org__subunits")).to_contain_text("Platform")
    expect(page.get_by_role("navigation", name="Breadcrumbs")).to_contain_text("Acme")
    shot(page, "org-chart-unit")
    assert_accessible(page)
