"""Two real `townhall serve` processes share events through Redis: a post on A reaches B.

Runs against PostgreSQL and Redis only. The servers need committed data, so the test makes its
own database next to pytest-django's (which lives inside one transaction) and migrates it.
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

from tests.conftest import free_port, require_service

TOWNHALL = str(Path(sys.executable).with_name("townhall"))

SETUP = """
import json
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from townhall.people.models import Person
from townhall.people.services import create_access_token

def person(email, first):
    p = Person.objects.create_user(email=email, password="x-" + email, first_name=first)
    return p

owner = person("owner@example.com", "Olga")
reader = person("reader@example.com", "Rita")
_token, raw = create_access_token(actor=owner, name="live test")
session = import_module(settings.SESSION_ENGINE).SessionStore()
session[SESSION_KEY] = str(reader.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = reader.get_session_auth_hash()
session.save()
print(json.dumps({"token": raw, "session": session.session_key, "owner": owner.pk}))
"""

PUBLISH = """
import json, time
from townhall.conversations.services import publish_post
from townhall.people.models import Person
started = time.time()
post = publish_post(author=Person.objects.get(email="owner@example.com"), body="Across servers")
print(json.dumps({"post": post.pk, "started": started}))
"""


def _redis_up() -> bool:
    if not settings.REDIS_URL:
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def live_env(tmp_path) -> Iterator[dict[str, str]]:
    """Environment for subprocesses: a fresh migrated PostgreSQL database and the test's Redis."""
    if not settings.IS_POSTGRES:
        pytest.skip("two-server live test needs PostgreSQL (DATABASE_URL)")
    require_service(_redis_up(), "two-server live test needs Redis (REDIS_URL)")
    import psycopg

    url = urlsplit(os.environ["DATABASE_URL"])
    name = url.path.lstrip("/") + "_live2"
    admin_dsn = urlunsplit(url._replace(path="/postgres"))
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {
        **os.environ,
        "DATABASE_URL": urlunsplit(url._replace(path=f"/{name}")),
        "REDIS_URL": settings.REDIS_URL,
        "SECRET_KEY": "live-two-servers-test-key-" + "x" * 40,
        "TOWNHALL_VAR_DIR": str(tmp_path),
        "TOWNHALL_TESTING": "1",
    }
    subprocess.run(  # noqa: S603 - our own command
        [TOWNHALL, "migrate", "-v", "0"], env=env, check=True, timeout=300
    )
    try:
        yield env
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(env: dict[str, str], code: str) -> dict[str, object]:
    out = subprocess.run(  # noqa: S603 - our own command
        [TOWNHALL, "shell", "-c", code], env=env, check=True, timeout=120, capture_output=True
    )
    return dict(json.loads(out.stdout.decode().strip().splitlines()[-1]))


def _serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(  # noqa: S603 - our own command
        [TOWNHALL, "serve", "--no-worker", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:  # noqa: S310
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise AssertionError(f"server on {port} did not start: {proc.stderr.read()[-2000:]!r}")  # type: ignore[union-attr]


class _Stream(threading.Thread):
    """Reads one SSE stream and notes when each post event arrives."""

    def __init__(self, port: int, session: str) -> None:
        super().__init__(daemon=True)
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        self.conn.request(
            "GET",
            "/live/events",
            headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"},
        )
        self.response = self.conn.getresponse()
        self.opened = threading.Event()
        self.arrivals: dict[int, float] = {}
        self.got_post = threading.Event()

    def run(self) -> None:
        event = ""
        try:
            while True:
                line = self.response.readline().decode().rstrip("\n")
                if line.startswith("retry:"):
                    self.opened.set()  # the server subscribed before it sent this
                elif line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: ") and event == "post":
                    self.arrivals[int(json.loads(line[6:])["post_id"])] = time.time()
                    self.got_post.set()
                elif not line and self.response.isclosed():
                    return
        except OSError:
            return


def test_post_published_through_server_a_reaches_stream_on_server_b(live_env):
    ids = _run(live_env, SETUP)
    server_a = _serve(live_env, free_port())
    port_b = free_port()
    server_b = _serve(live_env, port_b)
    stream: _Stream | None = None
    try:
        stream = _Stream(port_b, str(ids["session"]))
        assert stream.response.status == 200
        stream.start()
        assert stream.opened.wait(5)
        port_a = int(server_a.args[-1])  # type: ignore[index]
        started = time.time()
        request = urllib.request.Request(  # noqa: S310 - loopback
            f"http://127.0.0.1:{port_a}/api/v1/posts",
            data=json.dumps({"body": "Across servers"}).encode(),
            headers={"Authorization": f"Bearer {ids['token']}", "Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as r:  # noqa: S310
                post_id = int(json.loads(r.read())["id"])
        except urllib.error.HTTPError as exc:
            # Until the posts API exists, publish from a third process against the same stores.
            assert exc.code in (404, 405), exc.code
            print("posts API missing: publishing from a third process")  # noqa: T201
            published = _run(live_env, PUBLISH)
            post_id, started = int(str(published["post"])), float(str(published["started"]))
        assert stream.got_post.wait(5)
        assert post_id in stream.arrivals
        latency = stream.arrivals[post_id] - started
        print(f"cross-server delivery: {latency * 1000:.1f} ms")  # noqa: T201 - shown with -s
        assert latency < 1.0
    finally:
        if stream is not None:
            stream.conn.close()
        for proc in (server_a, server_b):
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                print("killed", proc.args)  # noqa: T201
                proc.kill()  # uvicorn waits for open streams; this test is done with them
                proc.wait(10)
