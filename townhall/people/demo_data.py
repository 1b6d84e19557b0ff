"""The raw material of the demo organisation: its tree, names, cities, titles and bio sentences.

This is data, not interface text: names and bios are what people would have typed themselves,
in their own language, so none of it goes through gettext.
"""

from __future__ import annotations

from dataclasses import dataclass, field

COMPANY_NAME = "Nordvik Group"

COUNTRY_NAMES = {
    "NL": "Netherlands",
    "SE": "Sweden",
    "NO": "Norway",
    "GB": "United Kingdom",
}

# The language people in each country speak natively and use in their bios (a UI language).
NATIVE_LANGUAGE = {"NL": "nl", "SE": "sv", "NO": "nb", "GB": "en"}

# Languages beyond native + English that some people add, with the share who do.
EXTRA_LANGUAGES: dict[str, list[tuple[str, float]]] = {
    "NL": [("de", 0.35), ("fr", 0.12), ("es", 0.06)],
    "SE": [("nb", 0.2), ("da", 0.1), ("de", 0.15), ("fi", 0.04)],
    "NO": [("sv", 0.25), ("da", 0.12), ("de", 0.1)],
    "GB": [("fr", 0.2), ("es", 0.12), ("de", 0.08), ("pl", 0.03)],
}

# Cities with a weight: the bigger office gets more people.
CITIES: dict[str, list[tuple[str, int]]] = {
    "NL": [("Amsterdam", 6), ("Utrecht", 3), ("Rotterdam", 2), ("Eindhoven", 1)],
    "SE": [("Stockholm", 6), ("Göteborg", 3), ("Malmö", 2), ("Uppsala", 1)],
    "NO": [("Oslo", 6), ("Bergen", 3), ("Trondheim", 2), ("Stavanger", 1)],
    "GB": [("London", 6), ("Manchester", 3), ("Edinburgh", 2), ("Bristol", 1)],
}

FIRST_NAMES: dict[str, list[str]] = {
    "NL": [
        "Anouk", "Sanne", "Lotte", "Femke", "Marieke", "Ilse", "Eva", "Fleur", "Daphne",
        "Joëlle", "Noor", "Esther", "Marloes", "Annelies", "Chloë", "Daniëlle", "Lieke", "Roos",
        "Mirjam", "Fatima", "Daan", "Bram", "Thijs", "Joost", "Pieter", "Ruud", "Sander",
        "Jeroen", "Maarten", "Wouter", "Niels", "Stijn", "Bas", "Joris", "Koen", "Teun",
        "Rutger", "Gijs", "Noël", "Youssef", "Mehmet", "Sönke",
    ],
    "SE": [
        "Åsa", "Anna", "Elin", "Maja", "Karin", "Sara", "Linnéa", "Ingrid", "Märta", "Ebba",
        "Klara", "Johanna", "Frida", "Sofia", "Ylva", "Malin", "Helén", "Lovisa", "Agnes",
        "Amira", "Björn", "Erik", "Lars", "Johan", "Anders", "Magnus", "Göran", "Oskar", "Nils",
        "Fredrik", "Mattias", "Henrik", "Gustav", "Axel", "Olle", "Pär", "Jörgen", "Viktor",
        "Ali",
    ],
    "NO": [
        "Kari", "Solveig", "Sølvi", "Marte", "Ingeborg", "Silje", "Hanne", "Ragnhild", "Tone",
        "Ida", "Nora", "Synnøve", "Astrid", "Guro", "Hege", "Mari", "Tuva", "Åshild", "Bjørn",
        "Øystein", "Håkon", "Ola", "Jørgen", "Sindre", "Eirik", "Espen", "Trond", "Knut",
        "Torbjørn", "Sigurd", "Vegard", "Øyvind", "Per", "Tor", "Amund", "Jonas",
    ],
    "GB": [
        "Emma", "Olivia", "Charlotte", "Sophie", "Hannah", "Lucy", "Amelia", "Grace", "Chloe",
        "Zoë", "Siobhán", "Niamh", "Priya", "Rebecca", "Katie", "Isla", "Eleanor", "Fiona",
        "Aisha", "James", "Oliver", "Thomas", "Harry", "George", "William", "Jack", "Samuel",
        "Daniel", "Rhys", "Callum", "Alistair", "Ewan", "Rajesh", "Owen", "Matthew", "Benedict",
        "Liam", "Kwame", "Seán",
    ],
}  # fmt: skip

