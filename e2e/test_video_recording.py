"""A leader records a short video in the browser, adds a transcript and posts it; it plays inline.

The shared browser grants no camera, so this file launches its own Chromium with a fake one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from e2e.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOTS,
    Pages,
    assert_accessible,
    login,
)


@pytest.fixture(scope="module")
def camera_browser(browser) -> Iterator[Any]:
    """A Chromium of our own with a fake camera and microphone that need no permission prompt.

    Launched through the shared browser's Playwright: a second sync Playwright in the same
    thread would refuse to start.
    """
    chromium = browser.browser_type.launch(
        executable_path=str(CHROMIUM),
        headless=True,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
        ],
    )
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture
def camera_page(camera_browser, live_server) -> Iterator[Any]:
    pages = Pages(camera_browser, live_server.url)
    yield pages.open
    pages.close()
    assert not pages.broken, "a page asset failed to load:\n" + "\n".join(pages.broken)
    assert not pages.csp_errors, "\n".join(pages.csp_errors)


def shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True, caret="initial")


def _poll(page: Any, script: str, *, tries: int = 40) -> Any:
    """Evaluate `script` until it gives a truthy value (the page's CSP forbids wait_for_function
    with an expression: Playwright evaluates those with eval)."""
    value = None
    for _attempt in range(tries):
        value = page.evaluate(script)
        if value:
            return value
        page.wait_for_timeout(250)
    return value


def test_leader_records_a_video_and_it_plays_inline(camera_page, live_server, org):
    from townhall.conversations.models import Post

    carla = org.people["Carla"]
    page = camera_page()
    login(page, live_server, carla.email)
    page.goto("/")
    page.locator("label[for=kind-video]").click()
    record = page.get_by_role("button", name="Record a video")
    expect(record).to_be_visible()
    record.click()

    stop = page.get_by_role("button", name="Stop")
    expect(stop).to_be_visible(timeout=8_000)  # after the 3-2-1 countdown
    expect(page.locator("[data-recorder-timer]")).to_have_class(
        "checkins-recorder__timer checkins-recorder__timer--live"
    )
    expect(page.locator("[data-recorder-timer]")).to_have_text(re.compile(r"^0:02"), timeout=6_000)
    shot(page, "video-recording")
    stop.click()

    use = page.get_by_role("button", name="Use this")
    expect(use).to_be_visible()
    expect(page.get_by_role("button", name="Record again")).to_be_visible()
    expect(page.locator("[data-recorder-playback]")).to_be_visible()
    shot(page, "video-recording-review")
    use.click()

    files = page.evaluate(
        """() => ['video', 'poster'].map(name => {
            const file = document.querySelector(`input[name=${name}]`).files[0];
            return file && [file.name, file.type, file.size > 0];
        })"""
    )
    assert files == [["recording.webm", "video/webm", True], ["recording.jpg", "image/jpeg", True]]
    expect(page.get_by_role("status").filter(has_text="poster frame")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Title").fill("Two minutes from the Venlo warehouse")
    page.get_by_label("What would you like to share?").fill(
        "A quick hello from the night shift in Venlo. #warehouse"
    )
    page.get_by_label("Transcript (optional)").fill(
        "Hi everyone, I'm in Venlo with the night shift. Thank you for a record week."
    )
    page.get_by_role("button", name="Post", exact=True).click()
    page.wait_for_load_state()

    post = Post.objects.filter(author=carla, kind="video").latest("created_at")
    assert post.transcript.startswith("Hi everyone")
    page.goto(f"/posts/{post.pk}/")
    player = page.locator("video.post-video__player")
    expect(player).to_be_visible()
    expect(player.locator("source")).to_have_attribute("type", "video/webm")
    # The browser fetched the recording and knows its size: it plays inline.
    assert _poll(page, "() => document.querySelector('video.post-video__player').readyState") >= 1
    assert page.evaluate("() => document.querySelector('video.post-video__player').videoWidth") > 0
    page.get_by_text("Transcript", exact=True).click()
    expect(page.locator(".post-video__text")).to_contain_text("night shift")
    shot(page, "video-recording-post")


def test_members_are_not_offered_recording(camera_page, live_server, org):
    page = camera_page()
    login(page, live_server, org.member.email)
    page.goto("/")
    page.locator("label[for=kind-video]").click()
    expect(page.get_by_label("Video (MP4 or WebM)")).to_be_visible()
    expect(page.get_by_role("button", name="Record a video")).to_have_count(0)
