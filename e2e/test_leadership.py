"""A new leader goes from invitation to a first post through the onboarding checklist.

Ada (admin) invites Nina as a leader of the Sales team. Nina accepts, opens her checklist
(1 of 8: she is in her unit's groups), completes her profile and writes a first post, and
watches the progress bar move. Cora, a community manager, sees Nina on the coaching board and
nudges her; Nina finds the nudge in her notifications. The leaders corner lists everyone.
"""

from __future__ import annotations

import io
import re

from PIL import Image
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, login, shot
from tests.factories import PASSWORD, PersonFactory

NEW_LEADER = "nina.new@acme.example"


def _photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (600, 600), (60, 110, 170)).save(buffer, "PNG")
    return buffer.getvalue()


def _invite_link(live_server) -> str:
    from townhall.people.models import Invitation
    from townhall.people.services import invitation_token

    invitation = Invitation.objects.get(email=NEW_LEADER)
    return f"{live_server.url}/invite/{invitation_token(invitation)}/"


def _progress(page):
    return page.locator(".leadership-progress [role=progressbar]")


def test_new_leader_goes_from_invitation_to_first_post_through_the_checklist(
    make_page, live_server, org
):
    # Ada invites Nina as a leader of Sales.
    admin = make_page()
    login(admin, live_server, org.admin.email)
    admin.goto("/manage/invitations/")
    admin.get_by_label("Email address").fill(NEW_LEADER)
    admin.get_by_label("Leader", exact=True).check()
    admin.get_by_label("Team").select_option(value=str(org.units["Sales"].pk))
    admin.get_by_role("button", name="Send invitation").click()
    expect(admin.locator(".flash")).to_contain_text(f"Invitation sent to {NEW_LEADER}")

    # Nina accepts and lands on her profile settings, signed in.
    nina = make_page()
    nina.goto(_invite_link(live_server))
    nina.get_by_label("First name").fill("Nina")
    nina.get_by_label("Last name").fill("Nilsen")
    nina.get_by_label("Password").fill("a-long-new-password-7")
    nina.get_by_role("button", name=re.compile("Join|Accept|Create", re.IGNORECASE)).click()
    expect(nina).to_have_url(re.compile(r"/settings/profile/$"))

    # Her checklist: only the unit groups step is done.
    nina.goto("/leadership/onboarding/")
    expect(nina.get_by_role("heading", name="Getting started as a leader")).to_be_visible()
    expect(_progress(nina)).to_have_attribute("aria-valuenow", "1")
    expect(_progress(nina)).to_have_attribute("aria-valuemax", "8")
    expect(nina.locator("#step-unit_groups")).to_have_class(re.compile("leadership-step--done"))
    expect(nina.locator("#step-profile")).to_contain_text(
        "People answer a face and a name; a profile tells them what to ask you."
    )
    shot(nina, "leadership-onboarding-new")
    assert_accessible(nina)

    # The profile step's link leads to the profile settings; she completes it there.
    nina.locator("#step-profile").get_by_role("link").click()
    expect(nina).to_have_url(re.compile(r"/settings/profile/$"))
    nina.get_by_label("Ask me about").fill("pricing, hiring")
    nina.get_by_label("Bio").fill("I lead Sales in the Nordics. Ask me anything about deals.")
    nina.get_by_role("button", name="Save profile").click()
    expect(nina.locator(".flash")).to_contain_text("Your profile is saved.")
    nina.goto("/settings/profile/")
    nina.get_by_label(re.compile(r"^Photo\b")).set_input_files(
        {"name": "nina.png", "mimeType": "image/png", "buffer": _photo()}
    )
    nina.get_by_role("button", name="Upload photo").click()
    expect(nina.locator(".flash")).to_contain_text("Your new photo is saved.")

    nina.goto("/leadership/onboarding/")
    expect(_progress(nina)).to_have_attribute("aria-valuenow", "2")
    expect(nina.locator("#step-profile")).to_have_class(re.compile("leadership-step--done"))

    # Her first post, from the home page's composer, which the checklist links to.
    nina.locator("#step-first_post").get_by_role("link").click()
    editor = nina.get_by_role("combobox", name="What would you like to share?")
    editor.fill("Hello everyone! I'm Nina, the new head of Nordic sales. My door is open.")
    nina.get_by_role("button", name="Post", exact=True).click()
    expect(nina.locator("#feed .post-card").first).to_contain_text("I'm Nina")

    nina.goto("/leadership/onboarding/")
    expect(_progress(nina)).to_have_attribute("aria-valuenow", "3")
    expect(nina.locator("#step-first_post")).to_contain_text("Done on")
    expect(nina.locator(".leadership-progress__label")).to_have_text("3 of 8 steps done")
    shot(nina, "leadership-onboarding-progress")
    assert_accessible(nina)

    # Cora, a community manager, nudges Nina from the coaching board.
    PersonFactory(
        email="cora.comms@acme.example",
        first_name="Cora",
        last_name="Comms",
        roles=["community_manager"],
        primary_unit=org.units["Acme"],
        password=PASSWORD,
    )
    cora = make_page()
    login(cora, live_server, "cora.comms@acme.example")
    cora.goto("/leadership/coaching/")
    row = cora.locator("tr", has_text="Nina Nilsen")
    expect(row).to_contain_text("3/8")
    shot(cora, "leadership-coaching-board")
    assert_accessible(cora)
    row.get_by_role("link", name=re.compile("^Nudge")).click()
    message = row.get_by_label("Personal message")
    expect(message).to_be_visible()
    message.fill("Great first post, Nina! Your team would love an open hour next.")
    row.get_by_role("button", name="Send nudge").click()
    expect(row.get_by_role("status")).to_have_text("Nudge sent to Nina Nilsen.")
    shot(cora, "leadership-coaching-nudged")
    assert_accessible(cora)

    # The board now shows the nudge as the latest one.
    cora.goto("/leadership/coaching/")
    expect(cora.locator("tr", has_text="Nina Nilsen")).to_contain_text("Great first post")

    # Nina finds the nudge in her notifications and on her checklist.
    nina.goto("/notifications/")
    expect(nina.locator(".notification").first).to_contain_text("Cora Comms sent you a nudge")
    expect(nina.locator(".notification").first).to_contain_text("Great first post, Nina!")
    nina.goto("/leadership/onboarding/")
    expect(nina.locator(".leadership-quote")).to_contain_text("Great first post, Nina!")

    # The leaders corner lists her among the leaders, with her first post.
    nina.goto("/leadership/")
    card = nina.locator(".leadership-card", has_text="Nina Nilsen")
    expect(card).to_contain_text("Hello everyone!")
    expect(nina.locator(".leadership-card").first).to_contain_text("Carla Chen")
    nina.get_by_role("button", name="Follow all leaders of my line").click()
    expect(nina.locator("#leadership-follow-result")).to_contain_text("You now follow")
    shot(nina, "leadership-corner")
    assert_accessible(nina)
