"""Reads for leadership: the leaders corner, responsiveness, onboarding, coaching and drafts.

Every list here is built in a fixed number of queries however many leaders there are.
"""

from __future__ import annotations

import bisect
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import F, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from townhall.conversations.models import Comment, Follow, Mention, Post, PostKind, Reaction
from townhall.feeds.selectors import posts_visible_to
from townhall.groups.models import Group, Membership
from townhall.leadership import permissions as leadership_permissions
from townhall.leadership.models import DraftPost, DraftStatus, LeaderOnboarding, Nudge
from townhall.openhours import selectors as openhours
from townhall.openhours.models import OpenHour
from townhall.people import permissions
from townhall.people.models import OrgUnit, Person

RESPONSIVENESS_DAYS = 30
# A person at no known place in the org chart sorts after everyone who has one.
NO_LEVEL = 1_000


# --- Open hours (another app) ---------------------------------------------------------------


def next_open_hours(viewer: Person, leaders: list[Person]) -> dict[int, OpenHour]:
    """Each leader's next open hour the viewer may see (the open-hours app decides)."""
    return openhours.next_open_hours_for(leaders, viewer)


def _open_hour_flags(people: list[Person]) -> dict[int, bool]:
    """`has_scheduled_open_hour` for many people in one query (the same rule: any session
    they host that was not cancelled)."""
    if len(people) == 1:
        return {people[0].pk: openhours.has_scheduled_open_hour(people[0])}
    hosts = set(
        OpenHour.objects.filter(
            host_id__in=[p.pk for p in people], cancelled_at__isnull=True
        ).values_list("host_id", flat=True)
    )
    return {p.pk: p.pk in hosts for p in people}


# --- Responsiveness -------------------------------------------------------------------------


@dataclass(frozen=True)
class Responsiveness:
    """How a leader answered what was addressed to them over a window of days.

    Addressed: every post and every comment by someone else, in a group the leader may read,
    that @mentions the leader (question posts included). Answered: the leader commented on
    that post after it (or after that comment) was written. The median is over answered
    items, in seconds from the item to the leader's first such comment.
    """

    median_first_reply_seconds: float | None
    answered_share: float | None
    asked: int
    answered: int

    @property
    def answered_percent(self) -> int | None:
        return None if self.answered_share is None else round(100 * self.answered_share)

    @property
    def median_hours(self) -> float | None:
        if self.median_first_reply_seconds is None:
            return None
        return self.median_first_reply_seconds / 3600


@dataclass(frozen=True)
class _Addressed:
    leader_id: int
    post_id: int
    at: datetime


def _addressed_items(
    leader_ids: Sequence[int], since: datetime, until: datetime
) -> list[_Addressed]:
    """Posts and comments mentioning each leader in the window, written by someone else and
    readable by that leader: two queries."""
    in_window = Q(comment__isnull=True, post__created_at__gte=since, post__created_at__lte=until)
    in_window |= Q(
        comment__isnull=False,
        comment__deleted_at__isnull=True,
        comment__created_at__gte=since,
        comment__created_at__lte=until,
    )
    rows = list(
        Mention.objects.filter(in_window, person_id__in=leader_ids, post__deleted_at__isnull=True)
        .values_list(
            "person_id",
            "post_id",
            "comment_id",
            "post__author_id",
            "post__created_at",
            "comment__author_id",
            "comment__created_at",
            "post__group_id",
            "post__group__is_company",
            "post__group__visibility",
        )
        .order_by()
    )
    closed_groups = {r[7] for r in rows if not r[8] and r[9] != "open"}
    members: set[tuple[int, int]] = set()
    if closed_groups:
        members = set(
            Membership.objects.filter(
                person_id__in=leader_ids, group_id__in=sorted(closed_groups)
            ).values_list("person_id", "group_id")
        )
    seen: set[tuple[int, int, int | None]] = set()
    items: list[_Addressed] = []
    for row in rows:
        leader_id, post_id, comment_id, post_author, post_at, c_author, c_at, group_id = row[:8]
        author, at = (post_author, post_at) if comment_id is None else (c_author, c_at)
        if author == leader_id or (leader_id, post_id, comment_id) in seen:
            continue
        if group_id in closed_groups and (leader_id, group_id) not in members:
            continue  # the leader cannot read it, so cannot be expected to answer it
        seen.add((leader_id, post_id, comment_id))
        items.append(_Addressed(leader_id=leader_id, post_id=post_id, at=at))
    return items


