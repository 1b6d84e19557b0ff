"""Open hours: scheduled leader Q&A sessions, questions, votes, answers, summaries."""

from __future__ import annotations
