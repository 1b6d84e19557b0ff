"""The demo community: groups, posts, comments, reactions, mentions, topics and follows.

`build_conversations()` runs after the people build and `sync_unit_groups()`. It first plans every
post with its comments and reactions from one `random.Random` seeded by the demo seed, then
writes the plan in time order through the real group and conversation services, so the demo
exercises the same permission checks, Markdown rendering, mentions and listeners people do.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.test import override_settings
from django.utils import timezone

from townhall.conversations import demo_data
from townhall.conversations.demo_data import GroupSpec
from townhall.conversations.models import (
    Acknowledgement,
    Comment,
    Follow,
    Mention,
    Post,
    PostKind,
    Reaction,
    ReactionKind,
    Topic,
)
from townhall.conversations.services import (
    accept_answer,
    acknowledge,
    add_comment,
    follow_group,
    follow_person,
    follow_topic,
    publish_post,
    toggle_reaction,
)
from townhall.groups.models import Group, MemberRole, Membership, Visibility
from townhall.groups.services import (
    answer_group_invitation,
    company_group,
    create_group,
    invite_to_group,
    join_group,
    set_member_role,
)
from townhall.people.demo import DemoConfig, DemoOrganisation
from townhall.people.demo_data import NATIVE_LANGUAGE
from townhall.people.models import OrgUnit, Person

# Office hours in the company's home time zone; posts cluster around them.
HOME_ZONE = ZoneInfo("Europe/Amsterdam")
HOURS = (7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21)
HOUR_WEIGHTS = (1, 4, 9, 8, 6, 5, 8, 7, 6, 5, 3, 2, 1, 1, 1)
REACTION_KINDS = {
    "default": ((ReactionKind.LIKE, 60), (ReactionKind.CELEBRATE, 14), (ReactionKind.SUPPORT, 8),
                (ReactionKind.INSIGHTFUL, 12), (ReactionKind.CURIOUS, 6)),
    PostKind.ARTICLE: ((ReactionKind.LIKE, 40), (ReactionKind.INSIGHTFUL, 40),
                       (ReactionKind.SUPPORT, 12), (ReactionKind.CURIOUS, 8)),
    PostKind.ANNOUNCEMENT: ((ReactionKind.LIKE, 45), (ReactionKind.CELEBRATE, 30),
                            (ReactionKind.SUPPORT, 15), (ReactionKind.INSIGHTFUL, 10)),
    PostKind.QUESTION: ((ReactionKind.CURIOUS, 50), (ReactionKind.LIKE, 40),
                        (ReactionKind.SUPPORT, 10)),
}  # fmt: skip
# Announcements, oldest first, this many days before "now".
ANNOUNCEMENT_AGES = (58, 41, 12, 4)


@dataclass(frozen=True)
class ConversationConfig:
    """How much conversation to generate; `now` pins the timeline (tests), else the clock."""

    posts_per_person: float = 2.4  # 600 posts for the default 250 people
    days: int = 60
    now: datetime | None = None


@dataclass
class CommentPlan:
    author: Person
    body: str
    when: datetime
    replies: list[tuple[Person, str, datetime]] = field(default_factory=list)


@dataclass
class PostPlan:
    author: Person
    group: Group
    kind: str
    body: str
    language: str
    when: datetime
    title: str = ""
    pinned: bool = False
    must_read: bool = False
    comments: list[CommentPlan] = field(default_factory=list)
    accept_first: bool = False
    reactions: list[tuple[Person, str, datetime]] = field(default_factory=list)
    acknowledgers: list[tuple[Person, datetime]] = field(default_factory=list)


@dataclass
class DemoCommunity:
    """What `build_conversations` wrote, for the command's summary."""

    groups: list[Group]
    posts: int
    comments: int
    reactions: int
    mentions: int
    topics: int
    follows: int
    seconds: float


def _weighted(rng: random.Random, options: Sequence[tuple[str, float]]) -> str:
    return rng.choices([o for o, _w in options], weights=[w for _o, w in options])[0]


