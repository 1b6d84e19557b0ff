"""Reads for the leader inbox: what needs a leader now, in urgency order, permission-filtered.

The inbox is assembled on read from five sources, each one capped query (SOURCE_CAP rows):

- ``question``: question posts that @mention the leader in their text and that the leader
  has not answered (no live comment by them, no accepted answer), from the last 30 days;
  plus open-hour questions awaiting the leader (``openhours.selectors.questions_awaiting``).
- ``problem``: unresolved problems owned by a unit the leader manages, or one below it
  (``problems.selectors.open_problems_for_leader``).
- ``mention``: posts and comments from the last 14 days that @mention the leader by name and
  that the leader has not *handled*: handled means the leader commented on that post, or
  reacted to it, at or after the moment of the mention (or delegated or snoozed the item).
  Several mentions on one post are one item (the newest mention speaks for it).
- ``quiet_post``: posts from the last 14 days, older than 48 hours, by people (not leaders)
  whose primary unit is one the leader manages or lies below it, with no live comment and no
  reaction from anyone but their author.
- ``draft``: posts a community manager prepared for the leader
  (``leadership.selectors.pending_drafts_for``).

One post is one item: a question beats a problem, a problem beats a mention, a mention beats
a quiet post. Delegated items leave the inbox for good; for DELEGATED_DAYS they are listed
apart ("delegated to X"). Snoozed items are left out until their snooze ends.

Urgency order (``URGENCY``): questions first, the longest-waiting day first and, within a
day, the most votes first; then problems, open longest first; then mentions, quiet posts
and drafts, each oldest first. People waiting on an answer come before everything else.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from townhall.conversations.models import Comment, Mention, Post, PostKind, Reaction
from townhall.inbox import permissions as inbox_permissions
from townhall.inbox.models import Delegation, InboxSettings, ItemType, Snooze
from townhall.people import permissions
from townhall.people.models import OrgUnit, Person

if TYPE_CHECKING:
    from townhall.leadership.models import DraftPost
    from townhall.openhours.models import Question
    from townhall.problems.models import Problem

SOURCE_CAP = 50
Only = int | None  # a source narrowed to one row (access_item), or None for all
QUESTION_DAYS = 30
MENTION_DAYS = 14
QUIET_DAYS = 14
QUIET_AFTER = timedelta(hours=48)
DELEGATED_DAYS = 7
TITLE_CHARS = 90
SNIPPET_CHARS = 180
# The navigation badge is recomputed at most this often per leader (services forget it on
# every inbox action, so the leader's own work shows at once).
COUNT_CACHE_SECONDS = 60

URGENCY = (
    ItemType.QUESTION,
    ItemType.PROBLEM,
    ItemType.MENTION,
    ItemType.QUIET_POST,
    ItemType.DRAFT,
)

# What each kind of item offers; "open" is a plain link (drafts are published on their page).
POST_ACTIONS = ("answer", "delegate", "snooze")
OPEN_HOUR_ACTIONS = ("answer", "close", "snooze")
DRAFT_ACTIONS = ("open", "snooze")

# Item keys: "<source>-<id>"; the source says which table the id belongs to.
POST, OPEN_HOUR, PROBLEM, DRAFT = "post", "openhour", "problem", "draft"
SOURCES_BY_TYPE = {
    ItemType.QUESTION: (POST, OPEN_HOUR),
    ItemType.MENTION: (POST,),
    ItemType.QUIET_POST: (POST,),
    ItemType.PROBLEM: (PROBLEM,),
    ItemType.DRAFT: (DRAFT,),
}


@dataclass
class InboxItem:
    """One thing that needs the leader: what it is, where it is, and what can be done."""

    type: str
    key: str
    title: str
    snippet: str
    url: str
    waiting_since: datetime
    age: timedelta
    actions: tuple[str, ...]
    who: str = ""  # the person waiting; empty for an anonymous question
    where: str = ""  # the group, unit or open hour it belongs to
    votes: int = 0
    post: Post | None = None
    obj: Any = None  # the source row (Problem, Question, DraftPost) when it is not a post
    delegated_to: Person | None = None
    delegated_at: datetime | None = None

    @property
    def id(self) -> str:
        """Unique on the page and in the API: "<type>:<key>"."""
        return f"{self.type}:{self.key}"

    @property
    def dom_id(self) -> str:
        return f"inbox-{self.type}-{self.key}"

    @property
    def source(self) -> str:
        return self.key.split("-", 1)[0]

    @property
    def object_id(self) -> int:
        return int(self.key.split("-", 1)[1])

    @property
    def type_label(self) -> str:
        return str(ItemType(self.type).label)

    @property
    def is_delegated(self) -> bool:
        return self.delegated_to is not None


@dataclass
class Inbox:
    """The leader's inbox: items in urgency order, counts per type, recent delegations."""

    items: list[InboxItem]
    delegated: list[InboxItem] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counts = {str(t): 0 for t in URGENCY}
        for item in self.items:
            counts[item.type] += 1
        return counts

    @property
    def count_rows(self) -> list[tuple[str, str, int]]:
        """(type, label, count) in urgency order, for the page's summary."""
        counts = self.counts
        return [(str(t), str(t.label), counts[str(t)]) for t in URGENCY]


