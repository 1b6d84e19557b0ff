"""Search reads: posts and comments (full text), people, groups and topics — only what the
searcher may see, filtered inside each query rather than after slicing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.text import slugify
from django.utils.translation import gettext as _

from townhall.conversations.models import Post, PostKind, Topic
from townhall.groups.models import Group
from townhall.groups.selectors import groups_visible_to
from townhall.people import permissions
from townhall.people.models import Person
from townhall.people.selectors import directory, people_visible_to
from townhall.search.backends import CANDIDATE_LIMIT, backend, query_terms
from townhall.search.models import SearchEntry

PAGE_SIZE = 20
OVERVIEW_HITS = 10
OVERVIEW_PEOPLE = 6
OVERVIEW_GROUPS = 5
OVERVIEW_TOPICS = 8
GROUP_LIMIT = 50
TOPIC_LIMIT = 50
MAX_QUERY_LENGTH = 200
MAX_PAGE = CANDIDATE_LIMIT // PAGE_SIZE


class SearchType:
    ALL = "all"
    POSTS = "posts"
    COMMENTS = "comments"
    PEOPLE = "people"
    GROUPS = "groups"
    TOPICS = "topics"
    CHOICES = (ALL, POSTS, COMMENTS, PEOPLE, GROUPS, TOPICS)


@dataclass
class TextHit:
    """A post or comment that matched, with a sanitised, highlighted snippet."""

    entry: SearchEntry
    snippet: SafeString

    @property
    def post(self) -> Post:
        return self.entry.post

    @property
    def is_comment(self) -> bool:
        return self.entry.comment_id is not None

    @property
    def url(self) -> str:
        url = reverse("post_detail", args=[self.entry.post_id])
        return f"{url}#comment-{self.entry.comment_id}" if self.is_comment else url


@dataclass
class SearchResults:
    query: str
    type: str
    hits: list[TextHit] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    page: int = 1
    has_next: bool = False
    people_cursor: str | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.hits or self.people or self.groups or self.topics)


def readable_entries(viewer: Person | AnonymousUser) -> QuerySet[SearchEntry]:
    """Entries of posts the viewer may read (and of comments not deleted since)."""
    readable = Post.objects.filter(permissions.readable_posts_q(viewer), pk=OuterRef("post_id"))
    return SearchEntry.objects.filter(Exists(readable)).filter(
        Q(comment__isnull=True) | Q(comment__deleted_at__isnull=True)
    )


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _filtered(
    viewer: Person | AnonymousUser,
    *,
    type: str,
    post_kind: str,
    group: Group | None,
    author: Person | None,
    since: date | None,
    until: date | None,
) -> QuerySet[SearchEntry]:
    qs = readable_entries(viewer)
    if type == SearchType.POSTS:
        qs = qs.filter(comment__isnull=True)
    elif type == SearchType.COMMENTS:
        qs = qs.filter(comment__isnull=False)
    if post_kind:
        qs = qs.filter(post_kind=post_kind)
    if group is not None:
        qs = qs.filter(group=group)
    if author is not None:
        qs = qs.filter(author=author)
    if since is not None:
        qs = qs.filter(created_at__gte=_day_start(since))
    if until is not None:
        qs = qs.filter(created_at__lt=_day_start(until + timedelta(days=1)))
    return qs


def _text_hits(
    viewer: Person | AnonymousUser,
    terms: list[str],
    candidates: QuerySet[SearchEntry],
    *,
    offset: int,
    limit: int,
) -> tuple[list[TextHit], bool]:
    engine = backend()
    ranked = engine.rank(engine.matching(candidates, terms), terms, offset=offset, limit=limit + 1)
    has_next = len(ranked) > limit and offset + limit < CANDIDATE_LIMIT
    ranked = ranked[:limit]
    entries = SearchEntry.objects.select_related(
        "post", "group", "author", "author__primary_unit", "comment"
    ).in_bulk([r.entry_id for r in ranked])
    hits = [
        TextHit(entry=entries[r.entry_id], snippet=r.snippet)
        for r in ranked
        if r.entry_id in entries
    ]
    return hits, has_next


def groups_matching(viewer: Person | AnonymousUser, terms: list[str], *, limit: int) -> list[Group]:
    """Groups the viewer may know of whose name or description holds every word."""
    qs = groups_visible_to(viewer)
    for term in terms:
        qs = qs.filter(Q(name__icontains=term) | Q(description__icontains=term))
    return list(qs.order_by("-member_count", "name", "id")[:limit])


def topics_matching(viewer: Person | AnonymousUser, text: str, *, limit: int) -> list[Topic]:
    """Topics on posts the viewer may read whose tag starts with what was typed."""
    if not permissions.is_signed_in(viewer):
        return []
    slug = slugify(text.lstrip("#"), allow_unicode=True)[:60]
    if not slug:
        return []
    # A topic is known from its posts: one used only in groups the viewer cannot read stays
    # hidden, or its name would tell outsiders what a private or secret group talks about.
    readable = Post.objects.filter(permissions.readable_posts_q(viewer), topics=OuterRef("pk"))
    return list(
        Topic.objects.filter(Exists(readable), slug__startswith=slug).order_by("slug")[:limit]
    )


def resolve_filters(
    viewer: Person | AnonymousUser, *, group_slug: str = "", author_id: int | None = None
) -> tuple[Group | None, Person | None]:
    """The group and author to filter by; unknown or hidden ones are a field error (422)."""
    errors: dict[str, str] = {}
    group = author = None
    if group_slug:
        group = groups_visible_to(viewer).filter(slug=group_slug).first()
        if group is None:
            errors["group"] = _("There is no such group.")
    if author_id is not None:
        author = people_visible_to(viewer).filter(pk=author_id).first()
        if author is None:
            errors["author"] = _("There is no such person.")
    if errors:
        raise ValidationError(errors)
    return group, author


def search(
    viewer: Person | AnonymousUser,
    *,
    query: str,
    type: str = SearchType.ALL,
    post_kind: str = "",
    group: Group | None = None,
    author: Person | None = None,
    since: date | None = None,
    until: date | None = None,
    page: int = 1,
    people_after: str = "",
) -> SearchResults:
    """One search box: ranked posts and comments, plus people, groups and topics."""
    errors: dict[str, str] = {}
    if type not in SearchType.CHOICES:
        errors["type"] = _("Choose what to search for.")
    if post_kind and post_kind not in PostKind.values:
        errors["kind"] = _("Unknown kind of post.")
    if since and until and since > until:
        errors["until"] = _("The end date is before the start date.")
    if not 1 <= page <= MAX_PAGE:
        errors["page"] = _("Ensure this value is less than or equal to %(limit_value)s.") % {
            "limit_value": MAX_PAGE
        }
    if errors:
        raise ValidationError(errors)
    query = query.strip()[:MAX_QUERY_LENGTH]
    results = SearchResults(query=query, type=type, page=page)
    terms = query_terms(query)
    if not terms or not permissions.is_signed_in(viewer):
        return results
    overview = type == SearchType.ALL
    if type in (SearchType.ALL, SearchType.POSTS, SearchType.COMMENTS):
        candidates = _filtered(
            viewer,
            type=type,
            post_kind=post_kind,
            group=group,
            author=author,
            since=since,
            until=until,
        )
        limit = OVERVIEW_HITS if overview else PAGE_SIZE
        offset = 0 if overview else (page - 1) * PAGE_SIZE
        results.hits, has_next = _text_hits(viewer, terms, candidates, offset=offset, limit=limit)
        results.has_next = has_next and not overview
    if type in (SearchType.ALL, SearchType.PEOPLE):
        people = directory(
            viewer,
            query=" ".join(terms),
            after="" if overview else people_after,
            limit=OVERVIEW_PEOPLE if overview else 24,
        )
        results.people, results.people_cursor = people.people, people.next_cursor
    if type in (SearchType.ALL, SearchType.GROUPS):
        results.groups = groups_matching(
            viewer, terms, limit=OVERVIEW_GROUPS if overview else GROUP_LIMIT
        )
    if type in (SearchType.ALL, SearchType.TOPICS):
        results.topics = topics_matching(
            viewer, query, limit=OVERVIEW_TOPICS if overview else TOPIC_LIMIT
        )
    return results
