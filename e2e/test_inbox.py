"""A leader opens the inbox, answers a question inline, snoozes one item, delegates another."""

from __future__ import annotations

from playwright.sync_api import expect

from e2e.conftest import assert_accessible, login, shot


def test_leader_works_through_the_inbox(make_page, live_server, org):
    from townhall.conversations.models import Comment
    from townhall.conversations.services import publish_post
    from townhall.inbox.models import Delegation, Snooze

    erin, ingrid, mats = org.people["Erin"], org.people["Ingrid"], org.people["Mats"]
    kofi = org.people["Kofi"]
    roadmap = publish_post(
        author=ingrid, kind="question", body=f"@{erin.handle} when do we freeze the Q3 roadmap?"
    )
    oncall = publish_post(
        author=mats, kind="question", body=f"@{erin.handle} who owns the on-call rota now?"
    )
    offsite = publish_post(author=mats, body=f"Thanks @{erin.handle} for joining the offsite!")

    page = make_page()
    login(page, live_server, erin.email)
    page.goto("/inbox/")
    expect(page.get_by_role("heading", name="Your inbox")).to_be_visible()
    items = page.locator(".inbox-items > li")
    expect(items).to_have_count(3)
    shot(page, "inbox")
    assert_accessible(page)

    # Answer the roadmap question inline.
    roadmap_item = page.locator(f"#inbox-question-post-{roadmap.pk}")
    roadmap_item.locator("summary", has_text="Answer").click()
    roadmap_item.get_by_label("Your answer").fill("We freeze it on the 15th.")
    shot(page, "inbox-answering")
    roadmap_item.get_by_role("button", name="Send answer").click()
    expect(page.locator(f"#inbox-question-post-{roadmap.pk}")).to_contain_text("Answered.")
    expect(page.locator(".inbox-counts__item--question .inbox-counts__value")).to_have_text("1")

    # Snooze the mention until tomorrow.
    mention_item = page.locator(f"#inbox-mention-post-{offsite.pk}")
    mention_item.locator("summary", has_text="Snooze").click()
    mention_item.get_by_role("button", name="Tomorrow").click()
    expect(page.locator(f"#inbox-mention-post-{offsite.pk}")).to_contain_text("Snoozed until")

    # Delegate the on-call question to Kofi, picked from the mention suggestions.
    oncall_item = page.locator(f"#inbox-question-post-{oncall.pk}")
    oncall_item.locator("summary", has_text="Delegate").click()
    who = oncall_item.get_by_role("combobox", name="Who should take this?")
    who.click()
    who.press_sequentially("@kof", delay=30)
    oncall_item.get_by_role("option", name="Kofi Mensah").click()
    expect(who).to_have_value(f"@{kofi.handle} ")
    oncall_item.get_by_label("Note (optional)").fill("You set up the rota last year.")
    shot(page, "inbox-delegating")
    assert_accessible(page)
    oncall_item.get_by_role("button", name="Ask them to take it").click()
    expect(page.locator(f"#inbox-question-post-{oncall.pk}")).to_contain_text(
        "Delegated to Kofi Mensah"
    )
    shot(page, "inbox-after-actions")

    assert Comment.objects.get(post=roadmap, author=erin).body == "We freeze it on the 15th."
    assert Snooze.objects.get(person=erin).item_key == f"post-{offsite.pk}"
    assert Delegation.objects.get(person=erin).delegate == kofi

    page.reload()
    expect(page.get_by_text("Nothing needs you right now.")).to_be_visible()
    expect(page.locator(".inbox-delegated")).to_contain_text("delegated to Kofi Mensah")
    shot(page, "inbox-empty-with-delegated")
    assert_accessible(page)


def test_a_member_learns_what_the_inbox_is(make_page, live_server, org):
    page = make_page()
    login(page, live_server, org.member.email)
    page.goto("/inbox/")
    expect(page.get_by_role("heading", name="The inbox is for leaders")).to_be_visible()
    assert_accessible(page)
