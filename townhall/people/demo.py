"""The demo organisation: a deterministic, realistic company built through the real services.

`plan_organisation()` decides everything (names, places, titles, bios, avatars) from one
`random.Random(seed)` without touching the database; `build_demo()` then writes the plan through
the people services in one transaction. Later features (posts, groups, Q&A) extend the build
with their own `build_*` steps that take the `DemoOrganisation` this returns.
"""

from __future__ import annotations

import io
import random
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from PIL import Image, ImageDraw

from townhall.people import demo_data
from townhall.people.demo_data import FIXED_PEOPLE, FixedPerson, UnitSpec
from townhall.people.models import OrgUnit, Person
from townhall.people.services import (
    create_person,
    create_unit,
    set_profile_photo_bytes,
    update_profile,
)

# One account per role, printed by `townhall serve` and shown on the login page in demo mode.
DEMO_ACCOUNTS: list[tuple[str, str]] = [
    ("admin", "admin@demo.townhall.example"),
    ("community manager", "comms@demo.townhall.example"),
    ("leader (CEO)", "ceo@demo.townhall.example"),
    ("member", "member@demo.townhall.example"),
]
DEMO_DOMAIN = "demo.townhall.example"
DEFAULT_SEED = 1848
DEFAULT_PEOPLE = 250


def demo_accounts_present() -> list[tuple[str, str]]:
    """The demo accounts that exist in this database (none outside demo mode)."""
    if not settings.TOWNHALL_SHOW_DEMO_ACCOUNTS:
        return []
    emails = set(
        Person.objects.filter(email__in=[e for _r, e in DEMO_ACCOUNTS], is_active=True).values_list(
            "email", flat=True
        )
    )
    return [(role, email) for role, email in DEMO_ACCOUNTS if email in emails]


@dataclass(frozen=True)
class DemoConfig:
    """What to generate; the same config always yields the same organisation."""

    seed: int = DEFAULT_SEED
    people: int = DEFAULT_PEOPLE
    photo_share: float = 0.85
    bio_share: float = 0.88
    topics_share: float = 0.8
    preferred_language_share: float = 0.6
    password: str = ""  # empty: settings.TOWNHALL_DEMO_PASSWORD
    organisation: UnitSpec = demo_data.ORGANISATION


@dataclass(frozen=True)
class UnitPlan:
    spec: UnitSpec
    parent: str | None  # the parent unit's name; names are unique in the demo tree

    @property
    def name(self) -> str:
        return self.spec.name


@dataclass
class PersonPlan:
    """Everything about one demo person, decided before anything is written."""

    email: str
    first_name: str
    last_name: str
    unit: str
    is_manager: bool
    title: str
    country: str
    city: str
    employee_id: str
    languages: list[str] = field(default_factory=list)
    ask_me_about: list[str] = field(default_factory=list)
    bio: str = ""
    preferred_language: str = ""
    roles: tuple[str, ...] = ()
    avatar_seed: int | None = None  # None: this person has no photo


@dataclass
class DemoPlan:
    units: list[UnitPlan]
    managers: dict[str, PersonPlan]  # unit name → its manager
    members: list[PersonPlan]  # everyone else, grouped by unit in tree order

    @property
    def people(self) -> list[PersonPlan]:
        return [*(self.managers[u.name] for u in self.units), *self.members]


@dataclass
class DemoOrganisation:
    """What `build_demo` wrote, for the summary and for later build steps."""

    company: OrgUnit
    units: list[OrgUnit]
    people: list[Person]
    accounts: dict[str, Person]  # demo account email → person


# --- Planning: pure, deterministic, no database.


def walk_units(spec: UnitSpec, parent: str | None = None) -> Iterator[UnitPlan]:
    """The unit tree depth-first, parents before children."""
    yield UnitPlan(spec=spec, parent=parent)
    for child in spec.children:
        yield from walk_units(child, spec.name)


def minimum_people(config: DemoConfig) -> int:
    """The smallest organisation: a manager per unit plus the demo accounts that manage none."""
    units = sum(1 for _unit in walk_units(config.organisation))
    return units + sum(1 for fixed in FIXED_PEOPLE if fixed is not demo_data.CEO)


# Letters NFKD does not split into a base letter plus accent.
_UNDECOMPOSABLE = str.maketrans({"ø": "o", "æ": "ae", "ß": "ss", "ı": "i", "đ": "d"})


def _ascii(text: str) -> str:
    """An email-safe spelling of a name: 'Ødegård' → 'odegard', 'van den Berg' → 'vandenberg'."""
    text = text.lower().translate(_UNDECOMPOSABLE)
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded if ch.isalnum())


def _weighted(rng: random.Random, options: Sequence[tuple[str, float]]) -> str:
    names = [name for name, _w in options]
    weights = [float(w) for _n, w in options]
    return rng.choices(names, weights=weights)[0]


def _share_out(total: int, weights: list[float]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder), so sizes are stable."""
    whole = sum(weights)
    if total <= 0 or whole <= 0:
        return [0 for _w in weights]
    exact = [total * w / whole for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


class _Planner:
    """Draws every choice from one seeded generator, in a fixed order."""

    def __init__(self, config: DemoConfig) -> None:
        self.config = config
        self.rng = random.Random(config.seed)
        self.names_taken: set[tuple[str, str]] = {(f.first_name, f.last_name) for f in FIXED_PEOPLE}
        self.emails_taken: set[str] = {f.email for f in FIXED_PEOPLE}
        self.employee_number = 1000

    def plan(self) -> DemoPlan:
        units = list(walk_units(self.config.organisation))
        names = [u.name for u in units]
        if len(set(names)) != len(names):
            raise ValueError("Demo unit names must be unique.")
        fixed_by_unit: dict[str, list[FixedPerson]] = {}
        for fixed in FIXED_PEOPLE:
            if fixed.unit not in names:
                raise ValueError(f"Demo account {fixed.email} names an unknown unit {fixed.unit}.")
            fixed_by_unit.setdefault(fixed.unit, []).append(fixed)
        ceo = demo_data.CEO
        smallest = minimum_people(self.config)
        if self.config.people < smallest:
            raise ValueError(f"The demo organisation needs at least {smallest} people.")
        ordinary = self.config.people - smallest

        managers: dict[str, PersonPlan] = {}
        for unit in units:
            if unit.spec is self.config.organisation:
                managers[unit.name] = self._fixed(ceo, unit.spec, is_manager=True)
            else:
                managers[unit.name] = self._generated(unit.spec, is_manager=True)

        sizes = _share_out(ordinary, [u.spec.weight for u in units])
        members: list[PersonPlan] = []
        for unit, size in zip(units, sizes, strict=True):
            for fixed in fixed_by_unit.get(unit.name, []):
                if fixed is not ceo:
                    members.append(self._fixed(fixed, unit.spec, is_manager=False))
            members.extend(self._generated(unit.spec, is_manager=False) for _i in range(size))
        return DemoPlan(units=units, managers=managers, members=members)

    def _next_employee_id(self) -> str:
        self.employee_number += 1
        return f"NV{self.employee_number:05d}"

    def _fixed(self, fixed: FixedPerson, spec: UnitSpec, *, is_manager: bool) -> PersonPlan:
        rng = self.rng
        return PersonPlan(
            email=fixed.email,
            first_name=fixed.first_name,
            last_name=fixed.last_name,
            unit=spec.name,
            is_manager=is_manager,
            title=fixed.title,
            country=fixed.country,
            city=fixed.city,
            employee_id=self._next_employee_id(),
            languages=self._languages(fixed.country),
            ask_me_about=list(fixed.topics),
            bio=fixed.bio,
            preferred_language=demo_data.NATIVE_LANGUAGE[fixed.country],
            roles=fixed.roles,
            avatar_seed=rng.getrandbits(32),
        )

    def _generated(self, spec: UnitSpec, *, is_manager: bool) -> PersonPlan:
        rng, config = self.rng, self.config
        country = _weighted(rng, spec.countries)
        first, last = self._name(country)
        city = _weighted(rng, demo_data.CITIES[country])
        title = spec.manager_title if is_manager else self._title(spec)
        topics = self._topics(spec, is_manager=is_manager)
        language = demo_data.NATIVE_LANGUAGE[country]
        # Leaders' profiles are a little more complete: comms teams chase them first.
        bio_share = min(1.0, config.bio_share + (0.08 if is_manager else 0.0))
        bio = (
            self._bio(language, spec, first, title, city, topics)
            if rng.random() < bio_share
            else ""
        )
        return PersonPlan(
            email=self._email(first, last),
            first_name=first,
            last_name=last,
            unit=spec.name,
            is_manager=is_manager,
            title=title,
            country=country,
            city=city,
            employee_id=self._next_employee_id(),
            languages=self._languages(country),
            ask_me_about=topics,
            bio=bio,
            preferred_language=self._preferred_language(country),
            avatar_seed=rng.getrandbits(32) if rng.random() < config.photo_share else None,
        )

    def _name(self, country: str) -> tuple[str, str]:
        rng = self.rng
        for _attempt in range(50):
            name = (
                rng.choice(demo_data.FIRST_NAMES[country]),
                rng.choice(demo_data.LAST_NAMES[country]),
            )
            if name not in self.names_taken:
                break
        self.names_taken.add(name)
        return name

    def _email(self, first: str, last: str) -> str:
        local = f"{_ascii(first)}.{_ascii(last)}"
        email, n = f"{local}@{DEMO_DOMAIN}", 2
        while email in self.emails_taken:
            email, n = f"{local}{n}@{DEMO_DOMAIN}", n + 1
        self.emails_taken.add(email)
        return email

    def _title(self, spec: UnitSpec) -> str:
        title = self.rng.choice(spec.titles)
        senior = not title.startswith(("Chief", "Head", "Lead", "Executive"))
        return f"Senior {title}" if senior and self.rng.random() < 0.2 else title

    def _languages(self, country: str) -> list[str]:
        spoken = [demo_data.NATIVE_LANGUAGE[country], "en"]
        for code, share in demo_data.EXTRA_LANGUAGES[country]:
            if self.rng.random() < share:
                spoken.append(code)
        return list(dict.fromkeys(spoken))

    def _preferred_language(self, country: str) -> str:
        rng = self.rng
        if rng.random() >= self.config.preferred_language_share:
            return ""
        if country != "GB" and rng.random() < 0.15:
            return "en"
        return demo_data.NATIVE_LANGUAGE[country]

    def _topics(self, spec: UnitSpec, *, is_manager: bool) -> list[str]:
        rng = self.rng
        if rng.random() >= self.config.topics_share or not spec.topics:
            return []
        pool = list(dict.fromkeys(spec.topics))
        topics = rng.sample(pool, k=min(len(pool), rng.randint(2, 4)))
        if is_manager and rng.random() < 0.5:
            topics.append(rng.choice(demo_data.LEADERSHIP_TOPICS))
        if rng.random() < 0.4:
            topics.append(rng.choice(demo_data.HOBBY_TOPICS))
        return list(dict.fromkeys(topics))

    def _bio(
        self, language: str, spec: UnitSpec, first: str, title: str, city: str, topics: list[str]
    ) -> str:
        rng = self.rng
        placed_in_team = spec.kind in ("department", "team")
        intros = demo_data.BIO_INTROS[language]["unit" if placed_in_team else "plain"]
        values = {
            "first": first,
            "title": title,
            "unit": spec.name,
            "city": city,
            "years": str(rng.randint(2, 15)),
            "company": demo_data.COMPANY_NAME,
        }
        sentences = [rng.choice(intros).format(**values)]
        if rng.random() < 0.75:
            sentences.append(rng.choice(demo_data.BIO_HOBBIES[language]))
        if topics and rng.random() < 0.5:
            sentences.append(rng.choice(demo_data.BIO_ASK[language]).format(topic=topics[0]))
        return " ".join(sentences)


def plan_organisation(config: DemoConfig) -> DemoPlan:
    """Decide the whole demo organisation from the config's seed, without writing anything."""
    return _Planner(config).plan()


