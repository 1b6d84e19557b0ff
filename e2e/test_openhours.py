"""An open hour: three employees ask (one anonymously, screened) and vote; the leader answers live
and everyone else sees the answer appear without reloading; the summary is posted afterwards."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import SCREENSHOTS, assert_accessible, login
from tests.conftest import run_queued_tasks
from tests.factories import PersonFactory

LIVE = 20_000  # ms: a live update needs a stream to end (WSGI buffers it) and a reconnect


def _session(org):
    from townhall.conversations.services import publish_post
    from townhall.openhours.services import schedule_open_hour

    carla = org.people["Carla"]
    blog = publish_post(
        author=carla,
        kind="article",
        title="Week 12: what I learned visiting our Oslo customers",
        body="Three things stood out this week. Bring your questions to Thursday's open hour!",
    )
    start = timezone.now() - timedelta(minutes=5)
    return schedule_open_hour(
        actor=carla,
        host=carla,
        title="Thursday open hour with Carla",
        description="Ask me anything about our plans for the year.",
        article=blog,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )


def shot(page, name: str) -> None:
    """Like conftest's `shot`, but leaves the caret alone: hiding it leaves empty `style`
    attributes on inputs, which htmx's settle step would re-apply (a CSP violation)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True, caret="initial")


def _question(page, text: str):
    """A question's row by its text (not by the host's merge menu, which quotes the others)."""
    own_text = page.locator(".openhours-question__text", has_text=text)
    return page.locator(".openhours-question").filter(has=own_text)


