"""The openhours part of the demo organisation, built through the real services.

The CEO's weekly open hour, linked to her latest blog articles: two past sessions with answered
questions (one asked anonymously) and their summary posts, and next week's session with
questions, votes and an anonymous question waiting for the community manager. A division head
holds a session for their own division. The services stamp "now"; afterwards the past sessions
are moved back in time with a few bulk updates, as the conversations demo does.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db.models import F
from django.test import override_settings
from django.utils import timezone

from townhall.conversations.demo import HOME_ZONE, rate_limits_for_demo
from townhall.conversations.models import Post, PostKind
from townhall.groups.models import Group, Membership
from townhall.groups.services import company_group
from townhall.notifications.models import Notification
from townhall.openhours import services
from townhall.openhours.models import OpenHour, Question, Recurrence, Vote
from townhall.people.demo import DemoConfig, DemoOrganisation
from townhall.people.models import Person

CEO = "ceo@demo.townhall.example"
COMMS = "comms@demo.townhall.example"
MEMBER = "member@demo.townhall.example"

PAST_SESSIONS = [
    [
        (
            "How will the new pricing model affect our existing customers?",
            False,
            "Existing contracts keep their price until renewal. After that we move customers over "
            "in steps, and every account manager gets a calculator to show the difference.",
        ),
        (
            "Are we still hiring in the Nordics this year?",
            False,
            "Yes: twelve open roles in Oslo and Stockholm, mostly in engineering and support.",
        ),
        (
            "Why did the bonus scheme change without any explanation?",
            True,
            "Fair question, and you are right that we explained it badly. The scheme now rewards "
            "team results instead of individual targets; HR will host a session on it next week.",
        ),
        ("Can we get a proper budget for team events again?", False, ""),
    ],
    [
        (
            "What did you learn from the customer visits in Rotterdam?",
            False,
            "That our customers care more about reliable delivery than about new features. We "
            "will put more of next quarter's roadmap into quality.",
        ),
        (
            "Is the office move to the new building still happening in June?",
            False,
            "It moves to September: the building needs more work than we thought.",
        ),
        (
            "Is it true that the warehouse teams will be outsourced?",
            True,
            "No. There are no plans to outsource the warehouse teams.",
        ),
    ],
]
UPCOMING = [
    ("What are the three priorities for the second half of the year?", False),
    ("Will we keep the hybrid working policy as it is?", False),
    ("How do we make sure the new ERP system does not slow down order handling?", False),
    ("Why are we cutting training budgets while profits are up?", True),
]
PENDING = "Will there be layoffs after the merger talks we keep hearing about?"
UNIT_QUESTIONS = [
    "How will the reorganisation of the support teams work in practice?",
    "Can we get more time for learning and certifications?",
    "When do we get the new laptops we were promised?",
]


def _thursday(now: datetime, weeks: int) -> datetime:
    """Thursday 15:00 in the head office's time zone, `weeks` weeks from this week's."""
    local = now.astimezone(HOME_ZONE)
    thursday = local + timedelta(days=(3 - local.weekday()) + 7 * weeks)
    return thursday.replace(hour=15, minute=0, second=0, microsecond=0)


class _Builder:
    def __init__(self, org: DemoOrganisation, config: DemoConfig) -> None:
        self.rng = random.Random(f"{config.seed}:openhours")  # noqa: S311 - not for secrets
        self.now = timezone.now().replace(microsecond=0)
        fresh = Person.objects.in_bulk([p.pk for p in org.people])
        self.people = [fresh[p.pk] for p in org.people]
        self.by_email = {p.email: p for p in self.people}

    def _askers(self, group: Group, count: int, *, exclude: set[int]) -> list[Person]:
        if group.is_company:
            pool = self.people
        else:
            members = set(Membership.objects.filter(group=group).values_list("person", flat=True))
            pool = [p for p in self.people if p.pk in members]
        pool = [p for p in pool if p.pk not in exclude and p.is_active]
        return self.rng.sample(pool, k=min(count, len(pool)))

    def _schedule(self, host: Person, actor: Person, **fields: object) -> OpenHour:
        start = self.now + timedelta(days=1)
        return services.schedule_open_hour(
            actor=actor,
            host=host,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            **fields,  # type: ignore[arg-type]
        )

    def _ask_all(
        self, open_hour: OpenHour, questions: list[tuple[str, bool]], comms: Person
    ) -> list[Question]:
        askers = self._askers(
            open_hour.audience, len(questions), exclude={open_hour.host_id, comms.pk}
        )
        asked = []
        for (text, anonymous), person in zip(questions, askers, strict=False):
            question = services.ask_question(
                author=person, open_hour=open_hour, text=text, anonymous=anonymous
            )
            if anonymous:
                question = services.screen_question(actor=comms, question=question, approve=True)
            asked.append(question)
        voters = self._askers(open_hour.audience, 24, exclude={open_hour.host_id})
        for voter in voters:
            for question in self.rng.sample(asked, k=self.rng.randint(1, min(2, len(asked)))):
                if question.author_id != voter.pk:
                    services.vote(person=voter, question=question)
        return asked

    def _move(self, open_hour: OpenHour, start: datetime) -> None:
        """Put a session (built "now") at `start`, with questions asked in the days before."""
        delta = start - open_hour.starts_at
        OpenHour.objects.filter(pk=open_hour.pk).update(
            starts_at=F("starts_at") + delta,
            ends_at=F("ends_at") + delta,
            created_at=start - timedelta(days=6),
        )
        for question in Question.objects.filter(open_hour=open_hour):
            asked = start - timedelta(hours=self.rng.uniform(2, 96))
            answered = start + timedelta(minutes=self.rng.uniform(3, 55))
            Question.objects.filter(pk=question.pk).update(
                created_at=asked,
                screened_at=asked + timedelta(hours=1) if question.screened_at else None,
                answered_at=answered if question.answered_at else None,
            )
        Vote.objects.filter(question__open_hour=open_hour).update(
            created_at=start - timedelta(hours=1)
        )
        # The host read these notices long ago.
        Notification.objects.filter(
            target_type=services.OPEN_HOUR_TARGET, target_id=open_hour.pk
        ).update(created_at=start - timedelta(days=1), read_at=start)

    def past_session(self, ceo: Person, comms: Person, article: Post | None, weeks: int) -> None:
        plan = PAST_SESSIONS[-weeks]
        open_hour = self._schedule(
            ceo,
            ceo,
            title="Thursday open hour with Marieke",
            description="Ask me anything about this week's blog, our plans, or what worries "
            "you. Anonymous questions are welcome.",
            article=article,
        )
        asked = self._ask_all(open_hour, [(text, anon) for text, anon, _a in plan], comms)
        for question, (_text, _anon, answer) in zip(asked, plan, strict=False):
            if answer:
                services.answer_question(actor=ceo, question=question, body=answer)
        self._move(open_hour, _thursday(self.now, -weeks))
        open_hour.refresh_from_db()
        post = services.publish_summary(open_hour=open_hour)
        if post is not None:
            Post.objects.filter(pk=post.pk).update(
                created_at=open_hour.ends_at + timedelta(minutes=7)
            )

    def upcoming_session(self, ceo: Person, comms: Person, article: Post | None) -> OpenHour:
        start = _thursday(self.now, 1)
        open_hour = services.schedule_open_hour(
            actor=comms,
            host=ceo,
            title="Thursday open hour with Marieke",
            description="Bring your questions about this week's blog and anything else.",
            article=article,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            recurrence=Recurrence.WEEKLY,
            occurrences=4,
        )
        asked = self._ask_all(open_hour, UPCOMING, comms)
        member = self.by_email.get(MEMBER)
        if member is not None:
            services.ask_question(
                author=member,
                open_hour=open_hour,
                text="Could the open hour be recorded for colleagues on late shifts?",
            )
            for question in asked[:2]:
                if question.author_id != member.pk:
                    services.vote(person=member, question=question)
        pending_by = self._askers(open_hour.audience, 1, exclude={ceo.pk, comms.pk})
        if pending_by:
            services.ask_question(
                author=pending_by[0], open_hour=open_hour, text=PENDING, anonymous=True
            )
        return open_hour

    def unit_session(self, comms: Person) -> OpenHour | None:
        company = company_group()
        heads = [
            p
            for p in self.people
            if p.is_leader and p.email != CEO and p.primary_unit_id is not None
        ]
        for head in heads:
            group = Group.objects.filter(unit_id=head.primary_unit_id).first()
            if group is None or group.pk == company.pk:
                continue
            if not Membership.objects.filter(group=group, person=head).exists():
                continue
            start = _thursday(self.now, 0) + timedelta(days=5, hours=-4)  # next Tuesday 11:00
            if start <= self.now:
                start += timedelta(weeks=1)
            open_hour = services.schedule_open_hour(
                actor=head,
                host=head,
                title=f"Open hour for {group.name}",
                description="Half an hour for anything on your mind about our unit.",
                audience=group,
                starts_at=start,
                ends_at=start + timedelta(minutes=30),
                allow_anonymous=False,
            )
            questions = [(text, False) for text in UNIT_QUESTIONS]
            self._ask_all(open_hour, questions, comms)
            return open_hour
        return None


def build_demo(org: DemoOrganisation, config: DemoConfig) -> str:
    """Write this app's demo content; returns a one-line summary for `townhall demo` (or "")."""
    builder = _Builder(org, config)
    ceo, comms = builder.by_email.get(CEO), builder.by_email.get(COMMS)
    if ceo is None or comms is None or not ceo.is_leader:
        return ""
    articles = list(
        Post.objects.filter(author=ceo, kind=PostKind.ARTICLE, deleted_at__isnull=True).order_by(
            "-created_at", "-id"
        )[:3]
    )
    blog = [*articles, None, None, None]
    with override_settings(TOWNHALL_RATE_LIMITS=rate_limits_for_demo()):
        builder.past_session(ceo, comms, blog[2], weeks=2)
        builder.past_session(ceo, comms, blog[1], weeks=1)
        builder.upcoming_session(ceo, comms, blog[0])
        unit = builder.unit_session(comms)
    sessions = OpenHour.objects.count()
    questions = Question.objects.count()
    summaries = OpenHour.objects.filter(summary_post__isnull=False).count()
    extra = f", one for {unit.audience.name}" if unit is not None else ""
    return (
        f"{sessions} open hours (the CEO's weekly series{extra}), {questions} questions, "
        f"{summaries} summary posts"
    )
