"""The inbox part of the demo organisation, built through the real services.

Runs last: problems, open hours and drafts from the other demos already fill the sources.
This adds what a realistic inbox still lacks for the CEO and one team leader: a post from
their unit nobody answered for days, a question put to them, and one item they snoozed.
"""

from __future__ import annotations

from datetime import timedelta

from django.test.utils import override_settings
from django.utils import timezone

from townhall.conversations.demo import rate_limits_for_demo
from townhall.conversations.models import Mention, Post, PostKind
from townhall.conversations.services import publish_post
from townhall.inbox import selectors, services
from townhall.people.demo import DemoConfig, DemoOrganisation
from townhall.people.models import OrgUnit, Person

CEO_EMAIL = "ceo@demo.townhall.example"

QUIET_POSTS = [
    "Finished the migration of our test environments this week. Happy to walk anyone "
    "through what changed.",
    "First month in the team done! Still finding my way around the release process.",
]
QUESTIONS = [
    "@{handle} what does the new travel policy mean for customer visits abroad?",
    "@{handle} will the team get budget for the conference in spring?",
]
SNOOZED = "@{handle} could we have ten minutes next week about the office move?"


def _team_leader(org: DemoOrganisation, ceo: Person) -> Person | None:
    """The manager of the deepest unit that has both a manager and people in it."""
    units = (
        OrgUnit.objects.filter(manager__isnull=False, members__isnull=False)
        .exclude(manager=ceo)
        .select_related("manager")
        .order_by("-depth", "path")
        .distinct()
    )
    found = units.first()
    return found.manager if found is not None else None


def _colleagues(leader: Person) -> list[Person]:
    """People (not leaders) in the units the leader manages, or below them."""
    paths = selectors.managed_unit_paths(leader)
    people = Person.objects.filter(is_active=True, is_leader=False).exclude(pk=leader.pk)
    below = [p for path in paths for p in people.filter(primary_unit__path__startswith=path)[:4]]
    return below[:4]


def _backdate(post: Post, hours: int) -> None:
    # Demo history, as conversations' demo does: the services stamp "now".
    when = timezone.now() - timedelta(hours=hours)
    Post.objects.filter(pk=post.pk).update(created_at=when)
    Mention.objects.filter(post=post, comment__isnull=True).update(created_at=when)


def _fill(leader: Person, people: list[Person], askers: list[Person]) -> None:
    for n, author in enumerate(people[:2]):
        post = publish_post(author=author, body=QUIET_POSTS[n % len(QUIET_POSTS)])
        _backdate(post, hours=60 + 20 * n)
    for n, author in enumerate(askers[:2]):
        text = QUESTIONS[n % len(QUESTIONS)].format(handle=leader.handle)
        post = publish_post(author=author, kind=PostKind.QUESTION, body=text)
        _backdate(post, hours=5 + 26 * n)
    if askers:
        post = publish_post(author=askers[-1], body=SNOOZED.format(handle=leader.handle))
        item = selectors.access_item(leader, "mention", f"post-{post.pk}")
        services.snooze_item(
            person=leader, item=item, until=services.snooze_until(choice="next_week")
        )


def build_demo(org: DemoOrganisation, config: DemoConfig) -> str:
    """Write this app's demo content; returns a one-line summary for `townhall demo` (or "")."""
    account = org.accounts.get(CEO_EMAIL)
    if account is None:
        return ""
    ceo = Person.objects.get(pk=account.pk)  # fresh: the build made them a unit manager
    leaders = [ceo]
    team_leader = _team_leader(org, ceo)
    if team_leader is not None:
        leaders.append(team_leader)
    with override_settings(TOWNHALL_RATE_LIMITS=rate_limits_for_demo()):
        for leader in leaders:
            people = _colleagues(leader)
            others = Person.objects.filter(is_active=True, is_leader=False).order_by("pk")
            askers = list(others.exclude(pk__in=[p.pk for p in people])[7:10])
            _fill(leader, people, askers)
    counts = [f"{leader.display_name} {len(selectors.inbox_for(leader))}" for leader in leaders]
    return "inbox: items waiting for " + ", ".join(counts)
