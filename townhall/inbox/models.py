"""The leader inbox: tables for snoozes and summary settings."""

from __future__ import annotations
