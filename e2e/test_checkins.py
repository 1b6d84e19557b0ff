"""Working Out Loud: a person checks in, their manager reads the team round side by side."""

from __future__ import annotations

from playwright.sync_api import expect

from e2e.conftest import SCREENSHOTS, assert_accessible, login


def shot(page, name: str) -> None:
    """A full-page screenshot that leaves the page as it was.

    Playwright hides the text caret for screenshots by giving inputs a `style` attribute it
    leaves behind empty; htmx's settle step later copies that attribute onto the swapped-in
    inputs, which the Content Security Policy reports. Keeping the caret avoids both.
    """
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True, caret="initial")


def test_member_checks_in_and_manager_sees_the_round(make_page, live_server, org):
    from townhall.checkins.services import submit_checkin

    sales = org.units["Sales"]
    sven, mats, noor, lars = (org.people[n] for n in ("Sven", "Mats", "Noor", "Lars"))
    submit_checkin(
        person=sven,
        did="Kick-off for the Nordics pipeline with the whole team.",
        doing="Pricing review with Finance; one-to-ones on Thursday.",
        need_help="",
    )

    page = make_page()
    login(page, live_server, mats.email)
    page.goto("/checkins/")
    expect(page.get_by_role("heading", name="Working Out Loud")).to_be_visible()
    page.get_by_label("What I did last week").fill("Signed the Fjord Logistics renewal.")
    page.get_by_label("What I'm taking on this week").fill("Two demos for garden centres in Skåne.")
    page.get_by_label("Where I need help").fill("Who knows the new CPQ tool? Quotes take me ages.")
    shot(page, "checkins-form")
    page.get_by_role("button", name="Post my check-in").click()
    expect(page.get_by_role("status")).to_contain_text("Your check-in is posted.")
    expect(page.get_by_role("button", name="Update my check-in")).to_be_visible()
    assert_accessible(page)

    manager = make_page()
    login(manager, live_server, sven.email)
    manager.goto(f"/org/{sales.slug}/round/")
    cards = manager.locator(".checkins-card")
    expect(cards).to_have_count(2)
    expect(manager.locator(".checkins-grid")).to_contain_text("Signed the Fjord Logistics renewal.")
    expect(manager.locator(".checkins-grid")).to_contain_text("Pricing review with Finance")
    missing = manager.locator(".checkins-missing")
    expect(missing).to_contain_text(noor.display_name)
    expect(missing).to_contain_text(lars.display_name)
    expect(missing).not_to_contain_text(mats.display_name)
    # Side by side: the two cards share a row on a desktop screen.
    first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
    assert first and second and abs(first["y"] - second["y"]) < 2
    shot(manager, "checkins-round")
    assert_accessible(manager)

    manager.get_by_role("link", name="Previous week").click()
    expect(manager.locator("#round")).to_contain_text("Nobody has checked in for this week yet.")
    expect(manager).to_have_url(f"{live_server.url}/org/{sales.slug}/round/?week={_last_week()}")

    manager.get_by_label("Remind the team on").select_option(label="Thursday")
    manager.get_by_role("button", name="Save").click()
    expect(manager.locator("#round-settings")).to_contain_text("Reminder day saved.")
    shot(manager, "checkins-round-previous-week")


def test_round_fits_a_phone(make_page, live_server, org):
    from townhall.checkins.services import submit_checkin

    sales = org.units["Sales"]
    submit_checkin(person=org.people["Noor"], did="Demo day.", doing="Follow-ups.", need_help="")
    phone = make_page(viewport={"width": 390, "height": 844})
    login(phone, live_server, org.people["Sven"].email)
    phone.goto(f"/org/{sales.slug}/round/")
    expect(phone.locator(".checkins-card")).to_have_count(1)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    shot(phone, "checkins-round-phone")


def _last_week() -> str:
    from datetime import timedelta

    from townhall.checkins.weeks import current_week, week_label

    return week_label(current_week() - timedelta(days=7))
