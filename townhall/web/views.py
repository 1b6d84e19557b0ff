"""Site-wide pages: home and the health probes."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import cast

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.cache import never_cache

from townhall.conversations.forms import PostForm
from townhall.conversations.views import composer_form, decorate_posts, feed_page
from townhall.feeds import selectors as feeds
from townhall.people import selectors
from townhall.people.models import Person

CATCH_UP_DAYS = 7


def home(
    request: HttpRequest, *, composer: PostForm | None = None, status: int = 200
) -> HttpResponse:
    """The morning page: must-reads, what needs me, the composer and my feed."""
    me = cast(Person, request.user)
    after = request.GET.get("after", "")
    page = feeds.home_feed(me, after=after)
    pinned = feeds.pinned_announcements(me)
    # Pinned announcements sit above the feed; showing them twice would bury the news.
    pinned_ids = {p.pk for p in pinned}
    page.posts = [p for p in page.posts if p.pk not in pinned_ids]
    if after:
        return feed_page(request, "home.html", page, {})
    decorate_posts(me, pinned)
    since = _catch_up_since(request, me)
    context = {
        "completeness": selectors.profile_completeness(me),
        "leaders": selectors.leaders_of_line(me),
        "unit_line": selectors.person_unit_line(me),
        "pinned": pinned,
        "catch_up": [i for i in feeds.catch_up(me, since=since) if i.post.pk not in pinned_ids],
        "catch_up_since": since,
        "composer": composer or composer_form(request),
    }
    return feed_page(request, "home.html", page, context, status=status)


def _catch_up_since(request: HttpRequest, me: Person) -> datetime:
    """?since=YYYY-MM-DD, else the week before this sign-in (last_login is this session's)."""
    raw = parse_date(request.GET.get("since", "") or "")
    if raw is not None:
        return datetime.combine(raw, time.min, tzinfo=UTC)
    start = me.last_login or timezone.now()
    return start - timedelta(days=CATCH_UP_DAYS)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: the database (and Redis, when configured) answer."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means not ready
        checks["database"] = f"error: {exc.__class__.__name__}"
    if settings.REDIS_URL:
        try:
            import redis

            redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping()
            checks["redis"] = "ok"
        except Exception as exc:  # noqa: BLE001
            checks["redis"] = f"error: {exc.__class__.__name__}"
    ready = all(v == "ok" for v in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )
