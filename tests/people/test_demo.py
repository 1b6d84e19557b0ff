"""The demo organisation: deterministic, realistic, and every demo account usable."""

from __future__ import annotations

import hashlib
import random
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from tests.factories import PersonFactory
from townhall.people.demo import DEMO_ACCOUNTS, DemoConfig, build_demo, plan_organisation
from townhall.people.models import OrgUnit, Person

# Big enough for every unit to have a manager and most teams members; photos are tested once.
SMALL = DemoConfig(people=60, photo_share=0.0)
# sha256 of `_profiles()` for SMALL. It changes only when the demo data or generator changes on
# purpose; a change without one means the build is no longer deterministic (set or hash order,
# the global random, database order leaking in).
SMALL_DIGEST = "514b453952269bd8deec867883b432bfbf170964a4fc69513df55c31133fbfa6"


def _unit_paths() -> dict[int, str]:
    names = dict(OrgUnit.objects.values_list("id", "name"))
    return {
        unit.pk: " / ".join(names[i] for i in [*unit.ancestor_ids(), unit.pk])
        for unit in OrgUnit.objects.all()
    }


def _snapshot() -> list[tuple[str, str, str, str]]:
    paths = _unit_paths()
    rows = [
        (
            p.email,
            p.display_name,
            paths[p.primary_unit_id] if p.primary_unit_id else "",
            p.job_title,
        )
        for p in Person.objects.all()
    ]
    return sorted(rows)  # sorted here: database collations order emails differently


def _profiles() -> list[tuple[object, ...]]:
    paths = _unit_paths()
    rows = [
        (
            p.email,
            p.display_name,
            paths[p.primary_unit_id] if p.primary_unit_id else "",
            p.job_title,
            p.employee_id,
            p.country,
            p.location,
            tuple(p.languages),
            tuple(p.ask_me_about),
            p.bio,
            p.preferred_language,
            p.reports_to.email if p.reports_to else "",
            tuple(sorted(p.roles)),
            bool(p.photo),
        )
        for p in Person.objects.select_related("reports_to")
    ]
    return sorted(rows)


def _wipe() -> None:
    Person.objects.all().delete()
    for unit in OrgUnit.objects.order_by("-depth"):
        unit.delete()


