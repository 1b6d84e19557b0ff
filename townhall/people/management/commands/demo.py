"""`townhall demo`: load the deterministic demo organisation."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from collections import Counter
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from townhall.checkins import demo as checkins_demo
from townhall.conversations.demo import build_conversations
from townhall.groups.services import sync_unit_groups
from townhall.inbox import demo as inbox_demo
from townhall.leadership import demo as leadership_demo
from townhall.openhours import demo as openhours_demo
from townhall.people.demo import (
    DEFAULT_PEOPLE,
    DEFAULT_SEED,
    DEMO_ACCOUNTS,
    DemoConfig,
    build_demo,
    minimum_people,
)
from townhall.people.demo_data import COUNTRY_NAMES
from townhall.people.models import Person
from townhall.problems import demo as problems_demo

# Leadership comes last: leaders' onboarding progress is read from everything before it.
PRESENCE_DEMOS = (problems_demo, openhours_demo, checkins_demo, leadership_demo, inbox_demo)


def _history_is_not_news() -> None:
    """The demo's made-up past stays in bells and inboxes but sends no email at first start:
    notifications count as emailed and every leader's inbox summary as sent today."""
    from django.utils import timezone

    from townhall.inbox.models import InboxSettings
    from townhall.notifications.models import Notification

    now = timezone.now()
    Notification.objects.filter(emailed_at__isnull=True).update(emailed_at=now)
    leaders = Person.objects.filter(is_leader=True, is_active=True).values_list("pk", flat=True)
    InboxSettings.objects.bulk_create(
        [InboxSettings(person_id=pk, last_sent_at=now) for pk in leaders],
        update_conflicts=True,
        unique_fields=["person"],
        update_fields=["last_sent_at"],
    )


class Command(BaseCommand):
    help = "Load the demo organisation: the same people, units and profiles for the same seed."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument(
            "--people",
            type=int,
            default=DEFAULT_PEOPLE,
            help="How many people the organisation has (the leadership demo appoints one more).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has people (for first starts).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Load even when TOWNHALL_ENV is production."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION and not options["force"]:
            raise CommandError(
                "This is a production installation (TOWNHALL_ENV=production); the demo "
                "organisation would mix made-up people with real ones. Use --force if you "
                "really want it."
            )
        if options["if_empty"] and Person.objects.exists():
            self.stdout.write("People already exist; the demo organisation was not loaded.")
            return
        demo_emails = [email for _role, email in DEMO_ACCOUNTS]
        if Person.objects.filter(email__in=demo_emails).exists():
            raise CommandError("The demo organisation is already loaded in this database.")
        config = DemoConfig(seed=options["seed"], people=options["people"])
        smallest = minimum_people(config)
        if config.people < smallest:
            raise CommandError(f"--people must be at least {smallest}.")

        started = time.perf_counter()
        # One transaction: a failure half-way leaves an empty database to try again with.
        with transaction.atomic():
            organisation = build_demo(config)
            people_seconds = time.perf_counter() - started
            sync_unit_groups()
            community = build_conversations(organisation, config)
            presence = [demo.build_demo(organisation, config) for demo in PRESENCE_DEMOS]
            _history_is_not_news()
        elapsed = time.perf_counter() - started

        people = organisation.people
        countries = Counter(person.country for person in people)
        with_photo = sum(1 for person in people if person.photo)
        leaders = sum(1 for person in people if person.is_leader)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo organisation {organisation.company.name} loaded in {elapsed:.1f} s "
                f"(seed {config.seed})."
            )
        )
        self.stdout.write(
            f"  {len(people)} people ({with_photo} with a photo, {leaders} leaders) "
            f"in {len(organisation.units)} units"
        )
        for code, count in sorted(countries.items(), key=lambda item: (-item[1], item[0])):
            self.stdout.write(f"  {COUNTRY_NAMES.get(code, code)}: {count}")
        self.stdout.write(
            f"  {len(community.groups)} interest groups and a group per unit; "
            f"{community.posts} posts, {community.comments} comments, "
            f"{community.reactions} reactions, {community.mentions} mentions, "
            f"{community.topics} topics, {community.follows} follows"
        )
        for summary in filter(None, presence):
            self.stdout.write(f"  {summary}")
        self.stdout.write(
            f"  people {people_seconds:.1f} s, conversations {community.seconds:.1f} s"
        )
        self.stdout.write("Sign in as:")
        for role, email in DEMO_ACCOUNTS:
            if email in organisation.accounts:
                self.stdout.write(f"  {role:<18} {email}")
        self.stdout.write(f"Password (every demo person): {settings.TOWNHALL_DEMO_PASSWORD}")