# --- Text -----------------------------------------------------------------------------------


def plain(text_html: str, chars: int = SNIPPET_CHARS) -> str:
    """Rendered HTML as one line of plain text, cut at `chars`."""
    return Truncator(" ".join(html.unescape(strip_tags(text_html)).split())).chars(chars)


def post_title(post: Post) -> str:
    return Truncator(post.title).chars(TITLE_CHARS) if post.title else plain(post.body_html, 90)


def _post_url(post: Post, comment: Comment | None = None) -> str:
    url = reverse("post_detail", args=[post.pk])
    return f"{url}#comment-{comment.pk}" if comment is not None else url


# --- Snoozed and delegated items are left out in SQL, so they never eat into a source's cap --


def _key_of(prefix: str, ref: str = "pk") -> Concat:
    return Concat(
        Value(f"{prefix}-"), Cast(OuterRef(ref), output_field=CharField()), output_field=CharField()
    )


def _set_aside(
    leader: Person, item_type: str, prefix: str, now: datetime, *, ref: str = "pk", only: Only
) -> Q:
    """Rows the leader has not delegated as this item type, nor snoozed (until after now).

    Looking up one item (`only`), a snooze does not hide it: a snoozed item may still be
    answered, delegated or snoozed again.
    """
    key = _key_of(prefix, ref)
    delegated = Delegation.objects.filter(person_id=leader.pk, item_type=item_type, item_key=key)
    kept = ~Q(Exists(delegated))
    if only is None:
        snoozed = Snooze.objects.filter(
            person_id=leader.pk, item_type=item_type, item_key=key, until__gt=now
        )
        kept &= ~Q(Exists(snoozed))
    else:
        kept &= Q(**{ref: only})
    return kept


def _readable_post_ids(leader: Person) -> QuerySet[Post, Any]:
    return Post.objects.filter(permissions.readable_posts_q(leader)).values("pk")


# --- Sources ----------------------------------------------------------------------------------


def _question_posts(leader: Person, now: datetime, only: Only = None) -> list[InboxItem]:
    asked = Mention.objects.filter(
        post_id=OuterRef("pk"), person_id=leader.pk, comment__isnull=True
    )
    answered = Comment.objects.filter(
        post_id=OuterRef("pk"), author_id=leader.pk, deleted_at__isnull=True
    )
    posts = (
        Post.objects.filter(
            permissions.readable_posts_q(leader),
            Exists(asked),
            ~Q(Exists(answered)),
            _set_aside(leader, ItemType.QUESTION, POST, now, only=only),
            kind=PostKind.QUESTION,
            accepted_comment__isnull=True,
            created_at__gte=now - timedelta(days=QUESTION_DAYS),
            created_at__lte=now,
        )
        .exclude(author_id=leader.pk)
        .select_related("author", "group")
        .order_by("created_at", "id")[:SOURCE_CAP]
    )
    return [
        InboxItem(
            type=ItemType.QUESTION,
            key=f"{POST}-{post.pk}",
            title=post_title(post),
            snippet=plain(post.body_html),
            url=_post_url(post),
            waiting_since=post.created_at,
            age=now - post.created_at,
            actions=POST_ACTIONS,
            who=post.author.display_name,
            where=post.group.name,
            # Reactions on a question are its "me too" votes.
            votes=post.reaction_count,
            post=post,
        )
        for post in posts
    ]