def responsiveness_for_many(
    leaders: Iterable[Person], *, days: int = RESPONSIVENESS_DAYS, now: datetime | None = None
) -> dict[int, Responsiveness]:
    """Responsiveness of many leaders at once, in at most three queries (see Responsiveness)."""
    now = now or timezone.now()
    since = now - timedelta(days=days)
    ids = sorted({leader.pk for leader in leaders})
    items = _addressed_items(ids, since, now) if ids else []
    replies: dict[tuple[int, int], list[datetime]] = defaultdict(list)
    if items:
        for author_id, post_id, at in (
            Comment.objects.filter(
                author_id__in=sorted({i.leader_id for i in items}),
                post_id__in=sorted({i.post_id for i in items}),
                deleted_at__isnull=True,
                created_at__gte=since,
            )
            .values_list("author_id", "post_id", "created_at")
            .order_by("created_at")
        ):
            replies[(author_id, post_id)].append(at)
    waits: dict[int, list[float]] = defaultdict(list)
    asked: dict[int, int] = defaultdict(int)
    for item in items:
        asked[item.leader_id] += 1
        times = replies.get((item.leader_id, item.post_id), [])
        first = bisect.bisect_right(times, item.at)
        if first < len(times):
            waits[item.leader_id].append((times[first] - item.at).total_seconds())
    result = {}
    for pk in ids:
        answered = len(waits[pk])
        result[pk] = Responsiveness(
            median_first_reply_seconds=float(statistics.median(waits[pk])) if answered else None,
            answered_share=answered / asked[pk] if asked[pk] else None,
            asked=asked[pk],
            answered=answered,
        )
    return result


def responsiveness(
    leader: Person, *, days: int = RESPONSIVENESS_DAYS, now: datetime | None = None
) -> Responsiveness:
    """One leader's responsiveness over the last `days` days (see Responsiveness)."""
    return responsiveness_for_many([leader], days=days, now=now)[leader.pk]


# --- Org level ------------------------------------------------------------------------------


def leaders_queryset() -> QuerySet[Person]:
    """Active leaders, with their primary unit."""
    return Person.objects.filter(is_leader=True, is_active=True).select_related("primary_unit")


def _managed_units(leader_ids: Sequence[int]) -> dict[int, OrgUnit]:
    """Each leader's highest managed unit (smallest depth), in one query."""
    top: dict[int, OrgUnit] = {}
    for unit in OrgUnit.objects.filter(manager_id__in=leader_ids).order_by("depth", "path"):
        if unit.manager_id is not None:
            top.setdefault(unit.manager_id, unit)
    return top


def _level(leader: Person, managed: OrgUnit | None) -> int:
    if managed is not None:
        return managed.depth
    if leader.primary_unit is not None:
        return leader.primary_unit.depth
    return NO_LEVEL


def in_unit_q(unit: OrgUnit) -> Q:
    """Leaders of a unit's subtree: they belong to it or manage a unit inside it."""
    managers = OrgUnit.objects.filter(path__startswith=unit.path, manager__isnull=False)
    return Q(primary_unit__path__startswith=unit.path) | Q(pk__in=managers.values("manager_id"))


# --- Leaders corner -------------------------------------------------------------------------


@dataclass
class LeaderCard:
    leader: Person
    unit: OrgUnit | None
    level: int
    latest_post: Post | None
    next_open_hour: OpenHour | None
    responsiveness: Responsiveness
    following: bool


