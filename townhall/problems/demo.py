"""The problems part of the demo organisation, built through the real services.

Eight problems across the company: some still open, some in progress with a helper the
unit's leader @mentioned, some resolved with a note. The services stamp "now"; afterwards
each row gets its historical time, as the conversations demo does, so times to resolution
are realistic (hours to a couple of weeks).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from townhall.conversations.demo import rate_limits_for_demo
from townhall.conversations.models import Comment, Mention, Post
from townhall.conversations.services import add_comment, publish_post
from townhall.groups.models import Group
from townhall.groups.services import company_group
from townhall.people.demo import DemoConfig, DemoOrganisation
from townhall.people.models import OrgUnit, Person
from townhall.problems.models import Problem, ProblemEvent, ProblemStatus
from townhall.problems.services import change_status, create_problem, raise_problem

HOME_ZONE = ZoneInfo("Europe/Amsterdam")
MEMBER_EMAIL = "member@demo.townhall.example"
CEO_EMAIL = "ceo@demo.townhall.example"


@dataclass(frozen=True)
class ProblemSpec:
    """One demo problem; times are hours after it was raised, `days_ago` days before now."""

    unit: str  # the owner unit
    title: str
    body: str
    days_ago: int
    hour: int  # local hour it was raised
    author_email: str = ""  # a fixed demo account; else a member of the owner unit
    raised_by_ceo: bool = False  # the CEO raises an employee's post (the seed's "MD" story)
    helper_comment: str = ""  # the leader's comment; {helper} becomes an @mention
    progress_after: float | None = None
    progress_note: str = ""
    resolve_after: float | None = None
    resolution: str = ""


PROBLEMS = (
    ProblemSpec(
        unit="Platform",
        title="Staging deploys fail every morning around 08:00",
        body="Three mornings in a row the first deploy to staging timed out on the database "
        "migration step. Retrying at 08:30 works. Anyone else seeing this?",
        days_ago=34,
        hour=8,
        helper_comment="{helper} this smells like the nightly backup holding a lock, can you "
        "check the job schedule?",
        progress_after=1.5,
        progress_note="Looking at the backup job's timing.",
        resolve_after=6,
        resolution="The nightly backup ran until 08:10 and held a lock on the orders table. "
        "It now starts at 02:00 and finishes before 04:00.",
    ),
    ProblemSpec(
        unit="Mobile Apps",
        title="Customers can't download return labels in the app",
        body="Since Tuesday's app release, customers on Android get a blank screen when they "
        "tap 'Print return label'. We've had 40+ calls about it in the UK queue today; for now "
        "we email the label by hand.",
        days_ago=3,
        hour=10,
        author_email=MEMBER_EMAIL,
        helper_comment="Thanks for flagging, this is urgent. {helper} can you reproduce it "
        "on the 5.12 build?",
        progress_after=2,
        progress_note="Reproduced on Android 14; a fix is in review.",
    ),
    ProblemSpec(
        unit="Workplace IT",
        title="VPN drops every 30 minutes in the Oslo office",
        body="Since the network change last week the VPN disconnects roughly every half hour "
        "for everyone on the office Wi-Fi in Oslo. At home it is fine.",
        days_ago=6,
        hour=9,
        helper_comment="{helper} could you compare the Oslo firewall's session timeout with "
        "Stockholm's?",
        progress_after=4,
        progress_note="Firewall vendor ticket opened; a workaround profile is on its way.",
    ),
    ProblemSpec(
        unit="Logistics",
        title="Bulky-item delivery slots show as free when the warehouse is full",
        body="Customers book delivery slots for garden furniture that the warehouse can't fill. "
        "We then call them to reschedule, which nobody enjoys.",
        days_ago=2,
        hour=14,
    ),
    ProblemSpec(
        unit="Facilities",
        title="Meeting room screens in Amsterdam don't connect to laptops",
        body="The screens in rooms 3.02 to 3.06 don't detect USB-C laptops any more. We lose "
        "the first ten minutes of every meeting.",
        days_ago=21,
        hour=11,
        helper_comment="{helper} please pick this up with the AV supplier.",
        progress_after=20,
        progress_note="Supplier visit booked for Thursday.",
        resolve_after=74,
        resolution="The docks needed a firmware update; all five rooms are updated and tested "
        "with Windows and Mac laptops.",
    ),
    ProblemSpec(
        unit="Accounting",
        title="Store staff wait six weeks for expense payouts",
        body="Colleagues in the Stockholm stores tell me expense claims take up to six weeks "
        "to be paid. For part-timers that is real money.",
        days_ago=45,
        hour=13,
        helper_comment="{helper} can you find where the claims from the stores get stuck?",
        progress_after=26,
        progress_note="Claims wait for a second approval that stores don't need.",
        resolve_after=290,
        resolution="Store claims under 2,000 SEK no longer need a second approval, and payouts "
        "now run weekly instead of monthly. Average wait is down to six days.",
    ),
    ProblemSpec(
        unit="Brand & Content",
        title="The price list PDF on the intranet is last year's",
        body="Customers quote prices from the PDF price list linked on the intranet, and it is "
        "from last year. We lose time explaining the difference on every call.",
        days_ago=9,
        hour=15,
        raised_by_ceo=True,
        helper_comment="This costs us goodwill. {helper} can we replace the PDF with a link to "
        "the live price list?",
        progress_after=3,
        progress_note="Replacing the PDF with a link to the live price list.",
    ),
    ProblemSpec(
        unit="Data & Analytics",
        title="The weekly sales dashboard is empty on Monday mornings",
        body="Every Monday before 10:00 the weekly sales dashboard shows no data for the "
        "weekend, right when the regional managers prepare their calls.",
        days_ago=12,
        hour=8,
        helper_comment="{helper} is the weekend load still scheduled after the store close?",
        resolve_after=27,
        resolution="The weekend load now runs at 05:00 on Monday instead of 11:00; the "
        "dashboard is complete by 06:00.",
    ),
)


class _Writer:
    """Writes each spec through the services, then gives its rows their historical times."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.units = {u.name: u for u in OrgUnit.objects.select_related("manager")}
        self.units_by_pk = {u.pk: u for u in self.units.values()}
        self.groups = {g.unit_id: g for g in Group.objects.filter(unit__isnull=False)}

    def _at(self, days_ago: int, hour: int) -> datetime:
        day = (self.now - timedelta(days=days_ago)).astimezone(HOME_ZONE)
        return day.replace(hour=hour, minute=(days_ago * 7) % 50 + 5, second=0, microsecond=0)

    def _members(self, unit: OrgUnit) -> list[Person]:
        """People in the unit (or below it) other than its manager, in a stable order; a unit
        of one borrows from the unit above, as a small demo organisation has such units."""
        for scope in (unit, self.units_by_pk.get(unit.parent_id or 0)):
            if scope is None:
                continue
            people = list(
                Person.objects.filter(primary_unit__path__startswith=scope.path, is_active=True)
                .exclude(pk=unit.manager_id or 0)
                .exclude(pk=scope.manager_id or 0)
                .order_by("sort_name", "pk")
            )
            if people:
                return people
        return []

    def _group_of(self, person: Person) -> Group:
        group = self.groups.get(person.primary_unit_id or 0)
        return group if group is not None and group.unit_id else company_group()

    def write(self, spec: ProblemSpec) -> Problem | None:
        unit = self.units.get(spec.unit)
        if unit is None or unit.manager is None:
            return None  # an organisation without this unit (a smaller demo tree)
        leader: Person = unit.manager
        members = self._members(unit)
        author = (
            Person.objects.filter(email=spec.author_email).first()
            if spec.author_email
            else (members[0] if members else None)
        )
        if author is None:
            return None
        raised_at = self._at(spec.days_ago, spec.hour)
        if spec.raised_by_ceo:
            ceo = Person.objects.filter(email=CEO_EMAIL).first()
            seller = (
                Person.objects.filter(primary_unit__name="Sales Nordics", is_active=True)
                .order_by("sort_name", "pk")
                .last()
            )
            if ceo is None or seller is None:
                return None
            post = publish_post(
                author=seller, title=spec.title, body=spec.body, group=company_group()
            )
            problem = raise_problem(actor=ceo, post=post, owner_unit=unit)
            commenter, author = ceo, seller
        else:
            problem = create_problem(
                author=author,
                title=spec.title,
                body=spec.body,
                group=self._group_of(author),
                owner_unit=unit,
            )
            commenter = leader
        helper = next((p for p in reversed(members) if p.pk != author.pk), None)
        times = [raised_at]
        comment = None
        if spec.helper_comment and helper is not None:
            body = spec.helper_comment.format(helper=f"@{helper.handle}")
            comment = add_comment(author=commenter, post=problem.post, body=body)
        if spec.progress_after is not None:
            change_status(
                actor=leader, problem=problem, status="in_progress", note=spec.progress_note
            )
            times.append(raised_at + timedelta(hours=spec.progress_after))
        if spec.resolve_after is not None:
            change_status(actor=leader, problem=problem, status="resolved", note=spec.resolution)
            times.append(raised_at + timedelta(hours=spec.resolve_after))
        self._restamp(problem, times, comment)
        return problem

    def _restamp(self, problem: Problem, times: list[datetime], comment: Comment | None) -> None:
        raised_at = times[0]
        Post.objects.filter(pk=problem.post_id).update(created_at=raised_at)
        Mention.objects.filter(post_id=problem.post_id, comment__isnull=True).update(
            created_at=raised_at
        )
        if comment is not None:
            said = raised_at + timedelta(minutes=35)
            Comment.objects.filter(pk=comment.pk).update(created_at=said)
            Mention.objects.filter(comment=comment).update(created_at=said)
        events = list(ProblemEvent.objects.filter(problem=problem).order_by("pk"))
        for event, when in zip(events, times, strict=True):
            ProblemEvent.objects.filter(pk=event.pk).update(created_at=when)
        resolved = problem.status == ProblemStatus.RESOLVED
        Problem.objects.filter(pk=problem.pk).update(
            raised_at=raised_at,
            resolved_at=times[-1] if resolved else None,
            time_to_resolution=times[-1] - raised_at if resolved else None,
        )


def _history_is_not_news() -> None:
    """Demo history must not arrive as email at first start; the bell still shows it."""
    from townhall.notifications.models import Notification

    Notification.objects.filter(emailed_at__isnull=True).update(emailed_at=timezone.now())


def build_demo(org: DemoOrganisation, config: DemoConfig) -> str:
    """Write this app's demo content; returns a one-line summary for `townhall demo` (or "")."""
    with override_settings(TOWNHALL_RATE_LIMITS=rate_limits_for_demo()), transaction.atomic():
        writer = _Writer(timezone.now().replace(microsecond=0))
        problems = [p for spec in PROBLEMS if (p := writer.write(spec)) is not None]
        # Runs after the services' own after-commit callbacks, which create the notifications.
        transaction.on_commit(_history_is_not_news)
    counts = {s: sum(1 for p in problems if p.status == s) for s in ProblemStatus.values}
    return (
        f"{len(problems)} problems ({counts['open']} open, {counts['in_progress']} in progress, "
        f"{counts['resolved']} resolved)"
    )
