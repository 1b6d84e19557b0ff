"""Output shapes of the feeds API: pages of post cards."""

from __future__ import annotations

from ninja import Schema

from townhall.conversations.schemas import PostOut


class PostPage(Schema):
    items: list[PostOut]
    next_cursor: str | None
