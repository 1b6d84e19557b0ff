"""Working Out Loud: weekly check-ins, the team round and reminders: tables."""

from __future__ import annotations
