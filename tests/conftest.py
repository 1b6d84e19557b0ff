"""Shared test fixtures: real SMTP (aiosmtpd), real task workers, the three standing people."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.factories import PersonFactory, UnitFactory

IN_CI = os.environ.get("CI", "").lower() == "true"


def require_service(available: bool, reason: str) -> None:
    """Fail in CI, skip on a laptop, when a real service a test needs is missing."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"CI needs this service: {reason}")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Mailbox:
    """Messages a real SMTP server received, parsed."""

    raw: list[bytes] = field(default_factory=list)

    @property
    def messages(self) -> list[Message]:
        return [message_from_bytes(data) for data in self.raw]

    def bodies(self) -> list[str]:
        out = []
        for msg in self.messages:
            if msg.is_multipart():
                part = next(p for p in msg.walk() if p.get_content_type() == "text/plain")
                out.append(part.get_payload(decode=True).decode())
            else:
                out.append(msg.get_payload(decode=True).decode())
        return out


@pytest.fixture
def smtp_server(settings) -> Iterator[Mailbox]:
    """A real SMTP server on localhost; Django's SMTP backend delivers to it."""
    from aiosmtpd.controller import Controller

    mailbox = Mailbox()

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
            mailbox.raw.append(envelope.original_content or envelope.content)
            return "250 OK"

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield mailbox
    finally:
        controller.stop()


def run_queued_tasks() -> None:
    """Run every queued background task with the configured real worker, then return."""
    if settings.TASK_BACKEND == "rq":
        # A SimpleWorker in this process: the rqworker command would close the test's
        # database connection, and a forked work horse could not see its transaction.
        import django_rq
        from django_tasks_rq.backend import Job
        from rq import SimpleWorker

        queue = django_rq.get_queue("default", job_class=Job)
        SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)
    elif settings.TASK_BACKEND == "database":
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


@pytest.fixture
def run_tasks() -> Callable[[], None]:
    """The task runner as a fixture (see run_queued_tasks)."""
    return run_queued_tasks


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _redis_flushed_for_rq() -> None:
    if settings.TASK_BACKEND == "rq":
        import redis

        redis.Redis.from_url(settings.REDIS_URL).flushdb()


@pytest.fixture
def company(db):
    return UnitFactory(name="Acme", kind="company")


@pytest.fixture
def owner(db, company):
    return PersonFactory(first_name="Olga", last_name="Owner", primary_unit=company)


@pytest.fixture
def member(db, company):
    return PersonFactory(first_name="Mats", last_name="Member", primary_unit=company)


@pytest.fixture
def outsider(db):
    return PersonFactory(first_name="Otto", last_name="Outsider")


@pytest.fixture
def admin(db, company):
    return PersonFactory(first_name="Ada", last_name="Admin", roles=["admin"], primary_unit=company)


@pytest.fixture
def community_manager(db, company):
    return PersonFactory(
        first_name="Cora", last_name="Comms", roles=["community_manager"], primary_unit=company
    )