# --- Avatars.


def avatar_png(seed: int, *, size: int = 400) -> bytes:
    """A simple geometric portrait (PNG): a head and shoulders on a calm background."""
    rng = random.Random(seed)
    scale = 2  # drawn at double size and reduced: cheap anti-aliasing
    s = size * scale

    def box(x0: float, y0: float, x1: float, y1: float) -> tuple[int, int, int, int]:
        return (int(x0 * s), int(y0 * s), int(x1 * s), int(y1 * s))

    background = rng.choice(demo_data.AVATAR_BACKGROUNDS)
    skin = rng.choice(demo_data.AVATAR_SKIN)
    hair = rng.choice(demo_data.AVATAR_HAIR)
    shirt = rng.choice(demo_data.AVATAR_SHIRTS)
    style = rng.choice(("short", "long", "bun", "cropped"))
    glasses = rng.random() < 0.25
    shade = tuple(max(0, c - 25) for c in skin)
    dark = (45, 35, 35)

    image = Image.new("RGB", (s, s), background)
    draw = ImageDraw.Draw(image)
    if style == "long":
        draw.rounded_rectangle(box(0.27, 0.2, 0.73, 0.78), radius=int(0.12 * s), fill=hair)
    draw.ellipse(box(0.15, 0.7, 0.85, 1.35), fill=shirt)
    draw.rectangle(box(0.43, 0.55, 0.57, 0.75), fill=shade)
    draw.ellipse(box(0.31, 0.2, 0.69, 0.64), fill=skin)
    if style == "bun":
        draw.ellipse(box(0.42, 0.08, 0.58, 0.24), fill=hair)
    if style == "cropped":
        draw.chord(box(0.31, 0.19, 0.69, 0.5), 190, 350, fill=hair)
    else:
        draw.chord(box(0.3, 0.17, 0.7, 0.55), 180, 360, fill=hair)
    eye_y = 0.42
    for eye_x in (0.43, 0.57):
        draw.ellipse(box(eye_x - 0.018, eye_y - 0.018, eye_x + 0.018, eye_y + 0.018), fill=dark)
        if glasses:
            draw.ellipse(
                box(eye_x - 0.05, eye_y - 0.045, eye_x + 0.05, eye_y + 0.045),
                outline=dark,
                width=int(0.008 * s),
            )
    if glasses:
        draw.line(box(0.48, eye_y, 0.52, eye_y), fill=dark, width=int(0.008 * s))
    draw.arc(box(0.44, 0.47, 0.56, 0.56), 20, 160, fill=dark, width=int(0.01 * s))

    out = io.BytesIO()
    image.reduce(scale).save(out, "PNG", compress_level=1)
    return out.getvalue()


