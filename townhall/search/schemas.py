"""Output shapes of the search API; validation only, no logic."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema

from townhall.conversations.models import Topic
from townhall.groups.models import Group
from townhall.people.schemas import PersonSummary
from townhall.search.selectors import TextHit


class GroupRef(Schema):
    slug: str
    name: str

    @staticmethod
    def of(group: Group) -> GroupRef:
        return GroupRef(slug=group.slug, name=group.name)


class GroupHit(GroupRef):
    description: str
    visibility: str
    member_count: int

    @staticmethod
    def of_group(group: Group) -> GroupHit:
        return GroupHit(
            slug=group.slug,
            name=group.name,
            description=group.description,
            visibility=group.visibility,
            member_count=group.member_count,
        )


class TopicHit(Schema):
    slug: str
    name: str

    @staticmethod
    def of(topic: Topic) -> TopicHit:
        return TopicHit(slug=topic.slug, name=topic.name)


class TextHitOut(Schema):
    """A post (`comment_id` null) or a comment that matched."""

    post_id: int
    comment_id: int | None
    post_kind: str
    title: str
    # HTML-escaped text in which only <mark>…</mark> elements are markup.
    snippet_html: str
    url: str
    created_at: datetime
    author: PersonSummary | None
    group: GroupRef

    @staticmethod
    def of(hit: TextHit) -> TextHitOut:
        entry = hit.entry
        return TextHitOut(
            post_id=entry.post_id,
            comment_id=entry.comment_id,
            post_kind=entry.post_kind,
            title=str(hit.post),
            snippet_html=str(hit.snippet),
            url=hit.url,
            created_at=entry.created_at,
            author=PersonSummary.of(entry.author),
            group=GroupRef.of(entry.group),
        )


class SearchOut(Schema):
    query: str
    type: str
    hits: list[TextHitOut]
    people: list[PersonSummary]
    groups: list[GroupHit]
    topics: list[TopicHit]
    page: int
    # The next page of `hits` (only when searching posts or comments alone), else null.
    next_page: int | None
    people_cursor: str | None