@dataclass
class LevelSection:
    level: int
    cards: list[LeaderCard] = field(default_factory=list)

    @property
    def title(self) -> str:
        if self.level == 0:
            return str(_("Company leadership"))
        if self.level >= NO_LEVEL:
            return str(_("Not placed in the organisation chart"))
        return str(_("Level %(level)s") % {"level": self.level + 1})


def _latest_posts(viewer: Person, leaders: list[Person]) -> dict[int, Post]:
    """Each leader's newest post the viewer may read: one query for ids, one for the posts."""
    newest = (
        Post.objects.filter(permissions.readable_posts_q(viewer), author_id=OuterRef("pk"))
        .order_by("-created_at", "-id")
        .values("pk")[:1]
    )
    ids = [
        pk
        for pk in Person.objects.filter(pk__in=[p.pk for p in leaders])
        .annotate(latest=Subquery(newest))
        .values_list("latest", flat=True)
        if pk is not None
    ]
    if not ids:
        return {}
    return {post.author_id: post for post in posts_visible_to(viewer).filter(pk__in=ids)}


def leaders_corner(viewer: Person, *, unit: OrgUnit | None = None) -> list[LevelSection]:
    """Every active leader (of `unit`'s subtree), grouped by org level, CEO first."""
    qs = leaders_queryset()
    if unit is not None:
        qs = qs.filter(in_unit_q(unit))
    leaders = list(qs.order_by("sort_name", "id"))
    ids = [p.pk for p in leaders]
    managed = _managed_units(ids)
    posts = _latest_posts(viewer, leaders)
    hours = next_open_hours(viewer, leaders)
    scores = responsiveness_for_many(leaders)
    followed = set(
        Follow.objects.filter(follower_id=viewer.pk, person_id__in=ids).values_list(
            "person_id", flat=True
        )
    )
    cards = [
        LeaderCard(
            leader=leader,
            unit=managed.get(leader.pk) or leader.primary_unit,
            level=_level(leader, managed.get(leader.pk)),
            latest_post=posts.get(leader.pk),
            next_open_hour=hours.get(leader.pk),
            responsiveness=scores[leader.pk],
            following=leader.pk in followed,
        )
        for leader in leaders
    ]
    cards.sort(key=lambda c: (c.level, c.unit.path if c.unit else "", c.leader.sort_name))
    sections: list[LevelSection] = []
    for card in cards:
        if not sections or sections[-1].level != card.level:
            sections.append(LevelSection(level=card.level))
        sections[-1].cards.append(card)
    return sections


def leaders_above(person: Person, *, max_hops: int = 20) -> list[Person]:
    """Leaders above a person: the reports-to chain and the managers of their unit's line."""
    found: dict[int, Person] = {}
    seen = {person.pk}
    current = person.reports_to_id
    hops = 0
    while current is not None and current not in seen and hops < max_hops:
        seen.add(current)
        boss = Person.objects.filter(pk=current).first()
        if boss is None:
            break
        if boss.is_leader and boss.is_active:
            found[boss.pk] = boss
        current = boss.reports_to_id
        hops += 1
    from townhall.people.selectors import leaders_of_line

    for manager in leaders_of_line(person):
        found.setdefault(manager.pk, manager)
    return [p for p in found.values() if p.pk != person.pk]


# --- Onboarding -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    why: str
    url: str
    done: bool
    done_at: datetime | None = None


@dataclass
class Onboarding:
    person: Person
    record: LeaderOnboarding | None
    steps: list[Step]

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def done_count(self) -> int:
        return sum(1 for s in self.steps if s.done)

    @property
    def percent(self) -> int:
        return round(100 * self.done_count / self.total) if self.total else 100

    @property
    def is_complete(self) -> bool:
        return self.done_count == self.total

    @property
    def next_step(self) -> Step | None:
        return next((s for s in self.steps if not s.done), None)

    @property
    def show_card(self) -> bool:
        """The home-page card: for leaders who have not finished nor hidden it."""
        dismissed = self.record is not None and self.record.dismissed_at is not None
        return not self.is_complete and not dismissed


