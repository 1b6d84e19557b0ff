"""What the demo's check-ins say: realistic weekly notes per language, and the CEO's own."""

from __future__ import annotations

# Units whose people check in in the demo (the company itself: the CEO, every week).
UNITS = ("Customer Service UK", "Sales Benelux", "Sales Nordics", "Platform")

DID = {
    "en": (
        "Closed 14 escalations, including the two warranty cases that had been open since May.",
        "Finished the new returns macro in Zendesk and trained the evening shift on it.",
        "Shipped the first version of the delivery-slot picker to 10% of customers.",
        "Migrated the staging cluster to the new node pool without downtime.",
        "Ran the quarterly review with our three biggest garden-centre accounts.",
        "Wrote up the on-call handbook and walked the team through it.",
        "Cleaned up 300 duplicate customer records after the CRM import.",
        "Visited the Leeds store to see the click-and-collect flow with my own eyes.",
    ),
    "nl": (
        "Drie nieuwe tuincentra in Brabant getekend, samen goed voor zo'n 80k per jaar.",
        "De prijsafspraken voor het voorjaar met de inkoop rondgemaakt.",
        "Klantdag in Utrecht georganiseerd: 40 aanmeldingen, mooie gesprekken.",
    ),
    "sv": (
        "Skrev avtal med två nya butiker i Göteborg och följde upp kampanjen i Malmö.",
        "Gick igenom hela offertflödet med nya kollegan och rensade bort gamla mallar.",
        "Hade kundmöte med Plantagen om vårens sortiment.",
    ),
}
DOING = {
    "en": (
        "Getting the backlog under 50 before the spring rush starts.",
        "Pairing with Data & Analytics on the weekly contact-reason report.",
        "Rolling the delivery-slot picker out to everyone if the numbers hold.",
        "Upgrading Postgres on the order database; maintenance window on Thursday night.",
        "Preparing the renewal proposal for Fjord Garden Supplies.",
        "Interviewing two candidates for the senior SRE role.",
        "Writing the customer-facing FAQ for the new loyalty scheme.",
    ),
    "nl": (
        "Voorjaarsactie voorbereiden met Marketing en de eerste bestellingen inplannen.",
        "Twee nieuwe collega's inwerken en de accountverdeling opnieuw bekijken.",
    ),
    "sv": (
        "Förbereda vårkampanjen tillsammans med Marketing och boka in butiksbesök.",
        "Ta fram en ny prislista för de nordiska återförsäljarna.",
    ),
}
NEED_HELP = {
    "en": (
        "Does anyone have experience with the carrier API for Ireland? Our tracking links break.",
        "I need 30 minutes with someone from Finance about how we book goodwill refunds.",
        "Looking for a volunteer to review the on-call handbook with fresh eyes.",
        "Who owns the product feed for the marketplace? Prices there are a day behind.",
    ),
    "nl": ("Wie kent iemand bij Logistiek die ons kan helpen met de levertijden naar België?",),
    "sv": ("Någon som vet hur vi får ut lagersaldot per butik? Kunderna frågar hela tiden.",),
}
CEO_WEEKS = (
    (
        "Spent two days in our Swedish stores and one evening with the night shift in the "
        "Venlo warehouse. The thing I heard most: our delivery promises are better than our "
        "delivery slots.",
        "Board meeting on Thursday, where I present the spring plan. Open hour as always on "
        "Thursday afternoon.",
        "I would love three people from the shop floor to read the spring plan before the board "
        "does. Reply here if you have an hour.",
    ),
    (
        "Board approved the spring plan, including the budget for the new delivery-slot picker. "
        "Thank you to everyone who read the draft and told me what was unclear.",
        "Visiting Customer Service UK in Manchester on Wednesday. I want to listen in on calls.",
        "",
    ),
    (
        "Listened in on calls in Manchester: three of the five were about returns. We will fix "
        "the returns flow before we add anything new to the shop.",
        "Working with Operations on a plan for returns; first proposal in two weeks.",
        "If you have seen a return go wrong this month, tell me about it in the comments. "
        "Specifics help more than summaries.",
    ),
)
HELP_REPLIES = (
    "I can help with that! I worked on the carrier integration last year. Coffee on Tuesday?",
    "Happy to take a look; send me the link and I'll go through it this week.",
    "That sounds like something for Lotte in Logistics. I'll introduce you two.",
)
