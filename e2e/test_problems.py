"""Problems fixed in public: raised, a leader @mentions a helper, resolved, the author told."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from e2e.conftest import assert_accessible, login, shot


def _seed(org):
    """Some history on the Platform board: one resolved problem, one in progress."""
    from townhall.conversations.services import add_comment
    from townhall.problems.services import change_status, create_problem

    pat, erin, kofi, zoe, ingrid = (org.people[n] for n in ("Pat", "Erin", "Kofi", "Zoe", "Ingrid"))
    old = create_problem(
        author=zoe,
        title="Certificates expire without warning",
        body="The staging TLS certificate expired on Saturday and nobody was paged.",
    )
    change_status(
        actor=pat,
        problem=old,
        status="resolved",
        note="Expiry alerts now page on-call 14 days ahead.",
    )
    busy = create_problem(
        author=ingrid,
        title="Docker builds pull the base image every time",
        body="Our CI spends four minutes per build downloading the same base image.",
    )
    add_comment(author=erin, post=busy.post, body=f"@{kofi.handle} can you set up a cache?")
    change_status(actor=erin, problem=busy, status="in_progress", note="Kofi is on it.")


def test_problem_is_raised_a_helper_is_mentioned_it_is_resolved_and_the_author_hears(
    make_page, live_server, org
):
    _seed(org)
    yuki, pat, kofi = (org.people[n] for n in ("Yuki", "Pat", "Kofi"))
    platform = org.units["Platform"]

    # Yuki raises a problem from the Platform board.
    author = make_page()
    login(author, live_server, yuki.email)
    author.goto(f"/units/{platform.slug}/problems/")
    expect(author.locator("h1")).to_have_text("Problems in Platform")
    expect(author.locator("#problems-board")).to_contain_text("Certificates expire")
    author.get_by_label("What is the problem?").fill("Staging deploys fail every morning")
    author.get_by_label("Describe it").fill(
        "The first deploy to staging times out on the migration step at about 08:00."
    )
    author.get_by_role("button", name="Raise problem").click()
    panel = author.locator("#problem")
    expect(panel).to_contain_text("Open")
    expect(panel).to_contain_text("Platform")
    author.evaluate("window.scrollTo(0, 0)")
    shot(author, "problems-raised")
    assert_accessible(author)

    # Pat, who leads Platform, @mentions Kofi in a comment and resolves it with a note.
    leader = make_page()
    login(leader, live_server, pat.email)
    leader.goto(author.url.split("#")[0])
    leader.get_by_label("Your comment").fill(f"@{kofi.handle} can you check the backup job?")
    leader.get_by_role("button", name="Comment", exact=True).click()
    expect(leader.locator("#comments .comment")).to_contain_text(["can you check"])
    leader.reload()
    helpers = leader.locator(".problems-helpers")
    expect(helpers).to_contain_text(kofi.display_name)
    leader.get_by_label("New status").select_option("resolved")
    leader.get_by_label("Note").fill("The nightly backup held a lock; it now runs at 02:00.")
    leader.get_by_role("button", name="Update status").click()
    expect(leader.locator("#problem .problems-status")).to_have_text("Resolved")
    expect(leader.locator(".problems-resolution")).to_contain_text("runs at 02:00")
    expect(leader.locator(".problems-timeline")).to_contain_text(
        "changed the status from Open to Resolved"
    )
    leader.evaluate("window.scrollTo(0, 0)")
    shot(leader, "problems-resolved")
    assert_accessible(leader)

    # Yuki sees the resolution in her notifications and on the board.
    author.goto("/notifications/")
    expect(author.locator(".notification-list")).to_contain_text(
        "Pat Peeters resolved the problem “Staging deploys fail every morning”"
    )
    shot(author, "problems-notification")
    assert_accessible(author)
    author.goto(f"/units/{platform.slug}/problems/?status=resolved")
    expect(author.locator(".problems-list")).to_contain_text("Staging deploys fail")
    shot(author, "problems-board")
    assert_accessible(author)


def test_board_filters_swap_results_in_place(make_page, live_server, org):
    _seed(org)
    page = make_page()
    login(page, live_server, org.people["Erin"].email)
    page.goto(f"/units/{org.units['Engineering'].slug}/problems/")
    expect(page.locator(".problems-row")).to_have_count(2)
    page.get_by_label("Status").select_option("resolved")
    expect(page.locator(".problems-row")).to_have_count(1)
    expect(page.locator(".problems-list")).to_contain_text("Certificates expire")
    expect(page).to_have_url(re.compile("status=resolved"))
    # The resolved one belongs to Platform, below Engineering.
    page.get_by_label("Units").select_option("unit")
    expect(page.locator(".problems-row")).to_have_count(0)
    expect(page.locator("#problems-board")).to_contain_text("No problems here")


def test_author_raises_an_existing_post_from_its_page(make_page, live_server, org):
    from townhall.conversations.services import publish_post

    mats = org.member
    post = publish_post(author=mats, body="The CRM logs everyone out at 11:00 every day.")
    page = make_page(viewport={"width": 390, "height": 844})
    login(page, live_server, mats.email)
    page.goto(f"/posts/{post.pk}/")
    page.get_by_role("button", name="Raise as problem").click()
    expect(page.locator("#problem .problems-status")).to_have_text("Open")
    expect(page.locator("#problem")).to_contain_text("Sales")
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "problems-post-mobile")
    assert_accessible(page)
