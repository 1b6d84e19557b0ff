"""The inbox part of the REST API (same services, selectors, permissions as pages)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["inbox"])