def test_open_hour_live_journey(org, make_page, live_server):
    # `org` first: its database is torn down after the pages close, so no live stream
    # reconnects into a database that is being flushed.
    open_hour = _session(org)
    url = open_hour.get_absolute_url()
    cora = PersonFactory(
        email="cora.comms@acme.example",
        first_name="Cora",
        last_name="Comms",
        roles=["community_manager"],
        primary_unit=org.units["Acme"],
    )
    mats, noor, lars, carla = (org.people[n] for n in ("Mats", "Noor", "Lars", "Carla"))

    # Mats asks in his own name.
    mats_page = make_page()
    login(mats_page, live_server, mats.email)
    mats_page.goto("/open-hours/")
    mats_page.get_by_role("link", name="Thursday open hour with Carla").click()
    expect(mats_page.get_by_role("heading", level=1)).to_contain_text("Thursday open hour")
    mats_page.get_by_label("Your question").fill("Will we open an office in Oslo this year?")
    mats_page.get_by_role("button", name="Submit question").click()
    expect(mats_page.locator("#openhour-ask [role=status]")).to_contain_text("on the board")
    expect(_question(mats_page, "office in Oslo")).to_contain_text("Asked by Mats Member")

    # Noor asks too, and up-votes Mats' question.
    noor_page = make_page()
    login(noor_page, live_server, noor.email)
    noor_page.goto(url)
    noor_page.get_by_label("Your question").fill("When is the next salary review?")
    noor_page.get_by_role("button", name="Submit question").click()
    expect(_question(noor_page, "salary review")).to_be_visible()
    _question(noor_page, "office in Oslo").get_by_role(
        "button", name="Up-vote this question"
    ).click()
    expect(
        _question(noor_page, "office in Oslo").locator(".openhours-question__count")
    ).to_have_text("1")

    # Lars asks anonymously: nobody sees it until a community manager approves it.
    lars_page = make_page()
    login(lars_page, live_server, lars.email)
    lars_page.goto(url)
    lars_page.get_by_label("Your question").fill("Is the sales team being reorganised?")
    lars_page.get_by_label("Ask anonymously").check()
    lars_page.get_by_role("button", name="Submit question").click()
    expect(lars_page.locator(".openhours-mine")).to_contain_text("Waiting for a community manager")
    shot(lars_page, "openhours-anonymous-waiting")
    expect(mats_page.locator(".openhours-queue")).not_to_contain_text("reorganised")

    cora_page = make_page()
    login(cora_page, live_server, cora.email)
    cora_page.goto(url)
    screening = cora_page.locator(".openhours-screening")
    expect(screening).to_contain_text("Is the sales team being reorganised?")
    expect(screening).not_to_contain_text("Lars")
    shot(cora_page, "openhours-screening")
    screening.get_by_role("button", name="Approve").click()
    expect(cora_page.locator(".openhours-screening")).to_have_count(0)
    assert_accessible(cora_page)

    # Mats never reloads: the approved question and new votes arrive live.
    anonymous = _question(mats_page, "reorganised")
    expect(anonymous).to_contain_text("Asked anonymously", timeout=LIVE)
    expect(anonymous).not_to_contain_text("Lars")
    anonymous.get_by_role("button", name="Up-vote this question").click()
    expect(anonymous.locator(".openhours-question__count")).to_have_text("1")
    mats_url = mats_page.url
    shot(mats_page, "openhours-live-queue")
    assert_accessible(mats_page)

    # Carla answers the top question live.
    carla_page = make_page()
    login(carla_page, live_server, carla.email)
    carla_page.goto(url)
    expect(_question(carla_page, "reorganised")).not_to_contain_text("Lars")
    top = _question(carla_page, "office in Oslo")
    top.get_by_text("Answer", exact=True).click()
    top.get_by_label("Your answer").fill("Yes, we sign the lease in **September**.")
    shot(carla_page, "openhours-host-answering")
    top.get_by_role("button", name="Publish answer").click()
    answered = carla_page.locator(".openhours-answered")
    expect(answered).to_contain_text("we sign the lease in September")

    # Mats and Noor see the answer appear without navigating.
    for page in (mats_page, noor_page):
        live_answer = page.locator(".openhours-answered").locator(_question(page, "Oslo"))
        expect(live_answer).to_contain_text("we sign the lease in September", timeout=LIVE)
        expect(live_answer.locator(".prose strong")).to_have_text("September")
    assert mats_page.url == mats_url
    expect(mats_page.locator(".openhours-queue")).not_to_contain_text("office in Oslo")
    shot(mats_page, "openhours-answer-arrived")

    # Carla answers the anonymous one as well; then the session ends.
    anon = _question(carla_page, "reorganised")
    anon.get_by_text("Answer", exact=True).click()
    anon.get_by_label("Your answer").fill("No reorganisation is planned.")
    anon.get_by_role("button", name="Publish answer").click()
    expect(carla_page.locator(".openhours-answered")).to_contain_text("No reorganisation")
    assert_accessible(carla_page)

    # The worker writes while no page is open: in-memory SQLite answers a reader that meets
    # a writer with "locked" at once, where a file database would wait.
    for other in (noor_page, lars_page, cora_page, carla_page):
        other.close()
    mats_page.goto("about:blank")
    _end_session_and_run_the_clock(open_hour)
    mats_page.goto(url)
    summary_link = mats_page.get_by_role("link", name="Open hour summary: Thursday open hour")
    expect(summary_link).to_be_visible()
    expect(mats_page.locator("#openhour-ask")).to_have_count(0)
    summary_link.click()
    post = mats_page.locator(".post-card")
    expect(post).to_contain_text("Will we open an office in Oslo this year?")
    expect(post).to_contain_text("No reorganisation is planned.")
    expect(post).to_contain_text("Still unanswered: 1")
    expect(post).not_to_contain_text("Lars")
    expect(post).not_to_contain_text("Mats Member asked")
    shot(mats_page, "openhours-summary-post")
    assert_accessible(mats_page)

    mats_page.goto("/")
    expect(mats_page.locator("#feed")).to_contain_text("Open hour summary: Thursday open hour")


def _end_session_and_run_the_clock(open_hour):
    """Time passes: the session ended ten minutes ago; the clock ticks and the worker runs."""
    from townhall.notifications.scheduler import run_clock_jobs
    from townhall.openhours.models import OpenHour

    ended = timezone.now() - timedelta(minutes=10)
    # Moving the session back in time stands in for waiting an hour.
    OpenHour.objects.filter(pk=open_hour.pk).update(
        starts_at=ended - timedelta(hours=1), ends_at=ended
    )
    run_clock_jobs()
    run_queued_tasks()


def test_schedule_form_and_list(org, make_page, live_server):
    carla = org.people["Carla"]
    page = make_page()
    login(page, live_server, carla.email)
    page.goto("/open-hours/")
    page.get_by_role("link", name="Schedule an open hour").click()
    page.get_by_label("Title").fill("Friday coffee with Carla")
    page.get_by_label("Starts at").fill(
        (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT10:00")
    )
    page.get_by_label("Repeats").select_option("weekly")
    page.get_by_label("Number of sessions").fill("4")
    shot(page, "openhours-schedule-form")
    assert_accessible(page)
    page.get_by_role("button", name="Schedule", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Friday coffee with Carla")
    expect(page.get_by_role("link", name="Add the whole series")).to_be_visible()
    page.goto("/open-hours/")
    expect(page.locator(".openhours-card", has_text="Friday coffee")).to_have_count(4)
    shot(page, "openhours-list")
    assert_accessible(page)