STEP_IDS = (
    "profile",
    "unit_groups",
    "first_reaction",
    "first_reply",
    "first_post",
    "first_article",
    "first_open_hour",
    "first_recognition",
)
STEP_TEXT = {
    "profile": (
        _("Add a photo, a bio and what people can ask you about"),
        _("People answer a face and a name; a profile tells them what to ask you."),
    ),
    "unit_groups": (
        _("Join your unit's groups"),
        _("Your team's group is where your people already talk; be where they are."),
    ),
    "first_reaction": (
        _("React to a post"),
        _("A single click tells someone their work was seen by you."),
    ),
    "first_reply": (
        _("Reply to an employee"),
        _("A leader's reply shows that asking here gets an answer."),
    ),
    "first_post": (
        _("Write your first post"),
        _("Sharing what you are working on makes decisions less of a surprise."),
    ),
    "first_article": (
        _("Publish your first article"),
        _("A longer piece explains the why behind the direction you set."),
    ),
    "first_open_hour": (
        _("Schedule an open hour"),
        _("A regular hour for anyone's questions makes you approachable."),
    ),
    "first_recognition": (
        _("Recognise someone's work"),
        _("Public thanks from a leader travels far and costs nothing."),
    ),
}


def _url(name: str, *args: object, fallback: str = "/") -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return fallback


def _step_urls(unit_groups: dict[int, list[Group]], person: Person) -> dict[str, str]:
    groups = unit_groups.get(person.pk, [])
    home = _url("home")
    return {
        "profile": _url("edit_profile"),
        "unit_groups": _url("group_detail", groups[0].slug) if groups else _url("group_list"),
        "first_reaction": home,
        "first_reply": _url("questions_feed"),
        "first_post": home,
        "first_article": home,
        "first_open_hour": _url("openhour_new"),
        "first_recognition": home,
    }


@dataclass
class _Activity:
    first_reaction: datetime | None = None
    first_recognition: datetime | None = None
    first_reply: datetime | None = None
    first_post: datetime | None = None
    first_article: datetime | None = None


def _activity(ids: list[int]) -> dict[int, _Activity]:
    """First reaction, recognition, reply, post and article per person: three grouped queries."""
    found: dict[int, _Activity] = {pk: _Activity() for pk in ids}
    for pk, first, other in (
        Reaction.objects.filter(person_id__in=ids, post__deleted_at__isnull=True)
        .values_list("person_id")
        .annotate(
            first=Min("created_at"),
            other=Min("created_at", filter=~Q(post__author_id=F("person_id"))),
        )
        .order_by()
    ):
        found[pk].first_reaction, found[pk].first_recognition = first, other
    for pk, first in (
        Comment.objects.filter(
            author_id__in=ids,
            deleted_at__isnull=True,
            post__deleted_at__isnull=True,
            post__author__is_leader=False,
        )
        .values_list("author_id")
        .annotate(first=Min("created_at"))
        .order_by()
    ):
        found[pk].first_reply = first
    for pk, first, article in (
        Post.objects.filter(author_id__in=ids, deleted_at__isnull=True)
        .values_list("author_id")
        .annotate(
            first=Min("created_at"),
            article=Min("created_at", filter=Q(kind=PostKind.ARTICLE)),
        )
        .order_by()
    ):
        found[pk].first_post, found[pk].first_article = first, article
    return found