def _load(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_same_seed_builds_the_same_organisation_twice():
    build_demo(SMALL)
    first = _snapshot()
    _wipe()
    build_demo(SMALL)
    assert _snapshot() == first
    assert len(first) == 60


@pytest.mark.django_db
def test_demo_matches_its_stored_digest():
    build_demo(SMALL)
    digest = hashlib.sha256(repr(_profiles()).encode()).hexdigest()
    assert digest == SMALL_DIGEST


def test_plan_ignores_the_global_random_generator():
    random.seed(1)
    first = plan_organisation(SMALL)
    random.seed(2)
    assert plan_organisation(SMALL) == first


def test_a_different_seed_gives_different_people():
    emails = {p.email for p in plan_organisation(SMALL).people}
    other = {p.email for p in plan_organisation(DemoConfig(seed=7, people=60)).people}
    assert emails != other


@pytest.mark.django_db
def test_default_demo_is_about_250_people_in_four_countries_most_with_a_photo():
    _load()
    people = Person.objects.all()
    # 250 from the people demo, plus the leader the leadership demo appoints this week.
    assert people.count() == 251
    assert set(people.values_list("country", flat=True)) == {"NL", "SE", "NO", "GB"}
    with_photo = people.exclude(photo="").count()
    assert 0.75 * 250 <= with_photo <= 0.95 * 250


@pytest.mark.django_db
def test_required_departments_exist():
    build_demo(SMALL)
    departments = set(OrgUnit.objects.filter(kind="department").values_list("name", flat=True))
    assert {"Marketing", "Sales", "HR", "Customer Service"} <= departments


@pytest.mark.django_db
def test_tree_runs_from_company_through_divisions_and_departments_to_teams():
    build_demo(SMALL)
    kinds_by_depth = {
        depth: set(OrgUnit.objects.filter(depth=depth).values_list("kind", flat=True))
        for depth in OrgUnit.objects.values_list("depth", flat=True).distinct()
    }
    assert kinds_by_depth == {
        0: {"company"},
        1: {"division"},
        2: {"department"},
        3: {"team"},
    }


@pytest.mark.django_db
def test_every_unit_has_a_manager_who_is_a_leader():
    build_demo(SMALL)
    units = OrgUnit.objects.select_related("manager")
    assert units.count() > 30
    for unit in units:
        assert unit.manager is not None, unit.name
        assert unit.manager.is_leader
        assert unit.manager.primary_unit_id == unit.pk


@pytest.mark.django_db
def test_people_report_to_their_units_manager_and_managers_to_the_parents():
    build_demo(SMALL)
    for person in Person.objects.select_related("primary_unit__parent__manager"):
        unit = person.primary_unit
        assert unit is not None
        if unit.manager_id == person.pk:
            expected = unit.parent.manager if unit.parent else None
        else:
            expected = unit.manager
        assert person.reports_to == expected, person.email


@pytest.mark.django_db
def test_demo_accounts_have_their_roles():
    build_demo(SMALL)
    people = {p.email: p for p in Person.objects.select_related("primary_unit")}
    admin = people["admin@demo.townhall.example"]
    comms = people["comms@demo.townhall.example"]
    ceo = people["ceo@demo.townhall.example"]
    member = people["member@demo.townhall.example"]
    assert admin.is_admin
    assert comms.is_community_manager
    assert ceo.is_leader and ceo.job_title == "CEO"
    assert OrgUnit.objects.get(kind="company").manager == ceo
    assert member.roles == ["member"]
    assert member.primary_unit is not None and member.primary_unit.kind == "team"


@pytest.mark.django_db
def test_each_demo_account_can_sign_in_with_the_demo_password(settings):
    settings.TOWNHALL_DEMO_PASSWORD = "demo-pass-for-tests-42"
    build_demo(SMALL)
    for _role, email in DEMO_ACCOUNTS:
        client = Client()
        response = client.post(
            "/accounts/login/", {"login": email, "password": "demo-pass-for-tests-42"}
        )
        assert response.status_code == 302, email
        assert client.session["_auth_user_id"] == str(Person.objects.get(email=email).pk)


@pytest.mark.django_db
def test_if_empty_does_nothing_when_people_exist():
    PersonFactory()
    output = _load("--if-empty", "--people", "45")
    assert Person.objects.count() == 1
    assert OrgUnit.objects.count() == 0
    assert "not loaded" in output


@pytest.mark.django_db
def test_command_prints_counts_accounts_and_password(settings):
    settings.TOWNHALL_DEMO_PASSWORD = "shown-on-screen-7"
    output = _load("--if-empty", "--people", "45", "--seed", "3")
    assert "45 people" in output
    assert "shown-on-screen-7" in output
    for _role, email in DEMO_ACCOUNTS:
        assert email in output
    assert re.search(r"loaded in \d+\.\d s", output)


@pytest.mark.django_db
def test_command_refuses_to_load_the_demo_twice():
    _load("--people", "45")
    with pytest.raises(CommandError):
        _load("--people", "45")
    assert Person.objects.count() == 45 + 1  # + the leader the leadership demo appoints


@pytest.mark.django_db
def test_command_refuses_production_without_force(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        _load("--people", "45")
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_command_loads_in_production_with_force(settings):
    settings.PRODUCTION = True
    _load("--people", "45", "--force")
    assert Person.objects.count() == 45 + 1  # + the leader the leadership demo appoints


@pytest.mark.django_db
def test_command_refuses_fewer_people_than_units():
    with pytest.raises(CommandError):
        _load("--people", "10")
    assert not Person.objects.exists()


# The word for "I" in each bio language; Swedish "i" means "in", so English is checked alone.
SUBJECT = {"nl": "ik", "sv": "jag", "nb": "jeg", "en": "i"}
NATIVE = {"NL": "nl", "SE": "sv", "NO": "nb", "GB": "en"}


def test_bios_are_written_in_each_persons_own_language():
    people = [p for p in plan_organisation(DemoConfig()).people if p.bio]
    assert len(people) > 200
    for person in people:
        words = set(re.findall(r"\w+", person.bio.lower()))
        language = NATIVE[person.country]
        assert SUBJECT[language] in words, person.bio
        others = {w for code, w in SUBJECT.items() if code not in (language, "en")}
        assert not words & others, person.bio


def test_profiles_have_native_language_english_and_ui_preferred_languages():
    people = plan_organisation(DemoConfig()).people
    for person in people:
        assert person.languages[0] == NATIVE[person.country]
        assert "en" in person.languages
        assert person.preferred_language in {"", "en", "nl", "sv", "nb"}
    preferring = sum(1 for p in people if p.preferred_language)
    assert 0.3 * len(people) < preferring < 0.9 * len(people)
    assert {p.preferred_language for p in people} == {"", "en", "nl", "sv", "nb"}


def test_names_keep_their_diacritics_and_emails_stay_ascii():
    people = plan_organisation(DemoConfig()).people
    assert any(not p.first_name.isascii() or not p.last_name.isascii() for p in people)
    assert all(p.email.isascii() for p in people)
    assert len({p.email for p in people}) == len(people)


@pytest.mark.django_db
def test_demo_history_sends_no_email_at_first_start():
    from townhall.inbox.models import InboxSettings
    from townhall.notifications.models import Notification

    _load("--people", "45")
    assert Notification.objects.exists()
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    leaders = Person.objects.filter(is_leader=True)
    summarised = InboxSettings.objects.filter(person__in=leaders, last_sent_at__isnull=False)
    assert summarised.count() == leaders.count()
