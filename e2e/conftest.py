"""Browser journeys: Debian's Chromium driven by Playwright against pytest-django's live server."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError

from tests.conftest import require_service
from tests.factories import PASSWORD, PersonFactory, UnitFactory

# Playwright's sync API keeps an asyncio loop running in this thread, which Django would
# otherwise take for async code and refuse every ORM call from the test.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).parent / "screenshots"
BLOCKING_IMPACTS = {"serious", "critical"}
# axe accepts an aria-describedby with one dangling id; a help text that never gets read is
# still lost, so every id a label or ARIA attribute points at must exist.
DANGLING_ID_REFERENCES = """() => {
  const missing = [];
  for (const el of document.querySelectorAll("[aria-describedby], [aria-labelledby], label[for]")) {
    const refs = [el.getAttribute("aria-describedby"), el.getAttribute("aria-labelledby"),
                  el.getAttribute("for")].filter(Boolean).join(" ").split(/\\s+/);
    for (const id of refs) if (id && !document.getElementById(id)) missing.push(id);
  }
  return missing;
}"""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    require_service(
        CHROMIUM.exists(),
        f"{CHROMIUM} is missing; install Debian's browser with `apt-get install chromium`",
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session", autouse=True)
def _media_through_townhall(request) -> None:
    """Let /media/ reach Townhall's own view, as in production.

    Django's live server answers MEDIA_URL itself with a plain file handler, which would skip
    the sign-in check and the nosniff/CSP headers these journeys verify. The handler reads
    MEDIA_URL once, while the server starts, so the server starts under another MEDIA_URL.
    """
    from django.test import override_settings

    with override_settings(MEDIA_URL="/live-server-media-handler-off/"):
        request.getfixturevalue("live_server")


@pytest.fixture(autouse=True)
def _e2e_isolation(settings, tmp_path) -> None:
    """Uploads go to a fresh folder; rate-limit counters and cached pages start empty."""
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    # The live server is WSGI: it hands over an event stream only when the stream ends, so
    # streams are short here and the browser's reconnect (with Last-Event-ID) picks up the rest.
    settings.TOWNHALL_LIVE_STREAM_SECONDS = 1.0
    cache.clear()


def _retry_table_locks(execute, sql, params, many, context):
    """Retry a statement that hit another connection's table lock (in-memory SQLite only).

    The test database in memory is shared-cache SQLite: the live server's threads and the test
    read and write it at once, and SQLite answers a clash with SQLITE_LOCKED at once instead of
    waiting (busy_timeout does not apply to shared-cache table locks). A file database in WAL
    mode, as in production, waits instead.
    """
    for _attempt in range(100):
        try:
            return execute(sql, params, many, context)
        except OperationalError as exc:
            if "table is locked" not in str(exc):
                raise
            time.sleep(0.05)
    return execute(sql, params, many, context)


@pytest.fixture(autouse=True)
def _wait_for_sqlite_table_locks() -> Iterator[None]:
    from django.db import connection

    if connection.vendor != "sqlite":
        yield
        return
    with connection.execute_wrapper(_retry_table_locks):
        yield


class Pages:
    """Browser contexts opened by one test; each is closed, and checked for CSP breaks, after it."""

    def __init__(self, browser: Any, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self.contexts: list[Any] = []
        self.csp_errors: list[str] = []
        self.broken: list[str] = []

    def open(self, **context_options: Any) -> Any:
        context_options.setdefault("viewport", {"width": 1280, "height": 800})
        context = self.browser.new_context(base_url=self.base_url, **context_options)
        self.contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("console", self._watch_console)
        page.on("response", self._watch_response)
        return page

    def _watch_response(self, response: Any) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.broken.append(f"{response.status} {response.url}")

    def _watch_console(self, message: Any) -> None:
        if "Content Security Policy" in message.text:
            self.csp_errors.append(message.text)

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def make_page(browser, live_server) -> Iterator[Any]:
    """Open pages with their own context options (viewport, colour scheme), no cookies."""
    pages = Pages(browser, live_server.url)
    yield pages.open
    pages.close()
    assert not pages.broken, "a page asset failed to load:\n" + "\n".join(pages.broken)
    assert not pages.csp_errors, "a page broke the Content Security Policy:\n" + "\n".join(
        pages.csp_errors
    )


@pytest.fixture
def page(make_page) -> Any:
    """A fresh desktop-sized page with no cookies."""
    return make_page()


@dataclass
class Org:
    """The seeded organisation: units by name, people by first name."""

    units: dict[str, Any] = field(default_factory=dict)
    people: dict[str, Any] = field(default_factory=dict)
    password: str = PASSWORD

    @property
    def admin(self) -> Any:
        return self.people["Ada"]

    @property
    def member(self) -> Any:
        return self.people["Mats"]


@pytest.fixture
def org(transactional_db) -> Org:
    """Acme with Sales and Engineering, a Platform team, twelve people, leaders and an admin."""
    from townhall.people.services import set_unit_manager

    org = Org()
    acme = UnitFactory(name="Acme", kind="company")
    sales = UnitFactory(name="Sales", kind="department", parent=acme)
    engineering = UnitFactory(name="Engineering", kind="department", parent=acme)
    platform = UnitFactory(name="Platform", kind="team", parent=engineering)
    org.units = {u.name: u for u in (acme, sales, engineering, platform)}

    def person(first: str, last: str, unit: Any, title: str, topics: list[str], **kw: Any) -> Any:
        p = PersonFactory(
            email=f"{first}.{last}@acme.example".lower().replace(" ", ""),
            first_name=first,
            last_name=last,
            primary_unit=unit,
            job_title=title,
            ask_me_about=topics,
            **kw,
        )
        org.people[first] = p
        return p

    ceo = person("Carla", "Chen", acme, "Chief Executive Officer", ["strategy"], roles=["leader"])
    ada = person("Ada", "Admin", acme, "IT Administrator", ["SSO"], roles=["admin"], reports_to=ceo)
    sven = person("Sven", "Svensson", sales, "Head of Sales", ["pricing", "key accounts"])
    erin = person("Erin", "Eriksen", engineering, "VP Engineering", ["hiring", "architecture"])
    pat = person("Pat", "Peeters", platform, "Platform Lead", ["Kubernetes", "on-call"])
    for unit, manager in ((acme, ceo), (sales, sven), (engineering, erin), (platform, pat)):
        set_unit_manager(actor=ada, unit=unit, manager=manager)
    person("Mats", "Member", sales, "Account Executive", ["Nordics", "CRM"], reports_to=sven)
    person("Noor", "de Vries", sales, "Sales Engineer", ["demos", "pricing"], reports_to=sven)
    person("Lars", "Larsen", sales, "Account Manager", ["renewals"], reports_to=sven)
    person("Ingrid", "Berg", engineering, "Staff Engineer", ["Python", "Django"], reports_to=erin)
    person("Kofi", "Mensah", platform, "Site Reliability Engineer", ["Postgres"], reports_to=pat)
    person("Yuki", "Tanaka", platform, "Platform Engineer", ["Redis", "Kubernetes"])
    person("Zoe", "Zimmer", platform, "Security Engineer", ["threat modelling"], reports_to=pat)
    return org


def login(page: Any, live_server: Any, email: str, password: str = PASSWORD) -> None:
    """Sign in through the real login form; waits until the browser has left the form."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def shot(page: Any, name: str) -> Path:
    """Save a full-page screenshot to e2e/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    # caret="initial": the default hides the caret with an inline style htmx later copies.
    page.screenshot(path=str(path), full_page=True, caret="initial")
    return path


def assert_accessible(page: Any) -> list[dict[str, Any]]:
    """Run axe-core on the page; fail listing every serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    dangling = page.evaluate(DANGLING_ID_REFERENCES)
    assert not dangling, f"references to ids missing from {page.url}: {dangling}"
    results = Axe().run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        lines = [f"axe found {len(blocking)} serious/critical problem(s) on {page.url}:"]
        for violation in blocking:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"][:5]:
                lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:160]}")
        pytest.fail("\n".join(lines))
    violations: list[dict[str, Any]] = results.response["violations"]
    for violation in violations:  # shown with -rP or -s; worth a look, not worth a red build
        print(f"axe {violation['impact']} on {page.url}: {violation['id']} ({violation['help']})")
    return violations