def _unit_groups(
    people: list[Person],
) -> tuple[dict[int, list[Group]], dict[int, datetime | None]]:
    """Each person's unit groups (primary unit and units they manage) and, when they are a
    member of all of them, since when: two queries."""
    ids = [p.pk for p in people]
    id_set = set(ids)
    by_unit: dict[int, set[int]] = defaultdict(set)
    for person in people:
        if person.primary_unit_id is not None:
            by_unit[person.primary_unit_id].add(person.pk)
    groups: dict[int, list[Group]] = defaultdict(list)
    rows = Group.objects.filter(Q(unit__manager_id__in=ids) | Q(unit_id__in=sorted(by_unit)))
    for group in rows.select_related("unit").order_by("unit__depth", "name"):
        unit = group.unit
        if unit is None:
            continue
        owners = set(by_unit.get(unit.pk, set()))
        if unit.manager_id in id_set:
            owners.add(unit.manager_id)
        for pk in owners:
            groups[pk].append(group)
    joined: dict[tuple[int, int], datetime] = {
        (person_id, group_id): created
        for person_id, group_id, created in Membership.objects.filter(
            person_id__in=ids, group_id__in=[g.pk for gs in groups.values() for g in gs]
        ).values_list("person_id", "group_id", "created_at")
    }
    since: dict[int, datetime | None] = {}
    for pk in ids:
        mine = groups.get(pk, [])
        dates = [joined.get((pk, g.pk)) for g in mine]
        complete = bool(mine) and all(d is not None for d in dates)
        since[pk] = max(d for d in dates if d is not None) if complete else None
    return groups, since


def _profile_complete(person: Person) -> bool:
    return bool(person.photo and person.bio.strip() and person.ask_me_about)


def onboarding_for_many(people: list[Person]) -> dict[int, Onboarding]:
    """The onboarding checklist of many leaders, in a fixed number of queries."""
    ids = [p.pk for p in people]
    if not ids:
        return {}
    records = {r.person_id: r for r in LeaderOnboarding.objects.filter(person_id__in=ids)}
    activity = _activity(ids)
    groups, joined = _unit_groups(people)
    open_hours = _open_hour_flags(people)
    result = {}
    for person in people:
        act = activity[person.pk]
        done: dict[str, tuple[bool, datetime | None]] = {
            "profile": (_profile_complete(person), None),
            "unit_groups": (joined[person.pk] is not None, joined[person.pk]),
            "first_reaction": (act.first_reaction is not None, act.first_reaction),
            "first_reply": (act.first_reply is not None, act.first_reply),
            "first_post": (act.first_post is not None, act.first_post),
            "first_article": (act.first_article is not None, act.first_article),
            "first_open_hour": (open_hours.get(person.pk, False), None),
            "first_recognition": (act.first_recognition is not None, act.first_recognition),
        }
        urls = _step_urls(groups, person)
        steps = [
            Step(
                id=step_id,
                title=str(STEP_TEXT[step_id][0]),
                why=str(STEP_TEXT[step_id][1]),
                url=urls[step_id],
                done=done[step_id][0],
                done_at=done[step_id][1],
            )
            for step_id in STEP_IDS
        ]
        result[person.pk] = Onboarding(person=person, record=records.get(person.pk), steps=steps)
    return result


def onboarding_for(person: Person | AnonymousUser) -> Onboarding | None:
    """A leader's onboarding checklist read from their activity; None for anyone else."""
    if not leadership_permissions.is_active_leader(person) or not isinstance(person, Person):
        return None
    return onboarding_for_many([person])[person.pk]


# --- Coaching board -------------------------------------------------------------------------


@dataclass
class CoachingRow:
    leader: Person
    unit: OrgUnit | None
    onboarding: Onboarding
    last_activity: datetime | None
    responsiveness: Responsiveness
    latest_nudge: Nudge | None


COACHING_SORTS = ("progress", "-progress", "activity", "-activity", "name")


def _last_activity(ids: list[int]) -> dict[int, datetime | None]:
    """Latest post, comment or reaction time per person: three grouped queries."""
    latest: dict[int, datetime | None] = dict.fromkeys(ids)

    def keep(rows: Iterable[tuple[int, datetime | None]]) -> None:
        for pk, at in rows:
            current = latest.get(pk)
            if at is not None and (current is None or at > current):
                latest[pk] = at

    keep(
        Post.objects.filter(author_id__in=ids, deleted_at__isnull=True)
        .values_list("author_id")
        .annotate(at=Max("created_at"))
        .order_by()
    )
    keep(
        Comment.objects.filter(author_id__in=ids, deleted_at__isnull=True)
        .values_list("author_id")
        .annotate(at=Max("created_at"))
        .order_by()
    )
    keep(
        Reaction.objects.filter(person_id__in=ids)
        .values_list("person_id")
        .annotate(at=Max("created_at"))
        .order_by()
    )
    return latest


