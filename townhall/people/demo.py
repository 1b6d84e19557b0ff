"""The demo organisation: a deterministic, realistic company built through the real services."""

from __future__ import annotations

from django.conf import settings

from townhall.people.models import Person

# One account per role, printed by `townhall serve` and shown on the login page in demo mode.
DEMO_ACCOUNTS: list[tuple[str, str]] = [
    ("admin", "admin@demo.townhall.example"),
    ("community manager", "comms@demo.townhall.example"),
    ("leader (CEO)", "ceo@demo.townhall.example"),
    ("member", "member@demo.townhall.example"),
]


def demo_accounts_present() -> list[tuple[str, str]]:
    """The demo accounts that exist in this database (none outside demo mode)."""
    if not settings.TOWNHALL_SHOW_DEMO_ACCOUNTS:
        return []
    emails = set(
        Person.objects.filter(email__in=[e for _r, e in DEMO_ACCOUNTS], is_active=True).values_list(
            "email", flat=True
        )
    )
    return [(role, email) for role, email in DEMO_ACCOUNTS if email in emails]
