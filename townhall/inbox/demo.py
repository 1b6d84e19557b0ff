"""The inbox part of the demo organisation, built through the real services."""

from __future__ import annotations

from townhall.people.demo import DemoConfig, DemoOrganisation


def build_demo(org: DemoOrganisation, config: DemoConfig) -> str:
    """Write this app's demo content; returns a one-line summary for `townhall demo` (or "")."""
    return ""