LAST_NAMES: dict[str, list[str]] = {
    "NL": [
        "de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
        "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Dijk", "Dekker",
        "Brouwer", "de Wit", "Dijkstra", "Smits", "van Leeuwen", "Kok", "Hoekstra", "Postma",
        "Verhoeven", "El Amrani", "Yılmaz", "van der Meer", "Kuipers", "Schouten",
    ],
    "SE": [
        "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
        "Persson", "Svensson", "Lindqvist", "Lindström", "Åberg", "Öberg", "Östlund", "Sjöberg",
        "Bergström", "Holmgren", "Wallin", "Engström", "Lundgren", "Hedlund", "Jönsson",
        "Ström", "Forsberg", "Nyström", "Håkansson",
    ],
    "NO": [
        "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen",
        "Kristiansen", "Jensen", "Berg", "Haugen", "Hagen", "Solberg", "Bakken", "Ødegård",
        "Bråthen", "Strand", "Lie", "Dahl", "Moen", "Sæther", "Haaland", "Nygård", "Aasen",
        "Løvås", "Grønli",
    ],
    "GB": [
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Evans",
        "Thomas", "Roberts", "Walker", "Wright", "Robinson", "Thompson", "Hughes", "Clarke",
        "Patel", "Khan", "MacDonald", "O'Connor", "Campbell", "Murray", "Fitzgerald", "Okafor",
        "Ní Bhriain",
    ],
}  # fmt: skip


@dataclass(frozen=True)
class UnitSpec:
    """One unit of the demo tree: who leads it, what its people do, where they sit."""

    name: str
    kind: str
    manager_title: str
    titles: tuple[str, ...] = ()
    # Relative share of the ordinary members this unit gets (its manager comes on top).
    weight: float = 0.0
    countries: tuple[tuple[str, float], ...] = (("NL", 4), ("SE", 3), ("NO", 2), ("GB", 2))
    topics: tuple[str, ...] = ()
    description: str = ""
    children: tuple[UnitSpec, ...] = field(default_factory=tuple)


NL = (("NL", 1.0),)
UK = (("GB", 1.0),)
NORDICS = (("SE", 0.55), ("NO", 0.45))

MARKETING_TOPICS = (
    "brand guidelines", "SEO", "campaigns", "social media", "copywriting", "Google Analytics",
    "video editing", "newsletters",
)  # fmt: skip
SALES_TOPICS = ("Salesforce", "pricing", "negotiation", "key accounts", "tenders", "CRM")
SERVICE_TOPICS = (
    "Zendesk", "customer feedback", "returns", "escalations", "knowledge base", "NPS",
)  # fmt: skip
ENGINEERING_TOPICS = (
    "Python", "Kubernetes", "PostgreSQL", "React", "on-call", "CI/CD", "Swift", "Kotlin",
    "dbt", "data modelling", "code review",
)  # fmt: skip
PRODUCT_TOPICS = ("roadmap", "user research", "Figma", "accessibility", "A/B testing", "discovery")
SUPPLY_TOPICS = ("logistics", "suppliers", "warehousing", "procurement", "customs", "forecasting")
IT_TOPICS = (
    "laptops", "VPN", "Microsoft 365", "security awareness", "password managers", "Teams",
)  # fmt: skip
FACILITIES_TOPICS = ("office moves", "meeting rooms", "parking", "sustainability", "canteen")
FINANCE_TOPICS = ("expenses", "budgeting", "invoices", "Excel", "forecasting", "VAT")
HR_TOPICS = (
    "onboarding", "recruitment", "parental leave", "benefits", "learning budget",
    "performance reviews",
)  # fmt: skip
COMMS_TOPICS = (
    "internal communications", "writing", "intranet", "storytelling", "events", "press",
)  # fmt: skip
LEADERSHIP_TOPICS = ("strategy", "company culture", "leadership", "mentoring")
HOBBY_TOPICS = (
    "running", "cycling", "photography", "board games", "coffee", "chess", "sailing", "baking",
    "skiing", "football", "gardening", "podcasts",
)  # fmt: skip