# --- Building: every write through the people services.


def _create(plan: PersonPlan, *, unit: OrgUnit | None, reports_to: Person | None) -> Person:
    return create_person(
        email=plan.email,
        first_name=plan.first_name,
        last_name=plan.last_name,
        roles=plan.roles,
        employee_id=plan.employee_id,
        job_title=plan.title,
        location=plan.city,
        country=plan.country,
        languages=plan.languages,
        ask_me_about=plan.ask_me_about,
        bio=plan.bio,
        preferred_language=plan.preferred_language,
        primary_unit=unit,
        reports_to=reports_to,
    )


def build_units(plan: DemoPlan) -> list[OrgUnit]:
    """Create the tree top-down, each unit with its manager, who reports to the parent's."""
    built: dict[str, OrgUnit] = {}
    for node in plan.units:
        parent = built[node.parent] if node.parent else None
        manager_plan = plan.managers[node.name]
        # The unit needs its manager and the manager's profile needs the unit: person first.
        manager = _create(manager_plan, unit=None, reports_to=parent.manager if parent else None)
        unit = create_unit(
            actor=None,
            name=node.spec.name,
            kind=node.spec.kind,
            parent=parent,
            manager=manager,
            description=node.spec.description,
        )
        update_profile(actor=manager, person=manager, changes={"primary_unit": unit})
        built[node.name] = unit
    return list(built.values())


def build_people(plan: DemoPlan, units: list[OrgUnit]) -> list[Person]:
    """Fill the units with their members, each reporting to their unit's manager."""
    by_name = {unit.name: unit for unit in units}
    people = []
    for member in plan.members:
        unit = by_name[member.unit]
        people.append(_create(member, unit=unit, reports_to=unit.manager))
    return people


def build_photos(plan: DemoPlan, people: list[Person]) -> int:
    """Give everyone the plan gave an avatar their photo; returns how many got one."""
    by_email = {person.email: person for person in people}
    count = 0
    for person_plan in plan.people:
        if person_plan.avatar_seed is not None:
            set_profile_photo_bytes(
                person=by_email[person_plan.email], data=avatar_png(person_plan.avatar_seed)
            )
            count += 1
    return count


def set_demo_password(people: list[Person], password: str) -> None:
    """Give every demo person the one demo password, hashed once.

    Argon2 takes a noticeable moment per hash on purpose; 250 separate hashes of the same
    password would take a minute, so the one hash is written to all rows together. No service
    sets an already-hashed password, hence the direct update.
    """
    encoded = make_password(password)
    Person.objects.filter(pk__in=[p.pk for p in people]).update(password=encoded)
    for person in people:
        person.password = encoded


@transaction.atomic
def build_demo(config: DemoConfig | None = None) -> DemoOrganisation:
    """Plan and write the whole demo organisation in one transaction."""
    config = config or DemoConfig()
    plan = plan_organisation(config)
    units = build_units(plan)
    people = [unit.manager for unit in units if unit.manager is not None]
    people += build_people(plan, units)
    build_photos(plan, people)
    set_demo_password(people, config.password or settings.TOWNHALL_DEMO_PASSWORD)
    accounts = {p.email: p for p in people if p.email in {e for _r, e in DEMO_ACCOUNTS}}
    return DemoOrganisation(company=units[0], units=units, people=people, accounts=accounts)