def _open_hour_questions(leader: Person, now: datetime, only: Only = None) -> list[InboxItem]:
    from townhall.openhours import permissions as openhour_permissions
    from townhall.openhours.selectors import questions_awaiting

    questions: Iterable[Question] = (
        questions_awaiting(leader)
        .filter(_set_aside(leader, ItemType.QUESTION, OPEN_HOUR, now, only=only))
        .select_related("open_hour", "open_hour__audience", "author")
        .order_by("created_at", "id")[:SOURCE_CAP]
    )
    items = []
    for question in questions:
        if not openhour_permissions.can_see_question(leader, question):
            continue
        # Anonymous means anonymous: not even the host learns who asked.
        shown = openhour_permissions.shows_author(question)
        items.append(
            InboxItem(
                type=ItemType.QUESTION,
                key=f"{OPEN_HOUR}-{question.pk}",
                title=Truncator(" ".join(question.text.split())).chars(TITLE_CHARS),
                snippet=Truncator(" ".join(question.text.split())).chars(SNIPPET_CHARS),
                url=question.get_absolute_url(),
                waiting_since=question.created_at,
                age=now - question.created_at,
                actions=OPEN_HOUR_ACTIONS,
                who=question.author.display_name if shown else "",
                where=_("Open hour: %(title)s") % {"title": question.open_hour.title},
                votes=question.vote_count,
                obj=question,
            )
        )
    return items


def _problems(leader: Person, now: datetime, only: Only = None) -> list[InboxItem]:
    from townhall.problems.selectors import open_problems_for_leader

    problems: Iterable[Problem] = open_problems_for_leader(leader).filter(
        _set_aside(leader, ItemType.PROBLEM, PROBLEM, now, only=only),
        post__in=_readable_post_ids(leader),
        raised_at__lte=now,
    )[:SOURCE_CAP]
    items = []
    for problem in problems:
        post = problem.post
        items.append(
            InboxItem(
                type=ItemType.PROBLEM,
                key=f"{PROBLEM}-{problem.pk}",
                title=post_title(post),
                snippet=plain(post.body_html),
                url=_post_url(post) + "#problem",
                waiting_since=problem.raised_at,
                age=now - problem.raised_at,
                actions=POST_ACTIONS,
                who=post.author.display_name,
                where=problem.owner_unit.name,
                post=post,
                obj=problem,
            )
        )
    return items


def _mentions(leader: Person, now: datetime, only: Only = None) -> list[InboxItem]:
    since = now - timedelta(days=MENTION_DAYS)
    replied = Comment.objects.filter(
        post_id=OuterRef("post_id"),
        author_id=leader.pk,
        deleted_at__isnull=True,
        created_at__gte=OuterRef("created_at"),
    )
    reacted = Reaction.objects.filter(
        post_id=OuterRef("post_id"), person_id=leader.pk, created_at__gte=OuterRef("created_at")
    )
    mentions = (
        Mention.objects.filter(
            ~Q(Exists(replied)),
            ~Q(Exists(reacted)),
            _set_aside(leader, ItemType.MENTION, POST, now, ref="post_id", only=only),
            person_id=leader.pk,
            created_at__gte=since,
            created_at__lte=now,
            post__in=_readable_post_ids(leader),
        )
        # A question's own text mentioning the leader is a question item, not a mention.
        .exclude(comment__isnull=True, post__kind=PostKind.QUESTION)
        .exclude(comment__deleted_at__isnull=False)
        .exclude(comment__isnull=True, post__author_id=leader.pk)
        .exclude(comment__author_id=leader.pk)
        .select_related("post", "post__author", "post__group", "comment", "comment__author")
        .order_by("-created_at", "-id")[:SOURCE_CAP]
    )
    items: dict[int, InboxItem] = {}
    for mention in mentions:
        if mention.post_id in items:
            continue  # the newest mention on a post speaks for it
        post, comment = mention.post, mention.comment
        author = comment.author if comment is not None else post.author
        where = (
            _("in a comment on a post in %(group)s") % {"group": post.group.name}
            if comment is not None
            else _("in a post in %(group)s") % {"group": post.group.name}
        )
        items[post.pk] = InboxItem(
            type=ItemType.MENTION,
            key=f"{POST}-{post.pk}",
            title=post_title(post),
            snippet=plain(comment.body_html if comment is not None else post.body_html),
            url=_post_url(post, comment),
            waiting_since=mention.created_at,
            age=now - mention.created_at,
            actions=POST_ACTIONS,
            who=author.display_name,
            where=where,
            post=post,
        )
    return list(items.values())