ORGANISATION = UnitSpec(
    name=COMPANY_NAME,
    kind="company",
    manager_title="CEO",
    titles=("Executive Assistant", "Chief of Staff", "Strategy Analyst"),
    weight=3,
    topics=LEADERSHIP_TOPICS,
    description="Nordic and Dutch home-and-garden retail, online and in 40 stores.",
    children=(
        UnitSpec(
            name="Commercial",
            kind="division",
            manager_title="Chief Commercial Officer",
            topics=LEADERSHIP_TOPICS + SALES_TOPICS,
            children=(
                UnitSpec(
                    name="Marketing",
                    kind="department",
                    manager_title="Marketing Director",
                    titles=("Marketing Analyst",),
                    weight=1,
                    topics=MARKETING_TOPICS,
                    children=(
                        UnitSpec(
                            name="Brand & Content",
                            kind="team",
                            manager_title="Brand & Content Lead",
                            titles=(
                                "Content Marketer",
                                "Copywriter",
                                "Graphic Designer",
                                "Brand Manager",
                                "Video Producer",
                            ),
                            weight=8,
                            countries=(("NL", 5), ("GB", 3), ("SE", 2)),
                            topics=MARKETING_TOPICS,
                        ),
                        UnitSpec(
                            name="Digital Marketing",
                            kind="team",
                            manager_title="Digital Marketing Lead",
                            titles=(
                                "SEO Specialist",
                                "Performance Marketer",
                                "Marketing Automation Specialist",
                                "Social Media Manager",
                            ),
                            weight=8,
                            topics=MARKETING_TOPICS,
                        ),
                    ),
                ),
                UnitSpec(
                    name="Sales",
                    kind="department",
                    manager_title="Sales Director",
                    titles=("Sales Operations Analyst",),
                    weight=1,
                    topics=SALES_TOPICS,
                    children=(
                        UnitSpec(
                            name="Sales Benelux",
                            kind="team",
                            manager_title="Sales Manager Benelux",
                            titles=(
                                "Account Executive",
                                "Account Manager",
                                "Key Account Manager",
                                "Sales Development Representative",
                            ),
                            weight=9,
                            countries=NL,
                            topics=SALES_TOPICS,
                        ),
                        UnitSpec(
                            name="Sales Nordics",
                            kind="team",
                            manager_title="Sales Manager Nordics",
                            titles=(
                                "Account Executive",
                                "Account Manager",
                                "Key Account Manager",
                                "Sales Development Representative",
                            ),
                            weight=9,
                            countries=NORDICS,
                            topics=SALES_TOPICS,
                        ),
                        UnitSpec(
                            name="Sales UK & Ireland",
                            kind="team",
                            manager_title="Sales Manager UK & Ireland",
                            titles=(
                                "Account Executive",
                                "Account Manager",
                                "Key Account Manager",
                                "Business Development Manager",
                            ),
                            weight=8,
                            countries=UK,
                            topics=SALES_TOPICS,
                        ),
                    ),
                ),
                UnitSpec(
                    name="Customer Service",
                    kind="department",
                    manager_title="Head of Customer Service",
                    titles=("Quality & Training Coordinator",),
                    weight=1,
                    topics=SERVICE_TOPICS,
                    children=(
                        UnitSpec(
                            name="Customer Service Benelux",
                            kind="team",
                            manager_title="Customer Service Team Lead",
                            titles=(
                                "Customer Service Agent",
                                "Customer Service Specialist",
                                "Customer Success Manager",
                            ),
                            weight=12,
                            countries=NL,
                            topics=SERVICE_TOPICS,
                        ),
                        UnitSpec(
                            name="Customer Service Nordics",
                            kind="team",
                            manager_title="Customer Service Team Lead",
                            titles=(
                                "Customer Service Agent",
                                "Customer Service Specialist",
                                "Customer Success Manager",
                            ),
                            weight=12,
                            countries=NORDICS,
                            topics=SERVICE_TOPICS,
                        ),
                        UnitSpec(
                            name="Customer Service UK",
                            kind="team",
                            manager_title="Customer Service Team Lead",
                            titles=(
                                "Customer Service Agent",
                                "Customer Service Specialist",
                                "Customer Success Manager",
                            ),
                            weight=10,
                            countries=UK,
                            topics=SERVICE_TOPICS,
                        ),
                    ),
                ),
            ),
        ),
        UnitSpec(
            name="Product & Technology",
            kind="division",
            manager_title="Chief Technology Officer",
            topics=LEADERSHIP_TOPICS + ENGINEERING_TOPICS,
            children=(
                UnitSpec(
                    name="Engineering",
                    kind="department",
                    manager_title="VP Engineering",
                    titles=("Staff Engineer",),
                    weight=1,
                    topics=ENGINEERING_TOPICS,
                    children=(
                        UnitSpec(
                            name="Platform",
                            kind="team",
                            manager_title="Engineering Manager",
                            titles=(
                                "Backend Developer",
                                "Site Reliability Engineer",
                                "Software Engineer",
                                "DevOps Engineer",
                            ),
                            weight=11,
                            countries=(("NL", 4), ("SE", 3), ("NO", 2), ("GB", 1)),
                            topics=ENGINEERING_TOPICS,
                        ),
                        UnitSpec(
                            name="Mobile Apps",
                            kind="team",
                            manager_title="Engineering Manager",
                            titles=(
                                "iOS Developer",
                                "Android Developer",
                                "Software Engineer",
                                "QA Engineer",
                            ),
                            weight=9,
                            countries=(("SE", 4), ("NO", 3), ("NL", 2)),
                            topics=ENGINEERING_TOPICS,
                        ),
                        UnitSpec(
                            name="Data & Analytics",
                            kind="team",
                            manager_title="Head of Data",
                            titles=(
                                "Data Engineer",
                                "Data Scientist",
                                "Data Analyst",
                                "Analytics Engineer",
                            ),
                            weight=8,
                            topics=ENGINEERING_TOPICS,
                        ),
                    ),
                ),
                UnitSpec(
                    name="Product",
                    kind="department",
                    manager_title="Head of Product",
                    weight=0,
                    topics=PRODUCT_TOPICS,
                    children=(
                        UnitSpec(
                            name="Product Management",
                            kind="team",
                            manager_title="Lead Product Manager",
                            titles=("Product Manager", "Product Owner", "Business Analyst"),
                            weight=6,
                            topics=PRODUCT_TOPICS,
                        ),
                        UnitSpec(
                            name="Design",
                            kind="team",
                            manager_title="Design Lead",
                            titles=("UX Designer", "UX Researcher", "Product Designer"),
                            weight=5,
                            countries=(("NL", 2), ("SE", 2), ("NO", 2), ("GB", 1)),
                            topics=PRODUCT_TOPICS,
                        ),
                    ),
                ),
            ),
        ),
        UnitSpec(
            name="Operations",
            kind="division",
            manager_title="Chief Operating Officer",
            topics=LEADERSHIP_TOPICS + SUPPLY_TOPICS,
            children=(
                UnitSpec(
                    name="Supply Chain",
                    kind="department",
                    manager_title="Supply Chain Director",
                    weight=0,
                    topics=SUPPLY_TOPICS,
                    children=(
                        UnitSpec(
                            name="Logistics",
                            kind="team",
                            manager_title="Logistics Manager",
                            titles=(
                                "Logistics Coordinator",
                                "Transport Planner",
                                "Warehouse Supervisor",
                            ),
                            weight=8,
                            countries=(("NL", 3), ("SE", 2), ("NO", 1)),
                            topics=SUPPLY_TOPICS,
                        ),
                        UnitSpec(
                            name="Procurement",
                            kind="team",
                            manager_title="Procurement Manager",
                            titles=("Buyer", "Category Manager", "Supplier Quality Specialist"),
                            weight=5,
                            topics=SUPPLY_TOPICS,
                        ),
                    ),
                ),
                UnitSpec(
                    name="IT",
                    kind="department",
                    manager_title="Head of IT",
                    weight=0,
                    topics=IT_TOPICS,
                    children=(
                        UnitSpec(
                            name="Workplace IT",
                            kind="team",
                            manager_title="IT Service Manager",
                            titles=(
                                "IT Support Specialist",
                                "Service Desk Analyst",
                                "Systems Administrator",
                            ),
                            weight=6,
                            topics=IT_TOPICS,
                        ),
                        UnitSpec(
                            name="Infrastructure & Security",
                            kind="team",
                            manager_title="Security Lead",
                            titles=(
                                "Network Engineer",
                                "Security Analyst",
                                "Cloud Engineer",
                            ),
                            weight=4,
                            countries=(("NL", 2), ("SE", 2), ("GB", 1)),
                            topics=IT_TOPICS,
                        ),
                    ),
                ),
                UnitSpec(
                    name="Facilities",
                    kind="department",
                    manager_title="Facilities Manager",
                    titles=("Office Manager", "Workplace Coordinator", "Receptionist"),
                    weight=4,
                    topics=FACILITIES_TOPICS,
                ),
            ),
        ),
        UnitSpec(
            name="Corporate Services",
            kind="division",
            manager_title="Chief Financial Officer",
            topics=LEADERSHIP_TOPICS + FINANCE_TOPICS,
            children=(
                UnitSpec(
                    name="Finance",
                    kind="department",
                    manager_title="Finance Director",
                    weight=0,
                    topics=FINANCE_TOPICS,
                    children=(
                        UnitSpec(
                            name="Accounting",
                            kind="team",
                            manager_title="Accounting Manager",
                            titles=(
                                "Accountant",
                                "Accounts Payable Specialist",
                                "Payroll Specialist",
                            ),
                            weight=6,
                            countries=(("NL", 3), ("SE", 1), ("NO", 1), ("GB", 1)),
                            topics=FINANCE_TOPICS,
                        ),
                        UnitSpec(
                            name="Financial Planning & Analysis",
                            kind="team",
                            manager_title="FP&A Manager",
                            titles=("Financial Analyst", "Business Controller"),
                            weight=4,
                            topics=FINANCE_TOPICS,
                        ),
                    ),
                ),
                UnitSpec(
                    name="HR",
                    kind="department",
                    manager_title="HR Director",
                    weight=0,
                    topics=HR_TOPICS,
                    children=(
                        UnitSpec(
                            name="Talent Acquisition",
                            kind="team",
                            manager_title="Talent Acquisition Lead",
                            titles=("Recruiter", "Talent Sourcer", "Employer Branding Specialist"),
                            weight=5,
                            topics=HR_TOPICS,
                        ),
                        UnitSpec(
                            name="People Partners",
                            kind="team",
                            manager_title="Lead HR Business Partner",
                            titles=("HR Business Partner", "HR Advisor", "HR Administrator"),
                            weight=5,
                            topics=HR_TOPICS,
                        ),
                        UnitSpec(
                            name="Learning & Development",
                            kind="team",
                            manager_title="L&D Manager",
                            titles=("Learning Designer", "Trainer", "Leadership Coach"),
                            weight=3,
                            topics=HR_TOPICS,
                        ),
                    ),
                ),
                UnitSpec(
                    name="Communications",
                    kind="department",
                    manager_title="Head of Communications",
                    titles=("Press Officer",),
                    weight=1,
                    topics=COMMS_TOPICS,
                    children=(
                        UnitSpec(
                            name="Internal Communications",
                            kind="team",
                            manager_title="Internal Communications Lead",
                            titles=("Communications Advisor", "Content Editor"),
                            weight=3,
                            topics=COMMS_TOPICS,
                        ),
                    ),
                ),
            ),
        ),
    ),
)


