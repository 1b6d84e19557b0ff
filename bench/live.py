"""Live-update fan-out: N concurrent SSE connections to one local server, one post, latency.

`python -m bench.live [--connections 2000]` — builds a throwaway database under var/bench-live
(or BENCH_DATABASE_URL), starts `townhall serve --no-worker` on a free loopback port, opens the
streams, publishes one post through the API and prints p50/p99 latency. Stops by itself.
Uses the in-process broker unless BENCH_REDIS_URL is set.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOWNHALL = str(Path(sys.executable).with_name("townhall"))
HOST = "127.0.0.1"  # loopback only

SETUP = """
import json
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from townhall.people.models import Person
from townhall.people.services import create_access_token

author = Person.objects.create_user(email="author@bench.invalid", password="x" * 20, first_name="A")
reader = Person.objects.create_user(email="reader@bench.invalid", password="x" * 20, first_name="R")
_t, raw = create_access_token(actor=author, name="bench")
session = import_module(settings.SESSION_ENGINE).SessionStore()
session[SESSION_KEY] = str(reader.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = reader.get_session_auth_hash()
session.save()
print(json.dumps({"token": raw, "session": session.session_key}))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _environment(var_dir: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "TOWNHALL_VAR_DIR": str(var_dir),
        "TOWNHALL_TESTING": "1",
        "SECRET_KEY": "bench-live-" + "k" * 40,
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", ""),
        "TOWNHALL_TASKS": "immediate",
    }
    if os.environ.get("BENCH_DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    else:
        env.pop("DATABASE_URL", None)
    return env


def _raise_file_limit(wanted: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = min(hard, max(soft, wanted))
    resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


class Client:
    """One SSE connection; notes when the post event arrives."""

    def __init__(self) -> None:
        self.arrived: float | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(
        self, port: int, cookie: str, opened: asyncio.Event, post: asyncio.Event
    ) -> None:
        reader, self.writer = await asyncio.open_connection(HOST, port)
        self.writer.write(
            f"GET /live/events HTTP/1.1\r\nHost: {HOST}\r\nCookie: sessionid={cookie}\r\n"
            "Accept: text/event-stream\r\n\r\n".encode()
        )
        await self.writer.drain()
        while True:
            line = await reader.readline()
            if not line:
                return
            if line.startswith(b"retry:"):
                opened.set()
            elif line.startswith(b"event: post"):
                self.arrived = time.perf_counter()
                post.set()
                return

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def _bench(port: int, ids: dict[str, str], connections: int) -> None:
    clients = [Client() for _ in range(connections)]
    opened = [asyncio.Event() for _ in clients]
    arrived = [asyncio.Event() for _ in clients]
    tasks = []
    start = time.perf_counter()
    for i, client in enumerate(clients):
        tasks.append(asyncio.create_task(client.open(port, ids["session"], opened[i], arrived[i])))
        if i % 100 == 99:
            await asyncio.sleep(0.05)  # stay under the listen backlog
    await asyncio.wait_for(asyncio.gather(*(e.wait() for e in opened)), timeout=300)
    print(f"connections open: {connections} in {time.perf_counter() - start:.1f}s")  # noqa: T201

    def publish() -> None:
        request = urllib.request.Request(  # noqa: S310 - loopback
            f"http://{HOST}:{port}/api/v1/posts",
            data=json.dumps({"body": "Live benchmark"}).encode(),
            headers={"Authorization": f"Bearer {ids['token']}", "Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            response.read()

    sent = time.perf_counter()
    await asyncio.to_thread(publish)
    try:
        await asyncio.wait_for(asyncio.gather(*(e.wait() for e in arrived)), timeout=60)
    except TimeoutError:
        pass
    latencies = sorted((c.arrived - sent) * 1000 for c in clients if c.arrived is not None)
    for client in clients:
        client.close()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    if not latencies:
        print("no events arrived")  # noqa: T201
        return
    p50 = statistics.median(latencies)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(  # noqa: T201
        f"live fan-out: {len(latencies)}/{connections} connections received the post; "
        f"delivery p50 {p50:.0f} ms, p99 {p99:.0f} ms, max {latencies[-1]:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--connections", type=int, default=2000)
    args = parser.parse_args()
    connections = max(1, min(args.connections, 20_000))
    _raise_file_limit(connections * 2 + 256)
    var_dir = ROOT / "var" / "bench-live"
    shutil.rmtree(var_dir, ignore_errors=True)
    var_dir.mkdir(parents=True)
    env = _environment(var_dir)
    subprocess.run(  # noqa: S603 - our own command
        [TOWNHALL, "migrate", "-v", "0"], env=env, check=True, timeout=600
    )
    out = subprocess.run(  # noqa: S603 - our own command
        [TOWNHALL, "shell", "-c", SETUP], env=env, check=True, capture_output=True, timeout=120
    )
    ids = json.loads(out.stdout.decode().strip().splitlines()[-1])
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 - our own command
        [TOWNHALL, "serve", "--no-worker", "--host", HOST, "--port", str(port)], env=env
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=1):  # noqa: S310
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        asyncio.run(_bench(port, ids, connections))
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(15)


if __name__ == "__main__":
    main()
