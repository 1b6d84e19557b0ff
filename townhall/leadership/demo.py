"""The leadership part of the demo organisation, built through the real services.

Leaders end up at different onboarding stages: the CEO has done every step, a newly
appointed leader has done two, and the others are wherever the conversation demo left them.
The community manager has nudged two leaders and prepared one draft for the CEO.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from townhall.conversations.demo import rate_limits_for_demo
from townhall.conversations.models import Post, PostKind
from townhall.conversations.services import add_comment, publish_post, toggle_reaction
from townhall.groups.services import company_group
from townhall.leadership import selectors
from townhall.leadership.services import prepare_draft, send_nudge, start_onboarding_for
from townhall.notifications.models import Notification
from townhall.openhours.selectors import has_scheduled_open_hour
from townhall.openhours.services import schedule_open_hour
from townhall.people.demo import DemoConfig, DemoOrganisation, avatar_png
from townhall.people.models import Person
from townhall.people.services import create_person, set_profile_photo_bytes, update_profile

CEO = "ceo@demo.townhall.example"
COMMS = "comms@demo.townhall.example"
NEW_LEADER = "new.leader@demo.townhall.example"


def _complete_ceo(ceo: Person, colleague: Person, admin: Person) -> None:
    """Whatever the conversation demo did not already give the CEO, done the way people do it."""
    if not ceo.photo:
        set_profile_photo_bytes(person=ceo, data=avatar_png(1848))
    checklist = selectors.onboarding_for(ceo)
    done = {s.id for s in checklist.steps if s.done} if checklist is not None else set()
    employee_post = (
        Post.objects.filter(author=colleague, deleted_at__isnull=True).order_by("-id").first()
    )
    if employee_post is None:
        employee_post = publish_post(author=colleague, body="Our team just closed the quarter.")
    if "first_recognition" not in done or "first_reaction" not in done:
        toggle_reaction(person=ceo, post=employee_post, kind="celebrate")
    if "first_reply" not in done:
        add_comment(author=ceo, post=employee_post, body="Thank you all, well done.")
    if "first_article" not in done:
        publish_post(
            author=ceo,
            kind=PostKind.ARTICLE,
            title="Why I answer every question here",
            body="Every Thursday I keep an hour free for your questions. Ask me anything.",
        )
    if not has_scheduled_open_hour(ceo):
        start = (timezone.now() + timedelta(days=3)).replace(
            hour=15, minute=0, second=0, microsecond=0
        )
        schedule_open_hour(
            actor=ceo,
            host=ceo,
            title="Thursday open hour with the CEO",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
        )


def _new_leader(org: DemoOrganisation, admin: Person) -> Person:
    """Someone appointed this week: a profile and their unit's groups, nothing else yet."""
    unit = next((u for u in org.units if u.depth == 2), org.company)
    person = create_person(
        email=NEW_LEADER,
        first_name="Jonas",
        last_name="Brekke",
        roles=["leader"],
        primary_unit=unit,
        job_title="Team Lead",
        actor=admin,
    )
    set_profile_photo_bytes(person=person, data=avatar_png(4242))
    return update_profile(
        actor=person,
        person=person,
        changes={
            "bio": "New in this role and keen to listen.",
            "ask_me_about": ["onboarding"],
            "country": "NO",
        },
    )


def _history_is_not_news() -> None:
    """Demo nudges and drafts stay in the bell but do not send email at first start."""
    Notification.objects.filter(
        emailed_at__isnull=True, target_type__startswith="leadership."
    ).update(emailed_at=timezone.now())


def build_demo(org: DemoOrganisation, config: DemoConfig) -> str:
    """Write this app's demo content; returns a one-line summary for `townhall demo` (or "")."""
    accounts = org.accounts
    ceo, comms = accounts.get(CEO), accounts.get(COMMS)
    admin = next((p for p in org.people if p.is_admin), None)
    if ceo is None or comms is None or admin is None:
        return ""
    with override_settings(TOWNHALL_RATE_LIMITS=rate_limits_for_demo()), transaction.atomic():
        colleague = next(p for p in org.people if not p.is_leader and p.primary_unit_id is not None)
        _complete_ceo(ceo, colleague, admin)
        newcomer = _new_leader(org, admin)
        leaders = list(selectors.leaders_queryset())
        start_onboarding_for(people=leaders)
        board = selectors.onboarding_for_many(leaders)
        # The two leaders furthest behind (not the newcomer, who only just started) get a nudge.
        behind = sorted(
            (p for p in leaders if p.pk not in {ceo.pk, newcomer.pk}),
            key=lambda p: (board[p.pk].done_count, p.sort_name),
        )[:2]
        messages = (
            "Your team posted a lot about the new planning tool this week. "
            "A short reaction from you would mean a lot to them.",
            "People keep asking about the reorganisation in your area. Could you answer "
            "one question here, or shall I help you draft a post?",
        )
        for leader, message in zip(behind, messages, strict=False):
            send_nudge(actor=comms, leader=leader, message=message)
        prepare_draft(
            actor=comms,
            leader=ceo,
            group=company_group(),
            kind=PostKind.ARTICLE,
            title="What our customers told us this quarter",
            body=(
                "I spent three days with our customer service teams this month. "
                "Here are the five things customers told us most often, and what we will do "
                "about each of them.\n\n1. …\n2. …\n3. …"
            ),
        )
        transaction.on_commit(_history_is_not_news)
    done = {p.pk: selectors.onboarding_for_many([p])[p.pk].done_count for p in (ceo, newcomer)}
    return (
        f"leadership: {len(leaders)} leaders onboarding (CEO {done[ceo.pk]}/8, "
        f"new leader {done[newcomer.pk]}/8), {len(behind)} nudges, 1 draft for the CEO"
    )