@dataclass(frozen=True)
class FixedPerson:
    """A demo account whose name and place are always the same, so guides can point at them."""

    email: str
    first_name: str
    last_name: str
    country: str
    city: str
    title: str
    unit: str  # unit name; unique in ORGANISATION
    roles: tuple[str, ...] = ()
    bio: str = ""
    topics: tuple[str, ...] = ()


CEO = FixedPerson(
    email="ceo@demo.townhall.example",
    first_name="Marieke",
    last_name="van Dijk",
    country="NL",
    city="Amsterdam",
    title="CEO",
    unit=COMPANY_NAME,
    bio=(
        "Ik ben nu vier jaar CEO van Nordvik Group. Elke donderdag houd ik hier een open "
        "uur: stel je vraag, ook als die lastig is. Ik lees alles, en antwoord in het "
        "Nederlands of het Engels."
    ),
    topics=("strategy", "company culture", "open hour", "sailing"),
)
# Members of their team, not its manager: a plain member must stay a plain member.
ADMIN = FixedPerson(
    email="admin@demo.townhall.example",
    first_name="Sara",
    last_name="Lindqvist",
    country="SE",
    city="Stockholm",
    title="Systems Administrator",
    unit="Workplace IT",
    roles=("admin",),
    bio=(
        "Jag sköter Townhall och våra andra interna system. Hör av dig om något inte fungerar "
        "som det ska, så löser vi det tillsammans."
    ),
    topics=("Townhall", "Microsoft 365", "single sign-on", "security awareness"),
)
COMMS = FixedPerson(
    email="comms@demo.townhall.example",
    first_name="Sølvi",
    last_name="Haugen",
    country="NO",
    city="Oslo",
    title="Internal Communications Manager",
    unit="Internal Communications",
    roles=("community_manager",),
    bio=(
        "Jeg jobber med intern kommunikasjon og hjelper lederne våre med å bli synlige her på "
        "Townhall. Tips meg gjerne om gode historier fra teamet ditt!"
    ),
    topics=("internal communications", "storytelling", "leader coaching", "Townhall"),
)
MEMBER = FixedPerson(
    email="member@demo.townhall.example",
    first_name="Tom",
    last_name="Fletcher",
    country="GB",
    city="Manchester",
    title="Customer Service Specialist",
    unit="Customer Service UK",
    bio=(
        "I look after our trickiest customer cases in the UK. Outside work I coach my "
        "daughter's football team and bake far more bread than we can eat."
    ),
    topics=("Zendesk", "escalations", "football", "baking"),
)
FIXED_PEOPLE = (CEO, ADMIN, COMMS, MEMBER)


