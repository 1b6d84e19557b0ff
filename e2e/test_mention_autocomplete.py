"""Typing @ in the composer suggests colleagues and groups; the keyboard picks one."""

from __future__ import annotations

from playwright.sync_api import expect

from e2e.conftest import assert_accessible, login, shot


def test_member_mentions_a_colleague_picked_from_the_suggestions(make_page, live_server, org):
    pat = org.people["Pat"]
    page = make_page()
    login(page, live_server, org.member.email)
    page.goto("/")
    editor = page.get_by_role("combobox", name="What would you like to share?")
    editor.click()
    editor.press_sequentially("Thanks to @p", delay=30)

    listbox = page.get_by_role("listbox", name="People and groups to mention")
    expect(listbox).to_be_visible()
    expect(editor).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    expect(options.first).to_contain_text("Pat Peeters")
    expect(options.first).to_contain_text("@pat.peeters")
    expect(options.first).to_contain_text("Platform Lead")
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(options.nth(1)).to_contain_text("@platform")  # then the team's group
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "mention-autocomplete")
    assert_accessible(page)

    editor.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(editor).to_have_attribute("aria-activedescendant", options.nth(1).get_attribute("id"))
    editor.press("ArrowUp")
    editor.press("Enter")
    expect(listbox).to_be_hidden()
    expect(editor).to_have_attribute("aria-expanded", "false")
    expect(editor).to_have_value("Thanks to @pat.peeters ")

    editor.press_sequentially("for the on-call @nob", delay=30)
    editor.press("Escape")
    expect(listbox).to_be_hidden()
    editor.press_sequentially("ody rota!")
    page.get_by_role("button", name="Post", exact=True).click()

    first = page.locator("#feed .post-card").first
    expect(first).to_contain_text("Thanks to @pat.peeters for the on-call @nobody rota!")
    mention = first.locator(f'a[href="/people/{pat.pk}/"]', has_text="@pat.peeters")
    expect(mention).to_be_visible()


def test_mouse_picks_a_suggestion_in_a_comment(make_page, live_server, org):
    from townhall.conversations.services import publish_post

    post = publish_post(author=org.people["Carla"], body="Who owns the Postgres upgrade?")
    kofi = org.people["Kofi"]
    page = make_page()
    login(page, live_server, org.member.email)
    page.goto(f"/posts/{post.pk}/")
    box = page.get_by_role("combobox", name="Your comment")
    box.click()
    box.press_sequentially("@kof", delay=30)
    page.get_by_role("option", name="Kofi Mensah").click()
    expect(box).to_have_value(f"@{kofi.handle} ")
    expect(box).to_be_focused()
