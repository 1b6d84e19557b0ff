"""The morning journey: post an update with a #topic and an @mention, a colleague answers."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from e2e.conftest import assert_accessible, login, shot


def _seed(org):
    """A lived-in workspace: a pinned must-read, an article, a question and a team group."""
    from townhall.conversations.services import add_comment, publish_post, toggle_reaction
    from townhall.groups.services import create_group, join_group

    carla, mats, noor, ingrid = (org.people[n] for n in ("Carla", "Mats", "Noor", "Ingrid"))
    publish_post(
        author=carla,
        kind="announcement",
        title="New travel policy",
        body="From **1 March** we book all travel through the new portal. Please read the "
        "policy and confirm. #travel",
        pinned=True,
        must_read=True,
    )
    article = publish_post(
        author=ingrid,
        kind="article",
        title="How we cut our build times in half",
        body="We moved our CI to ephemeral runners and cached the dependency layer.\n\n"
        "Here is what we learned along the way. #engineering #ci",
    )
    toggle_reaction(person=mats, post=article, kind="insightful")
    question = publish_post(
        author=noor,
        kind="question",
        body="Does anyone have a good demo script for the new pricing tiers? #pricing",
    )
    add_comment(author=ingrid, post=question, body="Sven shared one last week, ask him!")
    group = create_group(
        actor=noor,
        name="Nordic deals",
        description="Everything about winning and growing accounts in the Nordics.",
    )
    join_group(person=mats, group=group)
    publish_post(
        author=noor, group=group, body="Kick-off for Q3 pipeline review is on Thursday. #pipeline"
    )
    return group


def test_member_posts_update_and_colleague_comments_and_reacts(make_page, live_server, org):
    group = _seed(org)
    noor = org.people["Noor"]

    page = make_page()
    login(page, live_server, org.member.email)
    page.goto("/")
    page.get_by_label("What would you like to share?").fill(
        f"Signed the Fjord Logistics renewal today 🎉 thanks @{noor.handle} for the demo! #wins"
    )
    page.get_by_role("button", name="Post", exact=True).click()
    first = page.locator("#feed .post-card").first
    expect(first).to_contain_text("Signed the Fjord Logistics renewal")
    expect(first.locator(".chip")).to_have_text(["#wins"])
    expect(first.locator(f'a[href="/people/{noor.pk}/"]').first).to_be_visible()
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "home-feed")
    assert_accessible(page)

    from townhall.conversations.models import Post

    post = Post.objects.filter(author=org.member).latest("created_at")

    colleague = make_page()
    login(colleague, live_server, noor.email)
    colleague.goto("/")
    expect(colleague.locator(".catch-up")).to_contain_text("Mentioned you")
    colleague.goto(f"/posts/{post.pk}/")
    colleague.get_by_label("Your comment").fill("Great teamwork, well done!")
    colleague.get_by_role("button", name="Comment", exact=True).click()
    expect(colleague.locator("#comments .comment")).to_contain_text(["Great teamwork"])
    celebrate = colleague.locator(f"#reactions-{post.pk}").get_by_role("button", name="Celebrate")
    celebrate.click()
    celebrate = colleague.locator(f"#reactions-{post.pk}").get_by_role(
        "button", name=re.compile("Celebrate")
    )
    expect(celebrate).to_have_attribute("aria-pressed", "true")
    expect(celebrate).to_contain_text("1")
    shot(colleague, "post-detail")
    assert_accessible(colleague)

    page.goto(f"/posts/{post.pk}/")
    expect(page.locator("#comments")).to_contain_text("Great teamwork, well done!")

    page.goto(f"/groups/{group.slug}/")
    expect(page.locator("h1")).to_have_text("Nordic deals")
    expect(page.locator("#feed")).to_contain_text("Kick-off for Q3 pipeline review")
    shot(page, "group")
    assert_accessible(page)