# Bio sentences per bio language. "unit" intros name the person's team or department; "plain"
# ones suit people placed directly in the company or a division. Placeholders: {first},
# {title}, {unit}, {city}, {years}, {company}; ask-me sentences take {topic}.
BIO_INTROS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "unit": (
            "{title} in {unit}, based in {city}. I joined {company} {years} years ago and "
            "still enjoy the variety every week brings.",
            "Hi, I'm {first}! I've been part of {unit} for {years} years and work from our "
            "{city} office.",
            "Based in {city}, I've spent the last {years} years at {company}, currently in "
            "{unit}. Before that I worked in consultancy, so I like untangling messy problems.",
            "{title} with {unit}. Our team is spread across several countries, which keeps "
            "every week interesting. I live in {city}.",
        ),
        "plain": (
            "{title}, based in {city}. I joined {company} {years} years ago.",
            "Hi, I'm {first}! I've been at {company} for {years} years and work from our "
            "{city} office.",
        ),
    },
    "nl": {
        "unit": (
            "Ik ben {title} bij {unit} en werk vanuit {city}. Ik zit inmiddels {years} jaar bij "
            "{company} en vind het nog steeds elke week leuk.",
            "Hoi, ik ben {first}! Ik werk als {title} op ons kantoor in {city} en hoor al "
            "{years} jaar bij {unit}.",
            "Ik werk nu {years} jaar bij {company}, op dit moment als {title} binnen {unit}. "
            "Daarvoor was ik een paar jaar consultant, dus ik hou van lastige puzzels.",
            "Als {title} binnen {unit} werk ik veel samen met collega's in andere landen. Ik "
            "woon in {city}.",
        ),
        "plain": (
            "Ik ben {title} en werk vanuit {city}. Ik zit inmiddels {years} jaar bij {company}.",
            "Hoi, ik ben {first}! Ik werk al {years} jaar bij {company}, op ons kantoor in {city}.",
        ),
    },
    "sv": {
        "unit": (
            "Jag är {title} på {unit} och sitter på kontoret i {city}. Jag har jobbat på "
            "{company} i {years} år och trivs fortfarande väldigt bra.",
            "Hej, jag heter {first}! Jag jobbar som {title} i {city} och har varit en del av "
            "{unit} i {years} år.",
            "Jag har varit på {company} i {years} år, just nu som {title} inom {unit}. Innan "
            "dess arbetade jag några år som konsult, så jag gillar kluriga problem.",
            "Som {title} i {unit} samarbetar jag mycket med kollegor i andra länder. Jag bor "
            "i {city}.",
        ),
        "plain": (
            "Jag är {title} och sitter i {city}. Jag har jobbat på {company} i {years} år.",
            "Hej, jag heter {first}! Jag har varit på {company} i {years} år och jobbar från "
            "kontoret i {city}.",
        ),
    },
    "nb": {
        "unit": (
            "Jeg er {title} i {unit} og jobber fra kontoret i {city}. Jeg har vært i {company} "
            "i {years} år og trives fortsatt veldig godt.",
            "Hei, jeg heter {first}! Jeg jobber som {title} i {city} og har vært en del av "
            "{unit} i {years} år.",
            "Jeg har jobbet i {company} i {years} år, nå som {title} i {unit}. Før det jobbet "
            "jeg noen år som konsulent, så jeg liker vanskelige problemer.",
            "Som {title} i {unit} samarbeider jeg mye med kolleger i andre land. Jeg bor i {city}.",
        ),
        "plain": (
            "Jeg er {title} og holder til i {city}. Jeg har vært i {company} i {years} år.",
            "Hei, jeg heter {first}! Jeg har jobbet i {company} i {years} år, på kontoret i "
            "{city}.",
        ),
    },
}

