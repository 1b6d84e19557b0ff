"""When digests go out: daily at TOWNHALL_DIGEST_HOUR, weekly on Mondays at the same hour.

Every worker process (and `townhall serve` on the embedded default) runs a small clock thread
that enqueues the digest task when it is due. A cache key per period makes sure that only one
process enqueues it, however many run (the cache is Redis in production).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from townhall.notifications.models import DigestFrequency

logger = logging.getLogger(__name__)

CHECK_EVERY_SECONDS = 60.0
LOCK_SECONDS = 8 * 24 * 3600  # longer than the longest period, so a key never expires early


def _period_key(frequency: str, local: datetime) -> str:
    if frequency == DigestFrequency.WEEKLY:
        year, week, _day = local.isocalendar()
        return f"{year}-W{week:02d}"
    return local.date().isoformat()


def due_digests(now: datetime | None = None) -> list[tuple[str, str]]:
    """(frequency, period) pairs whose send time has passed in the server's time zone."""
    local = timezone.localtime(now or timezone.now())
    if local.hour < settings.TOWNHALL_DIGEST_HOUR:
        return []
    due = [(str(DigestFrequency.DAILY), _period_key(DigestFrequency.DAILY, local))]
    if local.weekday() == 0:
        due.append((str(DigestFrequency.WEEKLY), _period_key(DigestFrequency.WEEKLY, local)))
    return due


def enqueue_due_digests(now: datetime | None = None) -> list[str]:
    """Enqueue each due digest once per period across all processes; returns what was queued."""
    from townhall.notifications.tasks import send_digests

    queued = []
    for frequency, period in due_digests(now):
        if cache.add(f"digest-run:{frequency}:{period}", 1, timeout=LOCK_SECONDS):
            send_digests.enqueue(frequency=frequency)
            queued.append(frequency)
    return queued


# Other apps' periodic work (check-in reminders, leaders' daily summaries, open-hour
# summaries): each job is called every minute with the current time and must itself make sure,
# with `claim_period`, that it enqueues its task once per period across all processes.
ClockJob = Callable[[datetime], object]
_clock_jobs: dict[str, ClockJob] = {}


def register_clock_job(name: str, job: ClockJob) -> None:
    """Run `job(now)` every minute in the clock thread (call from AppConfig.ready)."""
    _clock_jobs[name] = job


def claim_period(name: str, period: str) -> bool:
    """True for exactly one caller per (name, period) across processes (a cache key)."""
    return bool(cache.add(f"clock-run:{name}:{period}", 1, timeout=LOCK_SECONDS))


def run_clock_jobs(now: datetime | None = None) -> None:
    """One tick: digests, then every registered job; one failing job does not stop the rest."""
    moment = now or timezone.now()
    enqueue_due_digests(moment)
    for name, job in list(_clock_jobs.items()):
        try:
            job(moment)
        except Exception:
            logger.exception("clock job %s failed; trying again in a minute", name)


def _run_forever(stop: threading.Event) -> None:
    while not stop.wait(CHECK_EVERY_SECONDS):
        try:
            run_clock_jobs()
        except Exception:  # a bad minute must not stop the clock
            logger.exception("digest scheduler failed; trying again in a minute")


def start_digest_scheduler() -> threading.Event:
    """Start the clock thread; set the returned event to stop it."""
    stop = threading.Event()
    threading.Thread(
        target=_run_forever, args=(stop,), name="townhall-digests", daemon=True
    ).start()
    return stop
