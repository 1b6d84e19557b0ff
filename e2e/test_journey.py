"""The conversation journey end to end, in two browsers at once.

Ingrid writes a Dutch article with a cover image and mentions Noor, picked from the
suggestions. Noor, already on her home page in another browser, sees the bell change without
reloading, opens the notification and replies. Ingrid reacts. Search finds the article by
another form of a Dutch word. Mats, who is not in the private board group, cannot open its
post by URL.
"""

from __future__ import annotations

import io
import re

from playwright.sync_api import expect

from e2e.conftest import assert_accessible, login, shot

TITLE = "Nieuwe fietsenstallingen bij het hoofdkantoor"
BODY = (
    "Vanaf maandag staan er overdekte fietsenstallingen naast de hoofdingang, met laadpunten "
    "voor elektrische fietsen. Met dank aan "
)


def _cover_png(tmp_path):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1200, 600), (46, 120, 90)).save(buffer, format="PNG")
    path = tmp_path / "stalling.png"
    path.write_bytes(buffer.getvalue())
    return path


def _private_board_post(org):
    from townhall.conversations.services import publish_post
    from townhall.groups.services import create_group

    board = create_group(actor=org.people["Carla"], name="Board room", visibility="private")
    return publish_post(
        author=org.people["Carla"], group=board, body="Draft budget for next year, board only."
    )


def test_article_mention_live_notification_reply_reaction_search_and_privacy(
    make_page, live_server, org, tmp_path
):
    ingrid, noor = org.people["Ingrid"], org.people["Noor"]
    secret_post = _private_board_post(org)

    # Noor is already on her home page: the notification must arrive without a reload.
    reader = make_page()
    login(reader, live_server, noor.email)
    reader.goto("/")
    bell = reader.locator("#notification-bell")
    expect(bell).to_have_attribute("aria-label", "0 unread notifications")

    author = make_page()
    login(author, live_server, ingrid.email)
    author.goto("/")
    author.locator("label[for=kind-article]").click()
    author.get_by_label("Title").fill(TITLE)
    editor = author.get_by_role("combobox", name="What would you like to share?")
    editor.fill(BODY)
    editor.press("End")
    editor.press_sequentially("@noo", delay=30)
    option = author.get_by_role("option", name=re.compile("Noor de Vries"))
    expect(option).to_be_visible()
    editor.press("Enter")
    expect(editor).to_have_value(BODY + f"@{noor.handle} ")
    editor.press_sequentially("voor het regelen! #fietsen")
    author.locator("input[name=cover]").set_input_files(str(_cover_png(tmp_path)))
    author.get_by_role("button", name="Post", exact=True).click()

    card = author.locator("#feed .post-card").first
    expect(card).to_contain_text(TITLE)
    expect(card.locator(f'a[href="/people/{noor.pk}/"]').first).to_be_visible()
    cover = card.locator("img.post-card__cover, .post-media img").first
    expect(cover).to_be_visible()
    assert cover.evaluate("img => img.naturalWidth") > 0, "the cover image did not load"
    author.evaluate("window.scrollTo(0, 0)")
    shot(author, "journey-article-posted")

    # Live: the bell on Noor's untouched page counts the mention.
    expect(bell).to_have_attribute("aria-label", "1 unread notification", timeout=15_000)
    expect(bell.locator(".bell__badge")).to_have_text("1")
    shot(reader, "journey-bell-live")

    bell.click()
    reader.get_by_role("link", name="Ingrid Berg mentioned you in a post").click()
    expect(reader.get_by_role("heading", level=1)).to_contain_text(TITLE)
    reader.get_by_role("combobox", name="Your comment").fill("Top, de laadpunten zijn al getest!")
    reader.get_by_role("button", name="Comment", exact=True).click()
    expect(reader.locator("#comments .comment")).to_contain_text(["de laadpunten zijn al getest"])
    assert_accessible(reader)

    from townhall.conversations.models import Post

    article = Post.objects.get(title=TITLE)
    author.goto(f"/posts/{article.pk}/")
    expect(author.locator("#comments")).to_contain_text("de laadpunten zijn al getest")
    celebrate = author.locator(f"#reactions-{article.pk}").get_by_role(
        "button", name=re.compile("Celebrate")
    )
    celebrate.click()
    celebrate = author.locator(f"#reactions-{article.pk}").get_by_role(
        "button", name=re.compile("Celebrate")
    )
    expect(celebrate).to_have_attribute("aria-pressed", "true")
    shot(author, "journey-post-detail")
    assert_accessible(author)

    # Dutch stemming: "fietsenstalling" finds "fietsenstallingen" (Snowball on PostgreSQL,
    # a prefix on SQLite's FTS5).
    searcher = make_page()
    login(searcher, live_server, org.member.email)
    searcher.goto("/search/?q=fietsenstalling")
    expect(searcher.locator("main")).to_contain_text(TITLE)
    shot(searcher, "journey-search-dutch")
    assert_accessible(searcher)

    # Mats is not on the board: its post is not there for him, by any URL.
    response = searcher.goto(f"/posts/{secret_post.pk}/")
    assert response is not None and response.status == 404
    expect(searcher.get_by_role("heading", level=1)).to_have_text("This page is not here")
    expect(searcher.locator("main")).not_to_contain_text("Draft budget")
    shot(searcher, "journey-private-post-404")
    assert_accessible(searcher)