def managed_unit_paths(leader: Person) -> list[str]:
    """Materialised paths of the units the leader manages (their subtrees are theirs)."""
    return list(OrgUnit.objects.filter(manager_id=leader.pk).values_list("path", flat=True))


def _quiet_posts(leader: Person, now: datetime, only: Only = None) -> list[InboxItem]:
    paths = managed_unit_paths(leader)
    if not paths:
        return []
    in_my_units = Q()
    for path in paths:
        in_my_units |= Q(author__primary_unit__path__startswith=path)
    answered = Comment.objects.filter(post_id=OuterRef("pk"), deleted_at__isnull=True).exclude(
        author_id=OuterRef("author_id")
    )
    reacted = Reaction.objects.filter(post_id=OuterRef("pk")).exclude(
        person_id=OuterRef("author_id")
    )
    posts = (
        Post.objects.filter(
            permissions.readable_posts_q(leader),
            in_my_units,
            ~Q(Exists(answered)),
            ~Q(Exists(reacted)),
            _set_aside(leader, ItemType.QUIET_POST, POST, now, only=only),
            created_at__gte=now - timedelta(days=QUIET_DAYS),
            created_at__lte=now - QUIET_AFTER,
            author__is_leader=False,
        )
        .exclude(author_id=leader.pk)
        .select_related("author", "author__primary_unit", "group")
        .order_by("created_at", "id")[:SOURCE_CAP]
    )
    items = []
    for post in posts:
        unit = post.author.primary_unit
        items.append(
            InboxItem(
                type=ItemType.QUIET_POST,
                key=f"{POST}-{post.pk}",
                title=post_title(post),
                snippet=plain(post.body_html),
                url=_post_url(post),
                waiting_since=post.created_at,
                age=now - post.created_at,
                actions=POST_ACTIONS,
                who=post.author.display_name,
                where=unit.name if unit is not None else post.group.name,
                post=post,
            )
        )
    return items


def _drafts(leader: Person, now: datetime, only: Only = None) -> list[InboxItem]:
    from townhall.leadership.selectors import pending_drafts_for

    drafts: Iterable[DraftPost] = (
        pending_drafts_for(leader)
        .filter(_set_aside(leader, ItemType.DRAFT, DRAFT, now, only=only))
        .order_by("created_at", "id")[:SOURCE_CAP]
    )
    return [
        InboxItem(
            type=ItemType.DRAFT,
            key=f"{DRAFT}-{draft.pk}",
            title=Truncator(draft.title).chars(TITLE_CHARS)
            if draft.title
            else Truncator(" ".join(draft.body.split())).chars(TITLE_CHARS),
            snippet=Truncator(" ".join(draft.body.split())).chars(SNIPPET_CHARS),
            url=draft.get_absolute_url(),
            waiting_since=draft.created_at,
            age=now - draft.created_at,
            actions=DRAFT_ACTIONS,
            who=draft.prepared_by.display_name if draft.prepared_by is not None else "",
            where=_("Prepared for you"),
            obj=draft,
        )
        for draft in drafts
    ]


# --- Assembly ---------------------------------------------------------------------------------


def _sort_key(item: InboxItem) -> tuple[int, Any, int, datetime]:
    rank = URGENCY.index(ItemType(item.type))
    if item.type == ItemType.QUESTION:
        day = timezone.localtime(item.waiting_since).date()
        return (rank, day, -item.votes, item.waiting_since)
    return (rank, item.waiting_since.date(), 0, item.waiting_since)


def _one_item_per_post(items: list[InboxItem]) -> list[InboxItem]:
    """A post shows once, as its most urgent kind (the lists come in urgency order)."""
    seen: set[int] = set()
    kept = []
    for item in items:
        if item.post is not None:
            if item.post.pk in seen:
                continue
            seen.add(item.post.pk)
        kept.append(item)
    return kept


