"""The .ics side of open hours: one session, or a recurring series from a session on."""

from __future__ import annotations

from datetime import UTC

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from townhall.openhours.models import OpenHour, Recurrence

RRULES = {
    Recurrence.WEEKLY: {"FREQ": "WEEKLY", "INTERVAL": 1},
    Recurrence.BIWEEKLY: {"FREQ": "WEEKLY", "INTERVAL": 2},
    Recurrence.MONTHLY: {"FREQ": "MONTHLY", "INTERVAL": 1},
}


def _absolute(path: str) -> str:
    site: str = settings.SITE_URL
    return site.rstrip("/") + path


def _domain() -> str:
    site: str = settings.SITE_URL
    return site.split("://", 1)[-1].split("/", 1)[0] or "townhall"


def uid_for(open_hour: OpenHour, *, series: bool) -> str:
    """Stable ids, so a re-sent invite updates the calendar entry instead of adding one."""
    if series and open_hour.series_id is not None:
        return f"openhour-series-{open_hour.series_id}@{_domain()}"
    return f"openhour-{open_hour.pk}@{_domain()}"


def calendar_for(
    open_hour: OpenHour, *, series_rest: list[OpenHour] | None = None, method: str = "PUBLISH"
) -> bytes:
    """An iCalendar file for one session; with `series_rest` (the later sessions of its series)
    one VEVENT with an RRULE, cancelled occurrences as EXDATEs. Times are in UTC."""
    cal = Calendar()
    cal.add("prodid", "-//Townhall//Open hours//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    event = Event()
    is_series = series_rest is not None and open_hour.recurrence in RRULES
    event.add("uid", uid_for(open_hour, series=is_series))
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", open_hour.starts_at.astimezone(UTC))
    event.add("dtend", open_hour.ends_at.astimezone(UTC))
    event.add("sequence", open_hour.sequence)
    event.add("summary", open_hour.title)
    url = _absolute(open_hour.get_absolute_url())
    text = f"{open_hour.description}\n\n{url}".strip()
    event.add("description", text)
    event.add("url", url)
    host = open_hour.host
    organizer = vCalAddress(f"mailto:{host.email}")
    organizer.params["cn"] = vText(host.display_name)
    event.add("organizer", organizer)
    if is_series and series_rest is not None:
        occurrences = [open_hour, *series_rest]
        rule = dict(RRULES[Recurrence(open_hour.recurrence)])
        rule["COUNT"] = len(occurrences)
        event.add("rrule", rule)
        for cancelled in (o for o in occurrences if o.cancelled_at is not None):
            event.add("exdate", cancelled.starts_at.astimezone(UTC))
    event.add("status", "CANCELLED" if open_hour.cancelled_at and not is_series else "CONFIRMED")
    cal.add_component(event)
    return bytes(cal.to_ical())