def _latest_nudges(ids: list[int]) -> dict[int, Nudge]:
    newest = Nudge.objects.filter(leader_id=OuterRef("leader_id")).order_by("-created_at", "-id")
    rows = Nudge.objects.filter(leader_id__in=ids, pk=Subquery(newest.values("pk")[:1]))
    return {n.leader_id: n for n in rows.select_related("sent_by")}


def coaching_board(
    viewer: Person, *, unit: OrgUnit | None = None, sort: str = "progress"
) -> list[CoachingRow]:
    """Every leader with progress, last activity, responsiveness and latest nudge."""
    if not leadership_permissions.can_coach(viewer):
        return []
    qs = leaders_queryset()
    if unit is not None:
        qs = qs.filter(in_unit_q(unit))
    leaders = list(qs.order_by("sort_name", "id"))
    ids = [p.pk for p in leaders]
    managed = _managed_units(ids)
    onboardings = onboarding_for_many(leaders)
    activity = _last_activity(ids)
    scores = responsiveness_for_many(leaders)
    nudges = _latest_nudges(ids)
    rows = [
        CoachingRow(
            leader=leader,
            unit=managed.get(leader.pk) or leader.primary_unit,
            onboarding=onboardings[leader.pk],
            last_activity=activity.get(leader.pk),
            responsiveness=scores[leader.pk],
            latest_nudge=nudges.get(leader.pk),
        )
        for leader in leaders
    ]
    return _sorted_rows(rows, sort)


def _sorted_rows(rows: list[CoachingRow], sort: str) -> list[CoachingRow]:
    epoch = datetime.min.replace(tzinfo=timezone.get_current_timezone())
    if sort in ("activity", "-activity"):
        rows.sort(key=lambda r: r.leader.sort_name)
        rows.sort(key=lambda r: r.last_activity or epoch, reverse=sort == "-activity")
    elif sort == "name":
        rows.sort(key=lambda r: r.leader.sort_name)
    else:
        rows.sort(key=lambda r: r.leader.sort_name)
        rows.sort(key=lambda r: r.onboarding.done_count, reverse=sort == "-progress")
    return rows


# --- Nudges and drafts ----------------------------------------------------------------------


def nudges_for(leader: Person, *, limit: int = 20) -> list[Nudge]:
    return list(Nudge.objects.filter(leader=leader).select_related("sent_by")[:limit])


def access_leader(viewer: Person | AnonymousUser, pk: int) -> Person:
    """An active leader by id, for coaching actions; 404 otherwise."""
    if not permissions.is_signed_in(viewer):
        raise Http404
    leader = leaders_queryset().filter(pk=pk).first()
    if leader is None:
        raise Http404
    return leader


def _drafts() -> QuerySet[DraftPost]:
    return DraftPost.objects.select_related("leader", "prepared_by", "group", "published_post")


def pending_drafts_for(leader: Person) -> QuerySet[DraftPost]:
    """Drafts waiting for this leader's decision, newest first."""
    return (
        _drafts()
        .filter(leader_id=leader.pk, status=DraftStatus.PENDING)
        .order_by("-created_at", "-id")
    )


def drafts_visible_to(viewer: Person | AnonymousUser) -> QuerySet[DraftPost]:
    """Drafts the viewer may see: their own as leader or preparer; all for community managers."""
    if not permissions.is_signed_in(viewer):
        return DraftPost.objects.none()
    qs = _drafts().order_by("-created_at", "-id")
    if leadership_permissions.can_coach(viewer):
        return qs
    return qs.filter(Q(leader_id=viewer.pk) | Q(prepared_by_id=viewer.pk))


def access_draft(viewer: Person | AnonymousUser, pk: int) -> DraftPost:
    """A draft the viewer may see, or 404 (never revealing that it exists)."""
    draft = _drafts().filter(pk=pk).first()
    if draft is None or not leadership_permissions.can_view_draft(viewer, draft):
        raise Http404
    return draft
