"""Input and output shapes of the conversations API (posts, comments, reactions, follows)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import ConfigDict, Field

from townhall.people.schemas import NO_NUL, SLUG, PersonSummary
from townhall.uploads.schemas import UploadOut

Text = Annotated[str, Field(pattern=NO_NUL)]
PostKindName = Literal["update", "article", "question", "video", "announcement"]
ReactionKindName = Literal["like", "celebrate", "support", "insightful", "curious"]
LanguageName = Literal["", "en", "nl", "sv", "nb"]
GroupSlug = Annotated[str, Field(pattern=SLUG, max_length=140)]
UploadId = Annotated[int, Field(ge=1, le=2**63 - 1)]
MAX_ATTACHMENTS = 10  # the schema's bound; settings.UPLOAD_MAX_ATTACHMENTS may be lower


class GroupRef(Schema):
    id: int
    slug: str
    name: str
    visibility: str


class PostOut(Schema):
    """A post card: everything a feed or the post page shows about one post."""

    id: int
    kind: str
    title: str
    body: str
    body_html: str = Field(description="Rendered and sanitised Markdown")
    language: str
    reading_minutes: int
    author: PersonSummary
    group: GroupRef
    topics: list[str]
    shared_post_id: int | None = Field(
        description="The shared original; null when there is none or you may not read it"
    )
    accepted_comment_id: int | None
    pinned: bool
    must_read: bool
    acknowledged: bool = Field(description="You confirmed reading this must-read")
    comment_count: int
    reaction_count: int
    reaction_counts: dict[str, int] = Field(description="Reactions per kind")
    view_count: int
    my_reaction: str | None
    is_saved: bool
    created_at: datetime
    edited_at: datetime | None
    attachments: list[UploadOut] = Field(description="Images and documents, in order")
    cover: UploadOut | None = Field(description="Articles: the cover image")
    video: UploadOut | None = Field(description="Video posts: the MP4 or WebM file")
    poster: UploadOut | None = Field(description="Video posts: the image shown before playing")
    transcript: str = Field(description="Video posts: what is said, as plain text")


class PostIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: PostKindName = "update"
    body: Text = Field(..., max_length=50_000)
    title: Text = Field("", max_length=200)
    group: GroupSlug | None = Field(None, description="Group slug; the company group when empty")
    language: LanguageName = Field("", description="Detected from the text when empty")
    pinned: bool = Field(False, description="Announcements only")
    must_read: bool = Field(False, description="Announcements only")
    attachment_ids: list[UploadId] = Field(
        default_factory=list,
        max_length=MAX_ATTACHMENTS,
        description="Your own unattached uploads (POST /uploads): images and documents",
    )
    cover_id: UploadId | None = Field(None, description="Articles: an image upload")
    video_id: UploadId | None = Field(None, description="Video posts (required): a video upload")
    poster_id: UploadId | None = Field(None, description="Video posts (required): an image upload")
    transcript: Text = Field("", max_length=100_000, description="Video posts only")


class PostPatchIn(Schema):
    """Only the fields sent are changed; `attachment_ids` replaces the whole list."""

    model_config = ConfigDict(extra="forbid")

    body: Text | None = Field(None, max_length=50_000)
    title: Text | None = Field(None, max_length=200)
    language: LanguageName = ""
    attachment_ids: list[UploadId] | None = Field(None, max_length=MAX_ATTACHMENTS)
    cover_id: UploadId | None = Field(None, description="null removes the cover")
    video_id: UploadId | None = None
    poster_id: UploadId | None = None
    transcript: Text | None = Field(None, max_length=100_000)


class ShareIn(Schema):
    model_config = ConfigDict(extra="forbid")

    group: GroupSlug | None = Field(None, description="Group slug; the company group when empty")
    comment: Text = Field("", max_length=50_000)


class ReactionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: ReactionKindName = "like"


class ReactionOut(Schema):
    kind: str | None = Field(description="Your reaction now; null when the toggle removed it")
    reaction_count: int
    counts: dict[str, int] = Field(description="Reactions per kind")


class SavedOut(Schema):
    saved: bool


class AcceptedAnswerIn(Schema):
    model_config = ConfigDict(extra="forbid")

    comment_id: int | None = Field(..., ge=1, le=2**63 - 1, description="null clears the answer")


class AcknowledgementsOut(Schema):
    post_id: int
    must_read: bool
    count: int = Field(description="People who confirmed reading it")
    audience: int | None = Field(description="People who can read it")


class CommentOut(Schema):
    id: int
    post_id: int
    parent_id: int | None
    author: PersonSummary
    body: str
    body_html: str
    created_at: datetime
    edited_at: datetime | None


class ThreadOut(CommentOut):
    """A top-level comment with its replies (one level), oldest first."""

    replies: list[CommentOut]


class ThreadPage(Schema):
    items: list[ThreadOut]
    next_cursor: str | None


class CommentIn(Schema):
    model_config = ConfigDict(extra="forbid")

    body: Text = Field(..., max_length=10_000)
    parent_id: int | None = Field(None, ge=1, le=2**63 - 1, description="Reply to this comment")


class CommentPatchIn(Schema):
    model_config = ConfigDict(extra="forbid")

    body: Text = Field(..., max_length=10_000)


class RevisionOut(Schema):
    id: int
    body: str = Field(description="The text before the edit")
    created_at: datetime


class RevisionPage(Schema):
    items: list[RevisionOut]
    next_cursor: str | None


class TopicOut(Schema):
    slug: str
    name: str


class FollowOut(Schema):
    id: int
    kind: Literal["person", "group", "topic"]
    person: PersonSummary | None
    group: GroupRef | None
    topic: TopicOut | None
    created_at: datetime


class FollowPage(Schema):
    items: list[FollowOut]
    next_cursor: str | None
