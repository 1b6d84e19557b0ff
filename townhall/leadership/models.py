"""Leaders corner, onboarding, coaching board, drafts for leaders and the leader inbox: tables."""

from __future__ import annotations