def _delegated(leader: Person, now: datetime) -> list[InboxItem]:
    rows = (
        Delegation.objects.filter(
            person_id=leader.pk, created_at__gte=now - timedelta(days=DELEGATED_DAYS)
        )
        .select_related("delegate", "comment", "comment__post", "comment__post__group")
        .order_by("-created_at", "-id")[:SOURCE_CAP]
    )
    items = []
    for row in rows:
        comment = row.comment
        if comment is None or not permissions.can_view_post(leader, comment.post):
            continue
        post = comment.post
        items.append(
            InboxItem(
                type=row.item_type,
                key=row.item_key,
                title=post_title(post),
                snippet=plain(comment.body_html),
                url=_post_url(post, comment),
                waiting_since=row.created_at,
                age=now - row.created_at,
                actions=(),
                where=post.group.name,
                post=post,
                delegated_to=row.delegate,
                delegated_at=row.created_at,
            )
        )
    return items


def inbox_for(leader: Person | AnonymousUser, *, now: datetime | None = None) -> list[InboxItem]:
    """Everything that needs the leader now, most urgent first (see the module docstring)."""
    return leader_inbox(leader, now=now).items


def leader_inbox(leader: Person | AnonymousUser, *, now: datetime | None = None) -> Inbox:
    """The whole inbox page: items in urgency order and the recently delegated ones.

    A fixed number of queries however many items: one per source, the viewer's groups once.
    """
    if not isinstance(leader, Person) or not inbox_permissions.has_inbox(leader):
        return Inbox(items=[])
    moment = now or timezone.now()
    gathered = (
        _question_posts(leader, moment)
        + _open_hour_questions(leader, moment)
        + _problems(leader, moment)
        + _mentions(leader, moment)
        + _quiet_posts(leader, moment)
        + _drafts(leader, moment)
    )
    items = _one_item_per_post(sorted(gathered, key=_sort_key))
    return Inbox(items=items, delegated=_delegated(leader, moment))


def _count_key(person_id: int) -> str:
    return f"inbox-count:{person_id}"


def inbox_count(person: Person | AnonymousUser) -> int:
    """How many items wait in the person's inbox: the navigation badge.

    Non-leaders: 0 without a query. Leaders: remembered on the person object for the
    request and in the cache for COUNT_CACHE_SECONDS.
    """
    if not inbox_permissions.has_inbox(person):
        return 0
    remembered: int | None = getattr(person, "_townhall_inbox_count", None)
    if remembered is None:
        key = _count_key(person.pk or 0)
        remembered = cache.get(key)
        if remembered is None:
            remembered = len(inbox_for(person))
            cache.set(key, remembered, COUNT_CACHE_SECONDS)
        person._townhall_inbox_count = remembered  # type: ignore[union-attr]
    return remembered


def forget_count(person: Person) -> None:
    """Drop the remembered badge count after the person's inbox changed."""
    cache.delete(_count_key(person.pk))
    if hasattr(person, "_townhall_inbox_count"):
        del person._townhall_inbox_count


def access_item(
    leader: Person | AnonymousUser, item_type: str, key: str, *, now: datetime | None = None
) -> InboxItem:
    """One item of the leader's inbox (snoozed ones too), or 404; delegated ones are gone.

    Only what the inbox would show the leader can be acted on: the same sources, the same
    permission filters, narrowed to one row.
    """
    if not isinstance(leader, Person) or not inbox_permissions.has_inbox(leader):
        raise Http404
    if item_type not in ItemType.values:
        raise Http404
    source, _sep, raw_id = key.partition("-")
    if source not in SOURCES_BY_TYPE[ItemType(item_type)] or not raw_id.isdigit():
        raise Http404
    found = _find_item(leader, ItemType(item_type), source, int(raw_id), now or timezone.now())
    if found is None:
        raise Http404
    return found


def _find_item(
    leader: Person, item_type: ItemType, source: str, pk: int, now: datetime
) -> InboxItem | None:
    if source == POST:
        finder = {
            ItemType.QUESTION: _question_posts,
            ItemType.MENTION: _mentions,
            ItemType.QUIET_POST: _quiet_posts,
        }[item_type]
    else:
        finder = {OPEN_HOUR: _open_hour_questions, PROBLEM: _problems, DRAFT: _drafts}[source]
    return next(iter(finder(leader, now, pk)), None)


def summary_enabled(person: Person) -> bool:
    """Whether the leader gets the daily summary email (on unless they turned it off)."""
    setting = InboxSettings.objects.filter(person_id=person.pk).first()
    return setting is None or setting.daily_summary