class _Builder:
    """Draws every choice from one seeded generator in a fixed order; writes through services."""

    def __init__(
        self, org: DemoOrganisation, config: DemoConfig, conversations: ConversationConfig
    ) -> None:
        # A stream of its own, so adding conversation content never changes who the people are.
        self.rng = random.Random(f"{config.seed}:conversations")  # noqa: S311 - not for secrets
        self.cfg = conversations
        self.now = (conversations.now or timezone.now()).replace(microsecond=0)
        # Fresh rows: the people build's objects predate leader flags and group memberships.
        fresh = Person.objects.select_related("primary_unit").in_bulk([p.pk for p in org.people])
        self.people = [fresh[p.pk] for p in org.people]  # plan order, never database order
        self.by_email = {p.email: p for p in self.people}
        self.units: dict[int, OrgUnit] = {u.pk: u for u in OrgUnit.objects.all()}
        self.company = company_group()
        self.unit_group = {g.unit_id: g for g in Group.objects.filter(unit__isnull=False)}
        # The root unit's group holds everyone, like the company group; people post company-wide
        # in the company group, so the demo treats the two as one.
        for unit in self.units.values():
            if unit.parent_id is None and unit.pk in self.unit_group:
                self.unit_group[unit.pk] = self.company
        self.members: dict[int, list[Person]] = {}  # group id → members, in plan order
        for person in self.people:
            for unit_id in self._unit_chain(person):
                self.members.setdefault(self.unit_group[unit_id].pk, []).append(person)
        self.leaders = [p for p in self.people if p.is_leader]
        self.interest: dict[str, Group] = {}
        self.timestamps: dict[type, list[tuple[int, datetime]]] = {}

    # --- Helpers.

    def _unit_chain(self, person: Person) -> list[int]:
        unit = self.units.get(person.primary_unit_id or 0)
        return [*unit.ancestor_ids(), unit.pk] if unit else []

    def _team(self, person: Person) -> list[Person]:
        unit_id = person.primary_unit_id or 0
        group = self.unit_group.get(unit_id)
        return [p for p in self.members.get(group.pk, []) if p.pk != person.pk] if group else []

    def _language(self, person: Person, *, wide: bool) -> str:
        """People write in their own language in their team, more often English company-wide."""
        native = NATIVE_LANGUAGE.get(person.country, "en")
        if native == "en" or person.preferred_language == "en":
            return "en"
        return "en" if self.rng.random() < (0.6 if wide else 0.2) else native

    def _mention(self, author: Person, group: Group | None) -> str:
        """A teammate mostly; inside a private or secret group only someone who can read it."""
        team = self._team(author)
        pool = team if team and self.rng.random() < 0.8 else self.people
        if group is not None and group.visibility != Visibility.OPEN:
            pool = self._readers(group)
        others = [p for p in pool if p.pk != author.pk] or [author]
        return f"@{self.rng.choice(others).handle}"

    def _fill(self, template: str, author: Person, group: Group | None = None) -> str:
        unit = self.units.get(author.primary_unit_id or 0)
        mention = self._mention(author, group) if "{mention}" in template else ""
        return template.format(mention=mention, unit=unit.name if unit else "")

    def _when(self, *, max_age: float | None = None, min_age: float = 0.02) -> datetime:
        """A moment in the window: more recent days busier, weekdays and office hours favoured."""
        days = max_age if max_age is not None else self.cfg.days
        age = min_age + (days - min_age) * self.rng.random() ** 1.3
        day = (self.now - timedelta(days=age)).astimezone(HOME_ZONE)
        slide = self.rng.random() < 0.85  # drawn every time: the stream must not depend on now
        if day.weekday() >= 5 and slide:
            day -= timedelta(days=day.weekday() - 4)  # weekend posts mostly slide to Friday
        hour = self.rng.choices(HOURS, weights=HOUR_WEIGHTS)[0]
        local = day.replace(
            hour=hour, minute=self.rng.randrange(60), second=self.rng.randrange(60), microsecond=0
        )
        return min(local.astimezone(UTC), self.now - timedelta(minutes=5))

    def _later(self, after: datetime, *, median_hours: float = 2.0) -> datetime:
        """A reply to something posted at `after`: minutes to a day later, never in the future."""
        delay = timedelta(hours=self.rng.expovariate(0.693 / median_hours))
        return min(after + delay + timedelta(minutes=2), self.now - timedelta(seconds=30))

    def _readers(self, group: Group) -> list[Person]:
        return self.people if group.is_company else self.members.get(group.pk, [])

    def _activity(self) -> dict[int, float]:
        """How much each person posts: a long tail, some never do, leaders show up more."""
        weights = {}
        for person in self.people:
            if self.rng.random() < 0.22:
                weights[person.pk] = 0.0
            else:
                weights[person.pk] = min(8.0, self.rng.paretovariate(1.6))
            if person.is_leader:
                weights[person.pk] = 2.5 * max(weights[person.pk], 1.0)
        for email in ("ceo@demo.townhall.example", "comms@demo.townhall.example"):
            if email in self.by_email:
                weights[self.by_email[email].pk] = 6.0
        return weights

    def _stamp(self, model: type, pk: int, when: datetime) -> None:
        self.timestamps.setdefault(model, []).append((pk, when))

    # --- Groups.

    def _creator(self, spec: GroupSpec) -> Person:
        kind, _sep, value = spec.creator.partition(":")
        if spec.creator in self.by_email:
            return self.by_email[spec.creator]
        if kind == "title":
            matches = [p for p in self.people if p.job_title == value]
        else:
            matches = [p for p in self.people if value in p.ask_me_about and not p.is_leader]
        return self.rng.choice(matches or self.people)

    def _wanted_members(self, spec: GroupSpec, creator: Person) -> list[Person]:
        rng = self.rng
        if spec.key == "leadership":
            chosen = [
                p
                for p in self.leaders
                if (unit := self.units.get(p.primary_unit_id or 0)) is not None
                and unit.kind in ("company", "division", "department")
                and unit.manager_id == p.pk
            ]
            chosen += [p for p in self.people if p.is_community_manager]
        elif spec.key == "hrbp":
            chosen = [
                p
                for p in self.people
                if p.job_title in ("HR Director", "HR Business Partner", "HR Advisor")
            ]
        elif spec.key == "aurora":
            chosen = [p for p in self.people if p.job_title in demo_data.AURORA_TITLES]
        else:
            chosen = []
            for person in self.people:
                unit = self.units.get(person.primary_unit_id or 0)
                keen = unit is not None and unit.name in spec.keen_units
                share = spec.share * (4 if keen else 1)
                if rng.random() < share:
                    chosen.append(person)
        return [p for p in dict.fromkeys(chosen) if p.pk != creator.pk]

    def build_groups(self) -> list[Group]:
        for spec in demo_data.INTEREST_GROUPS:
            creator = self._creator(spec)
            group = create_group(
                actor=creator,
                name=spec.name,
                description=spec.description,
                visibility=spec.visibility,
            )
            members = self._wanted_members(spec, creator)
            for person in members:
                if spec.visibility == Visibility.OPEN:
                    join_group(person=person, group=group)
                else:  # private and secret groups grow by invitation only
                    invitation = invite_to_group(actor=creator, group=group, person=person)
                    answer_group_invitation(person=person, invitation=invitation, accept=True)
            if members:
                co_admin = self.rng.choice(members)
                set_member_role(actor=creator, group=group, person=co_admin, role=MemberRole.ADMIN)
            self.members[group.pk] = [creator, *members]
            self.interest[spec.key] = group
        # Groups were started before the window the posts cover; the service stamps now.
        for group in self.interest.values():
            started = self.now - timedelta(days=self.cfg.days + self.rng.randint(5, 300))
            Group.objects.filter(pk=group.pk).update(created_at=started)
            group.created_at = started
            for membership in Membership.objects.filter(group=group).order_by("pk").only("id"):
                joined = started + (self.now - started) * self.rng.random() ** 2
                self._stamp(Membership, membership.pk, min(joined, self.now))
        return list(self.interest.values())

    # --- Planning posts.

    def _article(self, author: Person, group: Group, when: datetime) -> PostPlan:
        language = self._language(author, wide=group.is_company)
        title, body = self.rng.choice(demo_data.ARTICLES[language])
        week = str(when.isocalendar().week)
        return PostPlan(
            author=author,
            group=group,
            kind=PostKind.ARTICLE,
            title=title.format(week=week),
            body=body,
            language=language,
            when=when,
        )

    def _group_post(self, spec: GroupSpec, template: str) -> PostPlan:
        group = self.interest[spec.key]
        author = self.rng.choice(self.members[group.pk])
        body = self._fill(template, author, group)
        return PostPlan(author, group, PostKind.UPDATE, body, "en", self._when())

    def plan_posts(self) -> list[PostPlan]:
        rng, cfg = self.rng, self.cfg
        total = max(20, round(len(self.people) * cfg.posts_per_person))
        plans: list[PostPlan] = []

        for (email, title, body, must_read), age in zip(
            demo_data.ANNOUNCEMENTS, ANNOUNCEMENT_AGES, strict=True
        ):
            author = self.by_email.get(email) or self.leaders[0]
            when = (self.now - timedelta(days=age)).astimezone(HOME_ZONE).replace(hour=9)
            plans.append(
                PostPlan(
                    author=author,
                    group=self.company,
                    kind=PostKind.ANNOUNCEMENT,
                    title=title,
                    body=body,
                    language="en",
                    when=min(when.astimezone(UTC), self.now - timedelta(hours=1)),
                    pinned=must_read,
                    must_read=must_read,
                )
            )

        # Weekly blogs: the CEO every Friday, division heads every other week, a few more
        # leaders now and then in their own unit's group.
        ceo = self.by_email.get("ceo@demo.townhall.example")
        heads = [
            p
            for p in self.leaders
            if (u := self.units.get(p.primary_unit_id or 0)) and u.kind == "division"
        ]
        for week in range(cfg.days // 7):
            friday = self.now - timedelta(days=(self.now.weekday() - 4) % 7 + 7 * week)
            at = friday.astimezone(HOME_ZONE).replace(hour=15, minute=rng.randrange(50))
            at_utc = min(at.astimezone(UTC), self.now - timedelta(hours=1))
            if ceo is not None:
                plans.append(self._article(ceo, self.company, at_utc))
            for i, head in enumerate(heads):
                if (week + i) % 2 == 0:
                    group = self.unit_group.get(head.primary_unit_id or 0, self.company)
                    when = at_utc - timedelta(days=rng.randint(1, 3), hours=rng.randint(0, 5))
                    plans.append(self._article(head, group, when))
        others = [p for p in self.leaders if p not in heads and p != ceo]
        for author in rng.sample(others, k=min(len(others), max(2, len(others) // 4))):
            group = self.unit_group.get(author.primary_unit_id or 0, self.company)
            plans.append(self._article(author, group, self._when()))

        weights = self._activity()
        posters = [p for p in self.people if weights[p.pk] > 0]
        poster_weights = [weights[p.pk] for p in posters]
        interest_specs = [s for s in demo_data.INTEREST_GROUPS if s.key in self.interest]
        # Every group shows some life, however small the organisation.
        for spec in interest_specs:
            for template in rng.sample(spec.posts, k=min(2, len(spec.posts))):
                plans.append(self._group_post(spec, template))
        remaining = max(0, total - len(plans))
        for _i in range(remaining):
            roll = rng.random()
            if roll < 0.12 and interest_specs:
                spec = rng.choices(interest_specs, weights=[s.weight for s in interest_specs])[0]
                plans.append(self._group_post(spec, rng.choice(spec.posts)))
                continue
            author = rng.choices(posters, weights=poster_weights)[0]
            chain = self._unit_chain(author)
            where = rng.random()
            if where < 0.68 and chain:
                group = self.unit_group[chain[-1]]
            elif where < 0.82 and len(chain) > 1:
                group = self.unit_group[chain[-2]]
            else:
                group = self.company
            language = self._language(author, wide=group.is_company or group.unit_id == chain[0])
            if roll < 0.34:
                question, answers = rng.choice(demo_data.QUESTIONS[language])
                if not answers:  # open questions are the minority: draw again, once
                    question, answers = rng.choice(demo_data.QUESTIONS[language])
                plan = PostPlan(
                    author, group, PostKind.QUESTION, self._fill(question, author, group), language,
                    self._when(),
                )  # fmt: skip
                self._plan_answers(plan, answers)
                plans.append(plan)
            else:
                body = self._fill(rng.choice(demo_data.UPDATES[language]), author, group)
                plans.append(PostPlan(author, group, PostKind.UPDATE, body, language, self._when()))

        for plan in plans:
            self._plan_reactions_and_comments(plan)
        plans.sort(key=lambda p: p.when)
        return plans

    def _plan_answers(self, plan: PostPlan, answers: tuple[str, ...]) -> None:
        """Most answerable questions get answered (leaders among the answerers); some stay open."""
        rng = self.rng
        if not answers or rng.random() < 0.15:
            return
        readers = [p for p in self._readers(plan.group) if p.pk != plan.author.pk]
        leaders = [p for p in readers if p.is_leader]
        when = plan.when
        for answer in answers:
            pool = leaders if leaders and rng.random() < 0.35 else readers
            if not pool:
                return
            when = self._later(when, median_hours=1.5)
            plan.comments.append(CommentPlan(rng.choice(pool), answer, when))
        plan.accept_first = rng.random() < 0.7

    def _plan_reactions_and_comments(self, plan: PostPlan) -> None:
        rng = self.rng
        readers = [p for p in self._readers(plan.group) if p.pk != plan.author.pk]
        if not readers:
            return
        if plan.kind == PostKind.ANNOUNCEMENT:
            n_reactions, n_comments = rng.randint(25, 70), rng.randint(4, 10)
        elif plan.kind == PostKind.ARTICLE:
            n_reactions, n_comments = rng.randint(8, 35), rng.randint(2, 7)
        elif plan.kind == PostKind.QUESTION:
            n_reactions, n_comments = rng.randint(0, 4), 0
        else:
            n_reactions = min(30, int(rng.expovariate(1 / 6)))
            n_comments = min(8, int(rng.expovariate(1 / 1.4)))
        # Leaders' posts draw more: the effect the product sets out to show.
        if plan.author.is_leader and plan.kind == PostKind.UPDATE:
            n_reactions, n_comments = n_reactions * 2 + 3, n_comments + 2
        kinds = REACTION_KINDS.get(plan.kind, REACTION_KINDS["default"])
        for person in rng.sample(readers, k=min(n_reactions, len(readers))):
            plan.reactions.append(
                (person, _weighted(rng, kinds), self._later(plan.when, median_hours=5))
            )
        lang = plan.language
        for person in rng.sample(readers, k=min(n_comments, len(readers))):
            body = self._fill(rng.choice(demo_data.COMMENTS[lang]), person, plan.group)
            comment = CommentPlan(person, body, self._later(plan.when, median_hours=3))
            if rng.random() < 0.25:
                reply = rng.choice(demo_data.REPLIES[lang])
                comment.replies.append((plan.author, reply, self._later(comment.when)))
            plan.comments.append(comment)
        plan.comments.sort(key=lambda c: c.when)
        if plan.must_read:
            for person in rng.sample(readers, k=int(len(readers) * 0.55)):
                plan.acknowledgers.append((person, self._later(plan.when, median_hours=20)))

    # --- Writing.

    def write_post(self, plan: PostPlan) -> Post:
        post = publish_post(
            author=plan.author,
            group=plan.group,
            kind=plan.kind,
            title=plan.title,
            body=plan.body,
            language=plan.language,
            pinned=plan.pinned,
            must_read=plan.must_read,
        )
        # The service stamps "now" (people post in the present); the demo needs a history, and
        # one update per post is the cheapest way to give it one. Listeners run after commit
        # and get this same object, so they see the historical time too.
        Post.objects.filter(pk=post.pk).update(created_at=plan.when)
        post.created_at = plan.when
        first: Comment | None = None
        for planned in plan.comments:
            comment = add_comment(author=planned.author, post=post, body=planned.body)
            comment.created_at = planned.when
            self._stamp(Comment, comment.pk, planned.when)
            first = first or comment
            for author, body, when in planned.replies:
                reply = add_comment(author=author, post=post, body=body, parent=comment)
                reply.created_at = when
                self._stamp(Comment, reply.pk, when)
        if plan.accept_first and first is not None:
            accept_answer(actor=plan.author, post=post, comment=first)
        for person, kind, _when in plan.reactions:
            toggle_reaction(person=person, post=post, kind=kind)
        for person, _when in plan.acknowledgers:
            acknowledge(person=person, post=post)
        # Reactions and receipts come back without their rows; one query per post finds them.
        if plan.reactions:
            reacted = {person.pk: when for person, _kind, when in plan.reactions}
            for pk, person_id in Reaction.objects.filter(post=post).values_list("id", "person_id"):
                self._stamp(Reaction, pk, reacted[person_id])
        if plan.acknowledgers:
            read = {person.pk: when for person, when in plan.acknowledgers}
            rows = Acknowledgement.objects.filter(post=post).values_list("id", "person_id")
            for pk, person_id in rows:
                self._stamp(Acknowledgement, pk, read[person_id])
        return post

    def build_follows(self) -> int:
        """People follow their manager, leaders, a few colleagues, open groups and #topics."""
        rng = self.rng
        topics = list(Topic.objects.order_by("slug"))
        popular = sorted(topics, key=lambda t: t.slug)
        open_groups = [g for g in self.interest.values() if g.visibility == Visibility.OPEN]
        follows = 0
        for person in self.people:
            targets: list[Person] = []
            if person.reports_to_id and rng.random() < 0.45:
                targets += [p for p in self.people if p.pk == person.reports_to_id]
            targets += [p for p in rng.sample(self.leaders, k=min(2, len(self.leaders)))
                        if rng.random() < 0.4]  # fmt: skip
            team = self._team(person)
            targets += rng.sample(team, k=min(len(team), rng.randint(0, 3)))
            for target in dict.fromkeys(targets):
                if target.pk != person.pk:
                    self._stamp(Follow, follow_person(follower=person, person=target).pk,
                                self._when())  # fmt: skip
                    follows += 1
            mine = set(g.pk for g in open_groups if person in self.members.get(g.pk, []))
            for group in rng.sample(open_groups, k=min(len(open_groups), rng.randint(0, 2))):
                if group.pk not in mine:
                    self._stamp(Follow, follow_group(follower=person, group=group).pk,
                                self._when())  # fmt: skip
                    follows += 1
            if popular and rng.random() < 0.6:
                for topic in rng.sample(popular, k=min(len(popular), rng.randint(1, 3))):
                    self._stamp(Follow, follow_topic(follower=person, topic=topic).pk,
                                self._when())  # fmt: skip
                    follows += 1
        return follows

    def apply_timestamps(self) -> None:
        """Give comments, reactions, receipts, follows and mentions their historical times.

        The services stamp "now"; one bulk update per table afterwards is far cheaper than an
        update per row, and mentions simply take the time of the post or comment they are in.
        """
        for model, rows in self.timestamps.items():
            objects = [model(pk=pk, created_at=when) for pk, when in rows]
            model.objects.bulk_update(objects, ["created_at"], batch_size=500)  # type: ignore[attr-defined]
        Mention.objects.filter(comment__isnull=True).update(
            created_at=Subquery(
                Post.objects.filter(pk=OuterRef("post_id")).values("created_at")[:1]
            )
        )
        Mention.objects.filter(comment__isnull=False).update(
            created_at=Subquery(
                Comment.objects.filter(pk=OuterRef("comment_id")).values("created_at")[:1]
            )
        )


def rate_limits_for_demo() -> dict[str, tuple[int, int]]:
    """Limits the build cannot hit, in one-second windows.

    The services limit each person per hour; the CEO alone writes dozens of posts in the build.
    A one-second window also means the build's counters expire at once, so the demo accounts
    are not rate-limited when someone signs in right after `townhall demo`.
    """
    return {action: (1_000_000, 1) for action in settings.TOWNHALL_RATE_LIMITS}


def _history_is_not_news() -> None:
    """Two months of demo conversation must not arrive as hundreds of emails at first start.

    The notifications stay (the bell shows them); marking them emailed turns the queued email
    tasks into no-ops and keeps them out of the first digest.
    """
    from townhall.notifications.models import Notification

    Notification.objects.filter(emailed_at__isnull=True).update(emailed_at=timezone.now())


def build_conversations(
    org: DemoOrganisation, config: DemoConfig, conversations: ConversationConfig | None = None
) -> DemoCommunity:
    """Fill the demo organisation with groups and two months of conversation, in one transaction."""
    started = time.perf_counter()
    with override_settings(TOWNHALL_RATE_LIMITS=rate_limits_for_demo()), transaction.atomic():
        builder = _Builder(org, config, conversations or ConversationConfig())
        groups = builder.build_groups()
        plans = builder.plan_posts()
        comments = reactions = 0
        for plan in plans:
            builder.write_post(plan)
            comments += sum(1 + len(c.replies) for c in plan.comments)
            reactions += len(plan.reactions)
        follows = builder.build_follows()
        builder.apply_timestamps()
        mentions = Mention.objects.count()
        topics = Topic.objects.count()
        # Runs after the listeners' own after-commit callbacks, which create the notifications.
        transaction.on_commit(_history_is_not_news)
    return DemoCommunity(
        groups=groups,
        posts=len(plans),
        comments=comments,
        reactions=reactions,
        mentions=mentions,
        topics=topics,
        follows=follows,
        seconds=time.perf_counter() - started,
    )


def posts_digest_rows() -> list[tuple[str, str, str, str, date]]:
    """What makes the demo's posts recognisable: author, group, kind, opening words, day."""
    rows = [
        (email, slug, kind, body[:40], created_at.astimezone(UTC).date())
        for email, slug, kind, body, created_at in Post.objects.values_list(
            "author__email", "group__slug", "kind", "body", "created_at"
        )
    ]
    return sorted(rows)  # sorted here: database order is not part of the demo