BIO_HOBBIES: dict[str, tuple[str, ...]] = {
    "en": (
        "Outside work I'm usually on my bike or in the garden.",
        "Weekends are for hiking, sourdough and far too many podcasts.",
        "I sing in a choir and play five-a-side football on Thursdays.",
        "I'm a keen runner and slowly training for my first marathon.",
        "At home I'm outnumbered by two kids and a very loud dog.",
        "I read a lot of crime novels and cook for anyone who'll let me.",
    ),
    "nl": (
        "Buiten het werk zit ik vaak op de racefiets of sta ik in de moestuin.",
        "In het weekend wandel ik graag, bak ik brood en luister ik veel te veel podcasts.",
        "Ik zing in een koor en voetbal op donderdagavond met vrienden.",
        "Ik ben een fanatieke hardloper en train voor mijn eerste marathon.",
        "Thuis word ik flink beziggehouden door twee kinderen en een luidruchtige hond.",
        "Ik lees graag thrillers en kook voor iedereen die mee wil eten.",
    ),
    "sv": (
        "På fritiden cyklar jag gärna eller pysslar i trädgården.",
        "Helgerna går åt till vandring, surdegsbröd och alldeles för många poddar.",
        "Jag sjunger i kör och spelar innebandy på torsdagar.",
        "Jag springer mycket och tränar inför mitt första maraton.",
        "Hemma håller två barn och en högljudd hund mig sysselsatt.",
        "Jag läser gärna deckare och lagar mat till alla som vill äta.",
    ),
    "nb": (
        "På fritiden sykler jeg mye eller steller i hagen.",
        "Helgene går med til fjellturer, surdeigsbrød og altfor mange podkaster.",
        "Jeg synger i kor og spiller fotball med venner på torsdager.",
        "Jeg løper mye og trener mot mitt første maraton.",
        "Hjemme holder to barn og en høylytt hund meg travelt opptatt.",
        "Jeg leser gjerne krim og lager mat til alle som vil spise.",
    ),
}

