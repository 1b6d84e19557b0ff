"""The checkins part of the REST API: the same services, selectors and permissions as the pages."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["check-ins"])
