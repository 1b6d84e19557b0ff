"""Leaders corner, onboarding, coaching board and drafts for leaders: tables."""

from __future__ import annotations