BIO_ASK: dict[str, tuple[str, ...]] = {
    "en": (
        "Happy to help with anything about {topic}.",
        "Ask me about {topic}, I love talking about it.",
        "Feel free to reach out about {topic}.",
    ),
    "nl": (
        "Vraag me gerust alles over {topic}.",
        "Je kunt me altijd benaderen over {topic}.",
        "Over {topic} praat ik graag met je verder.",
    ),
    "sv": (
        "Fråga mig gärna om {topic}.",
        "Hör av dig om du vill prata om {topic}.",
        "Jag hjälper gärna till med frågor om {topic}.",
    ),
    "nb": (
        "Spør meg gjerne om {topic}.",
        "Ta kontakt hvis du vil snakke om {topic}.",
        "Jeg hjelper gjerne til med spørsmål om {topic}.",
    ),
}

# Avatar palettes: calm backgrounds, a spread of skin and hair tones, shirt colours.
AVATAR_BACKGROUNDS = (
    (221, 235, 247), (252, 228, 214), (226, 239, 218), (237, 231, 246), (255, 242, 204),
    (214, 234, 236), (248, 215, 218), (232, 232, 232),
)  # fmt: skip
AVATAR_SKIN = (
    (255, 224, 196), (241, 194, 156), (224, 172, 130), (198, 134, 94), (141, 85, 54),
    (92, 56, 36),
)  # fmt: skip
AVATAR_HAIR = (
    (40, 30, 25), (40, 30, 25), (90, 60, 35), (90, 60, 35), (150, 100, 55), (220, 185, 120),
    (180, 80, 40), (170, 170, 170),
)  # fmt: skip
AVATAR_SHIRTS = (
    (38, 70, 120), (160, 50, 60), (50, 120, 90), (80, 80, 90), (200, 140, 40), (110, 70, 140),
    (30, 110, 140),
)  # fmt: skip
