"""The raw material of the demo community: interest groups and what people write, per language.

Like the people demo data this is content, not interface text: posts and comments are what
people would have typed themselves, in their own language, so none of it goes through gettext.
Placeholders: {mention} (an @handle of a colleague), {unit} (the author's team).
"""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("en", "nl", "sv", "nb")


@dataclass(frozen=True)
class GroupSpec:
    """An interest group: who starts it, who joins, and what gets posted in it."""

    key: str
    name: str
    visibility: str
    description: str
    # Email of the creator (a fixed demo account) or a job title prefix to pick one by.
    creator: str
    # Share of everyone who joins an open group; private/secret groups are filled by rule.
    share: float = 0.0
    # Units whose people join far more often (engineers and Tech talks, say).
    keen_units: tuple[str, ...] = ()
    posts: tuple[str, ...] = ()  # English: these groups are cross-border
    weight: float = 1.0  # relative share of the interest-group posts


INTEREST_GROUPS: tuple[GroupSpec, ...] = (
    GroupSpec(
        key="running",
        name="Running club",
        visibility="open",
        description="Lunch runs, Sunday long runs and the odd half marathon. All paces welcome.",
        creator="member:running",
        share=0.12,
        posts=(
            "Lunch run tomorrow at 12:15 from the main entrance, 5 km easy pace. Who is in? "
            "#running",
            "Signed up for the Dam tot Damloop with {mention}. Anyone else want to join the "
            "team? We could get matching shirts. #running",
            "New personal best on the Sunday long run this weekend: 21 km without walking! "
            "Thanks for the pacing tips, {mention}. #running",
            "Reminder that the step challenge starts on Monday. Teams of four, sign up in the "
            "comments. #running #wellbeing",
        ),
    ),
    GroupSpec(
        key="books",
        name="Book club",
        visibility="open",
        description="One book a month, discussed over coffee or online. Suggestions welcome.",
        creator="member:podcasts",
        share=0.08,
        posts=(
            "This month we are reading Klara and the Sun. We meet on the last Thursday, online "
            "and in the Amsterdam office. #bookclub",
            "What should we read next month? Put your suggestion in the comments and react to "
            "vote. #bookclub",
            "Just finished the book for this month and I have thoughts. Who else is done? "
            "#bookclub",
        ),
    ),
    GroupSpec(
        key="sustainability",
        name="Sustainability",
        visibility="open",
        description="Making our stores, offices and supply chain greener, one idea at a time.",
        creator="title:Facilities Manager",
        share=0.16,
        keen_units=("Facilities", "Logistics", "Procurement"),
        weight=1.6,
        posts=(
            "Our delivery vans in Oslo are now fully electric. Next up: Stockholm and Utrecht. "
            "Thanks to {mention} for pushing this through. #sustainability",
            "We are collecting ideas to cut packaging waste in the warehouses. What do you see "
            "in your daily work that we could stop doing? #sustainability #ideas",
            "The new bike sheds at head office are open, with chargers for e-bikes. "
            "#sustainability #facilities",
            "First results of the reusable crate pilot with two suppliers: 40% less cardboard "
            "in four weeks. Full numbers next week. #sustainability #suppliers",
        ),
    ),
    GroupSpec(
        key="tech",
        name="Tech talks",
        visibility="open",
        description="Lightning talks, demos and deep dives from our engineers and data people.",
        creator="title:VP Engineering",
        share=0.06,
        keen_units=("Platform", "Mobile Apps", "Data & Analytics", "Infrastructure & Security"),
        weight=1.4,
        posts=(
            "Next Tech talk on Thursday: {mention} shows how we cut our CI pipeline from 25 to "
            "9 minutes. Bring questions! #techtalks #cicd",
            "Slides and recording from last week's talk on PostgreSQL indexing are in the "
            "comments. #techtalks #postgresql",
            "We are looking for speakers for next month. Ten minutes, any topic, no polish "
            "needed. Who is in? #techtalks",
            "Write-up: what we learned from moving the mobile app to the new release train. "
            "#techtalks #mobile",
        ),
    ),
    GroupSpec(
        key="parents",
        name="Parents",
        visibility="open",
        description="Swapping tips on juggling work, school runs and everything in between.",
        creator="title:HR Advisor",
        share=0.14,
        posts=(
            "Does anyone have tips for keeping toddlers busy during a video call? Asking for "
            "a friend (me). #parents",
            "Reminder: the parental leave policy was updated last month, details on the HR "
            "page. {mention} can answer questions. #parents #parentalleave",
            "Kids' day at the office during the autumn holiday. Who is bringing theirs? #parents",
        ),
    ),
    GroupSpec(
        key="photography",
        name="Photography",
        visibility="open",
        description="Share your shots: commutes, holidays, stores and the occasional sunrise.",
        creator="member:photography",
        share=0.07,
        posts=(
            "Sunrise over the harbour on my way in this morning. Worth the early train. "
            "#photography",
            "Monthly theme for the photo challenge: reflections. Post yours in this thread! "
            "#photography",
            "Any recommendations for a light travel lens? Going hiking next month. #photography",
        ),
    ),
    GroupSpec(
        key="townhall",
        name="Townhall tips",
        visibility="open",
        description="How to get the most out of Townhall: tips, questions and what is new.",
        creator="comms@demo.townhall.example",
        share=0.25,
        weight=1.2,
        posts=(
            "Tip of the week: follow a #topic to get its posts in your home feed, even from "
            "groups you are not in. #townhalltips",
            "You can now mention a whole team with @ and the group name. Try it in your next "
            "update! #townhalltips",
            "Questions get answered faster when you mark the best answer as accepted. It helps "
            "the next person too. #townhalltips",
        ),
    ),
    GroupSpec(
        key="leadership",
        name="Leadership team",
        visibility="private",
        description="Division and department leaders: planning, priorities and peer support.",
        creator="ceo@demo.townhall.example",
        weight=1.2,
        posts=(
            "Agenda for Monday's leadership meeting: Q3 numbers, the store opening plan and "
            "the engagement survey. Add your points below. #leadership",
            "Thanks all for a good offsite. Summary and actions are in the comments; owners "
            "please check your items. #leadership",
            "Reminder to block your open hour this week. People notice when we answer in "
            "public. #leadership #openhour",
            "The engagement survey closes Friday. We are at 64% response; can you nudge your "
            "teams? #leadership",
        ),
    ),
    GroupSpec(
        key="hrbp",
        name="HR business partners",
        visibility="private",
        description="HR business partners and HR leadership: cases, policies and planning.",
        creator="title:Lead HR Business Partner",
        posts=(
            "Draft of the new hybrid work guideline is ready for review, comments by Friday "
            "please. #hybridwork",
            "Calibration sessions start in two weeks. Templates are in the shared folder. "
            "#performancereviews",
            "Let's align on how we answer questions about the new pension provider. #benefits",
        ),
    ),
    GroupSpec(
        key="aurora",
        name="Project Aurora",
        visibility="secret",
        description="Confidential: evaluation of a possible acquisition. Do not share outside.",
        creator="ceo@demo.townhall.example",
        posts=(
            "Due diligence data room is open. Please keep everything in this group and do not "
            "forward. #aurora",
            "Summary of the management presentation: strong online growth, weak margins in "
            "the stores. Discussion on Thursday. #aurora",
            "Legal review of the supplier contracts is done; two change-of-control clauses to "
            "look at. #aurora",
            "Draft integration timeline attached for comments. Nothing goes to the board "
            "before we agree here. #aurora",
        ),
    ),
)

# Project Aurora's six members, by job title (the CEO creates it).
AURORA_TITLES = (
    "Chief Financial Officer",
    "Chief Operating Officer",
    "Chief Commercial Officer",
    "Finance Director",
    "Head of Communications",
)

# Short updates people post in their teams; some mention a colleague, many carry a #topic.
UPDATES: dict[str, tuple[str, ...]] = {
    "en": (
        "Great week for {unit}: we closed all open tickets before Friday. Thanks everyone! "
        "#teamwork",
        "Shout-out to {mention} for stepping in at the last minute on the customer demo "
        "today. You saved the day.",
        "Just finished onboarding our two new colleagues. Welcome to the team! #onboarding",
        "We tried a no-meeting Wednesday this week and got so much more done. Recommended. "
        "#ways-of-working",
        "The new returns process is live in the UK. Early feedback from customers is very "
        "positive. #customerservice",
        "Halfway through the quarter and we are ahead of plan. Proud of this team. #results",
        "Learned a lot at the conference in Berlin this week. Notes are in the comments for "
        "anyone interested. #learning",
        "Working from the Manchester office today, come and say hi if you are around.",
        "Big thanks to {mention} for the help with the supplier tender. Could not have done "
        "it without you. #procurement",
        "Our NPS for the last month is up six points. The team has worked really hard for "
        "this. #customerservice #nps",
        "Reminder that the office is closed on Monday for the bank holiday. Enjoy the long "
        "weekend!",
        "Tested the new self-service portal with five customers today. Lots to improve, but "
        "they liked the basics. #userresearch",
        "We switched to the new planning board and it is so much clearer. Thanks {mention} "
        "for setting it up. #ways-of-working",
        "Cake in the kitchen on the third floor to celebrate the product launch! #launch",
    ),
    "nl": (
        "Wat een week voor {unit}: alle openstaande tickets zijn voor vrijdag opgelost. "
        "Dank jullie wel! #teamwork",
        "Een dikke pluim voor {mention}, die vandaag op het laatste moment de klantdemo "
        "overnam. Top gedaan!",
        "Vandaag zijn we begonnen met het inwerken van twee nieuwe collega's. Welkom in het "
        "team! #onboarding",
        "We hebben deze week een vergadervrije woensdag geprobeerd en het werkt echt. Een "
        "aanrader. #ways-of-working",
        "De klanttevredenheid in de Benelux is deze maand weer gestegen. Mooi werk van het "
        "hele team! #klanttevredenheid",
        "Het nieuwe retourproces is live in Nederland en België. De eerste reacties van "
        "klanten zijn heel positief. #klantenservice",
        "Morgen sta ik met het team op de beurs in Utrecht. Kom je ook langs? #events",
        "Dank aan {mention} voor de hulp bij de aanbesteding. Zonder jou was het niet "
        "gelukt. #inkoop",
        "Halverwege het kwartaal en we liggen voor op het plan. Trots op dit team. #resultaten",
        "We hebben vandaag het nieuwe planbord in gebruik genomen en het is veel "
        "overzichtelijker. Dank {mention}! #ways-of-working",
        "Taart in de keuken op de derde verdieping om de lancering te vieren! #lancering",
        "Vanaf volgende week werken we met een vaste belronde op maandag. Dat scheelt een "
        "hoop mailtjes. #klanttevredenheid",
    ),
    "sv": (
        "Vilken vecka för {unit}: alla öppna ärenden är lösta före fredag. Tack alla! #teamwork",
        "Stort tack till {mention} som hoppade in i sista minuten på kunddemon i dag. Du är bäst!",
        "I dag började två nya kollegor hos oss. Välkomna till teamet! #onboarding",
        "Vi testade en mötesfri onsdag den här veckan och det är verkligen värt det. "
        "#ways-of-working",
        "Kundnöjdheten i Norden har gått upp för tredje månaden i rad. Så bra jobbat av "
        "hela teamet! #kundservice",
        "Fredagsfika i köket på plan fyra klockan tre. Jag har bakat kanelbullar! #fredagsfika",
        "Det nya returflödet är igång i Sverige och kunderna är nöjda så här långt. #kundservice",
        "Tack till {mention} för hjälpen med upphandlingen. Det hade inte gått utan dig. #inköp",
        "Halvvägs genom kvartalet och vi ligger före plan. Jag är stolt över det här "
        "teamet. #resultat",
        "Vi har börjat med en gemensam planeringstavla och det är så mycket tydligare nu. "
        "Tack {mention}! #ways-of-working",
        "Tårta i köket för att fira lanseringen! Kom förbi innan den är slut. #lansering",
        "Påminnelse: kontoret i Göteborg är stängt på fredag för ombyggnad. #kontoret",
    ),
    "nb": (
        "For en uke for {unit}: alle åpne saker er løst før fredag. Tusen takk til alle! #teamwork",
        "Stor takk til {mention} som steppet inn i siste liten på kundedemoen i dag. Du er gull!",
        "I dag begynte to nye kolleger hos oss, og vi gleder oss til å jobbe med dem. "
        "Velkommen til teamet! #onboarding",
        "Vi prøvde en møtefri onsdag denne uken, og det er virkelig verdt det. #ways-of-working",
        "Kundetilfredsheten i Norge har gått opp for tredje måned på rad. Godt jobbet av "
        "hele teamet! #kundeservice",
        "Det er kake på kjøkkenet i fjerde etasje for å feire lanseringen. Kom og forsyn "
        "dere! #lansering",
        "Den nye returløsningen er i gang i Norge, og kundene er fornøyde så langt. #kundeservice",
        "Takk til {mention} for hjelpen med anbudet. Det hadde ikke gått uten deg. #innkjøp",
        "Halvveis i kvartalet og vi ligger foran planen. Jeg er stolt av dette teamet. #resultater",
        "Vi har tatt i bruk en felles planleggingstavle, og det er mye tydeligere nå. Takk "
        "{mention}! #ways-of-working",
        "Husk at kontoret i Bergen er stengt på fredag på grunn av ombygging. #kontoret",
        "Fredagskaffe på kjøkkenet klokka tre i dag. Jeg har bakt boller! #fredagsfika",
    ),
}

# Questions with answers a colleague might give; the first answer is the one usually accepted.
QUESTIONS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "en": (
        (
            "Does anyone know how to book the big meeting room for an external visit? The "
            "booking tool only shows internal rooms for me. #facilities",
            (
                "You need the visitor option in the booking tool, it is under More. Then the "
                "external rooms show up.",
                "Reception can also book it for you if you send them the time and the guests.",
            ),
        ),
        (
            "What is the process for getting a second monitor for working from home? #workplaceit",
            (
                "Order it in the IT self-service portal under Hardware; your manager approves "
                "and it ships in about a week.",
                "I did this last month, it was really quick.",
            ),
        ),
        (
            "Who can help me with a customer who wants an invoice in a different currency? "
            "#finance",
            (
                "Accounting can issue it, just open a ticket with the order number and the "
                "currency you need.",
                "We had the same last week, it took a day.",
            ),
        ),
        (
            "How do I add a new supplier to the system? I cannot find the form anywhere. "
            "#procurement",
            (
                "The supplier onboarding form is on the Procurement page. Fill it in and we "
                "check it within two days.",
            ),
        ),
        (
            "Is there a template for onboarding plans for new starters? Starting two new "
            "people next month. #onboarding",
            (
                "Yes! HR has one on the onboarding page, including a checklist for the first week.",
                "I can share the one we used in our team, it worked well.",
            ),
        ),
        (
            "What is our policy on expensing train tickets in first class for long trips? "
            "#expenses",
            (),
        ),
        (
            "Has anyone tried the new learning platform yet? Is it worth the time? #learning",
            (),
        ),
        (
            "Which team owns the product data in the webshop? A customer found a wrong size "
            "chart. #customerservice",
            (
                "Product Management owns it, but the quickest route is the data quality form "
                "in the webshop admin.",
            ),
        ),
    ),
    "nl": (
        (
            "Weet iemand hoe je een extra scherm aanvraagt voor thuis? Ik kan het niet vinden "
            "in het portaal. #werkplek",
            (
                "Je vindt het in het IT-portaal onder Hardware. Je manager keurt het goed en "
                "het wordt binnen een week bezorgd.",
                "Ik heb het vorige maand ook gedaan, dat ging heel snel.",
            ),
        ),
        (
            "Wie kan mij helpen met een klant die een factuur in een andere valuta wil? #financien",
            (
                "Dat kan Accounting voor je doen. Maak een ticket aan met het ordernummer en "
                "de valuta.",
            ),
        ),
        (
            "Is er een sjabloon voor een inwerkplan? Er starten volgende maand twee nieuwe "
            "collega's in ons team. #onboarding",
            (
                "Ja, HR heeft er een op de onboardingpagina, met een checklist voor de eerste "
                "week.",
                "Ik kan je ook het plan van ons team sturen, dat werkte goed.",
            ),
        ),
        (
            "Hoe zit het met de reiskostenvergoeding als je vaker naar het kantoor in "
            "Utrecht gaat? #declaraties",
            (),
        ),
        (
            "Heeft iemand al ervaring met het nieuwe leerplatform? Is het de tijd waard? #leren",
            (),
        ),
        (
            "Welk team is eigenaar van de productdata in de webshop? Een klant zag een "
            "verkeerde maattabel. #klantenservice",
            (
                "Dat is Product Management, maar het snelst gaat het via het formulier voor "
                "datakwaliteit in de webshop.",
            ),
        ),
    ),
    "sv": (
        (
            "Vet någon hur man beställer en extra skärm till hemmakontoret? Jag hittar det "
            "inte i portalen. #arbetsplats",
            (
                "Du hittar det i IT-portalen under Hårdvara. Din chef godkänner och den "
                "levereras inom en vecka.",
                "Jag gjorde det förra månaden, det gick jättesnabbt.",
            ),
        ),
        (
            "Vem kan hjälpa mig med en kund som vill ha fakturan i euro i stället för "
            "kronor? #ekonomi",
            (
                "Det kan Accounting ordna. Skapa ett ärende med ordernumret och valutan så "
                "fixar de det.",
            ),
        ),
        (
            "Finns det en mall för introduktionsplaner? Vi får två nya kollegor i teamet "
            "nästa månad. #onboarding",
            (
                "Ja, HR har en på introduktionssidan, med en checklista för första veckan.",
                "Jag kan skicka den vi använde i vårt team, den fungerade bra.",
            ),
        ),
        (
            "Hur gör jag för att lägga upp en ny leverantör i systemet? Jag hittar inte "
            "formuläret. #inköp",
            (
                "Formuläret för nya leverantörer finns på inköpssidan. Fyll i det så "
                "granskar vi det inom två dagar.",
            ),
        ),
        (
            "Är det någon som har testat den nya utbildningsplattformen? Är den värd tiden? "
            "#lärande",
            (),
        ),
        (
            "Vilka regler gäller för att jobba hemifrån från ett annat land några veckor? "
            "#distansarbete",
            (),
        ),
    ),
    "nb": (
        (
            "Vet noen hvordan jeg bestiller en ekstra skjerm til hjemmekontoret? Jeg finner "
            "det ikke i portalen. #arbeidsplass",
            (
                "Du finner det i IT-portalen under Maskinvare. Lederen din godkjenner, og den "
                "blir levert i løpet av en uke.",
                "Jeg gjorde det forrige måned, og det gikk kjapt.",
            ),
        ),
        (
            "Hvem kan hjelpe meg med en kunde som vil ha fakturaen i euro i stedet for "
            "kroner? #økonomi",
            (
                "Det kan Accounting ordne. Opprett en sak med ordrenummeret og valutaen, så "
                "fikser de det.",
            ),
        ),
        (
            "Finnes det en mal for opplæringsplaner? Vi får to nye kolleger i teamet neste "
            "måned. #onboarding",
            (
                "Ja, HR har en på onboardingsiden, med en sjekkliste for den første uken.",
                "Jeg kan sende deg den vi brukte i teamet vårt, den fungerte godt.",
            ),
        ),
        (
            "Hvordan legger jeg inn en ny leverandør i systemet? Jeg finner ikke skjemaet. "
            "#innkjøp",
            (
                "Skjemaet for nye leverandører ligger på innkjøpssiden. Fyll det ut, så går "
                "vi gjennom det innen to dager.",
            ),
        ),
        (
            "Er det noen som har prøvd den nye læringsplattformen? Er den verdt tiden? #læring",
            (),
        ),
        (
            "Hvilke regler gjelder for å jobbe hjemmefra fra et annet land i noen uker? "
            "#hjemmekontor",
            (),
        ),
    ),
}

# Comments on updates, articles and announcements.
COMMENTS: dict[str, tuple[str, ...]] = {
    "en": (
        "Great work, well done to the whole team!",
        "Thanks for sharing this, really useful.",
        "Love this! Can we do the same in our team?",
        "This is exactly what we needed. Thank you.",
        "Congratulations, that is a big milestone.",
        "Interesting. Do you have the numbers for last year too?",
        "Count me in!",
        "Nice one, {mention} will want to see this.",
        "Really good to read this, thanks for writing it up.",
        "Agree, and it made a real difference for our customers as well.",
    ),
    "nl": (
        "Goed gedaan, complimenten aan het hele team!",
        "Dank voor het delen, heel nuttig.",
        "Mooi! Kunnen we dit ook in ons team doen?",
        "Dit is precies wat we nodig hadden. Dank je wel.",
        "Gefeliciteerd, dat is een mooie mijlpaal.",
        "Interessant. Heb je de cijfers van vorig jaar ook?",
        "Ik doe mee!",
        "Leuk, dit is ook iets voor {mention}.",
    ),
    "sv": (
        "Bra jobbat, grattis till hela teamet!",
        "Tack för att du delar, det är jättebra.",
        "Vad kul! Kan vi göra likadant i vårt team?",
        "Det här är precis vad vi behövde. Tack för det.",
        "Grattis, det är en stor milstolpe.",
        "Intressant. Har du siffrorna för förra året också?",
        "Jag är med!",
        "Snyggt, det här måste {mention} se.",
    ),
    "nb": (
        "Godt jobbet, gratulerer til hele teamet!",
        "Takk for at du deler, dette er veldig nyttig.",
        "Så bra! Kan vi gjøre det samme i teamet vårt?",
        "Dette er akkurat det vi trengte. Takk for det.",
        "Gratulerer, det er en stor milepæl.",
        "Interessant. Har du tallene for i fjor også?",
        "Jeg er med!",
        "Fint, dette må {mention} få se.",
    ),
}

REPLIES: dict[str, tuple[str, ...]] = {
    "en": (
        "Thanks! It was a real team effort.",
        "Good question, I will share the numbers on Monday.",
        "Absolutely, happy to walk you through it.",
        "Agreed, let's pick this up next week.",
    ),
    "nl": (
        "Dank je! Het was echt teamwerk.",
        "Goede vraag, ik deel de cijfers maandag.",
        "Zeker, ik leg het je graag uit.",
    ),
    "sv": (
        "Tack! Det var verkligen ett lagarbete.",
        "Bra fråga, jag delar siffrorna på måndag.",
        "Absolut, jag visar gärna hur vi gjorde.",
    ),
    "nb": (
        "Takk! Det var virkelig et lagarbeid.",
        "Godt spørsmål, jeg deler tallene på mandag.",
        "Absolutt, jeg viser deg gjerne hvordan vi gjorde det.",
    ),
}

# Leaders' weekly blogs: a title and a Markdown body with headings and lists.
ARTICLES: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (
        (
            "Week {week}: what I learned from a day in our stores",
            "I spent Tuesday in two of our stores, and came back with a long list.\n\n"
            "## What went well\n\n"
            "- Colleagues know our customers by name, and it shows.\n"
            "- The new click-and-collect shelf is used far more than we planned for.\n\n"
            "## What we need to fix\n\n"
            "- The handheld scanners are too slow at peak times.\n"
            "- Price changes still reach the stores too late.\n\n"
            "## What I ask of you\n\n"
            "Tell me in the comments what slows you down. I read every reply and answer in my "
            "open hour on Thursday. #leadership #stores",
        ),
        (
            "Week {week}: three priorities for the rest of the quarter",
            "A short update on where we stand and what comes next.\n\n"
            "## Where we are\n\n"
            "We are slightly ahead on revenue and behind on margin. That is fixable, and I "
            "want us to fix it together.\n\n"
            "## The three priorities\n\n"
            "1. Finish the new returns flow in every country.\n"
            "2. Cut the time from order to delivery by a day.\n"
            "3. Make sure every new colleague has a buddy in their first month.\n\n"
            "Questions? Ask them here, I will answer all of them. #strategy #leadership",
        ),
        (
            "Week {week}: why I am blogging here every week",
            "Some of you asked why I write here instead of sending an email.\n\n"
            "## Because it is a conversation\n\n"
            "An email goes one way. Here you can reply, disagree and ask, and everyone sees "
            "the answer.\n\n"
            "## What you can expect\n\n"
            "- A short post every Friday on what I worked on and why.\n"
            "- An open hour on Thursday where I answer every question.\n"
            "- Honest answers, also when the answer is that we do not know yet.\n\n"
            "See you in the comments. #leadership #openhour",
        ),
    ),
    "nl": (
        (
            "Week {week}: wat ik leerde van een dag in onze winkels",
            "Ik was dinsdag in twee van onze winkels en kwam terug met een lange lijst.\n\n"
            "## Wat goed gaat\n\n"
            "- Collega's kennen onze klanten bij naam, en dat merk je.\n"
            "- Het nieuwe afhaalrek wordt veel vaker gebruikt dan we hadden gedacht.\n\n"
            "## Wat beter moet\n\n"
            "- De handscanners zijn te traag op drukke momenten.\n"
            "- Prijswijzigingen komen nog steeds te laat in de winkel aan.\n\n"
            "Laat in de reacties weten wat jou het meest ophoudt. Ik lees alles en geef "
            "antwoord in mijn open uur. #leadership #winkels",
        ),
        (
            "Week {week}: drie prioriteiten voor de rest van het kwartaal",
            "Een korte update over waar we staan en wat er komt.\n\n"
            "## Waar we staan\n\n"
            "We liggen iets voor op de omzet en achter op de marge. Dat is op te lossen, en "
            "dat wil ik samen met jullie doen.\n\n"
            "## De drie prioriteiten\n\n"
            "1. Het nieuwe retourproces in elk land afronden.\n"
            "2. De tijd van bestelling tot levering met een dag verkorten.\n"
            "3. Zorgen dat elke nieuwe collega een buddy heeft in de eerste maand.\n\n"
            "Vragen? Stel ze hier, ik geef op allemaal antwoord. #strategie #leadership",
        ),
    ),
    "sv": (
        (
            "Vecka {week}: vad jag lärde mig av en dag i våra butiker",
            "Jag var i två av våra butiker i tisdags och kom tillbaka med en lång lista.\n\n"
            "## Det som fungerar bra\n\n"
            "- Kollegorna känner våra kunder och det märks.\n"
            "- Den nya hyllan för hämtning används mycket mer än vi trodde.\n\n"
            "## Det vi måste fixa\n\n"
            "- Handskannrarna är för långsamma när det är mycket folk.\n"
            "- Prisändringar når fortfarande butikerna för sent.\n\n"
            "Skriv i kommentarerna vad som bromsar dig. Jag läser allt och svarar på "
            "torsdagens öppna timme. #ledarskap #butiker",
        ),
        (
            "Vecka {week}: tre prioriteringar för resten av kvartalet",
            "En kort uppdatering om var vi står och vad som händer nu.\n\n"
            "## Var vi är\n\n"
            "Vi ligger lite före på intäkterna och efter på marginalen. Det går att fixa, och "
            "jag vill att vi gör det tillsammans.\n\n"
            "## De tre prioriteringarna\n\n"
            "1. Att det nya returflödet är klart i alla länder.\n"
            "2. Att korta tiden från order till leverans med en dag.\n"
            "3. Att varje ny kollega har en fadder under första månaden.\n\n"
            "Frågor? Ställ dem här, jag svarar på alla. #strategi #ledarskap",
        ),
    ),
    "nb": (
        (
            "Uke {week}: hva jeg lærte av en dag i butikkene våre",
            "Jeg var i to av butikkene våre på tirsdag og kom tilbake med en lang liste.\n\n"
            "## Det som fungerer godt\n\n"
            "- Kollegene kjenner kundene våre, og det merkes.\n"
            "- Den nye hylla for henting blir brukt mye mer enn vi trodde.\n\n"
            "## Det vi må fikse\n\n"
            "- Håndskannerne er for trege når det er mye folk.\n"
            "- Prisendringer når fortsatt ikke butikkene tidsnok.\n\n"
            "Skriv i kommentarene hva som bremser deg. Jeg leser alt og svarer i den åpne "
            "timen min på torsdag. #ledelse #butikker",
        ),
        (
            "Uke {week}: tre prioriteringer for resten av kvartalet",
            "En kort oppdatering om hvor vi står og hva som skjer nå.\n\n"
            "## Hvor vi er\n\n"
            "Vi ligger litt foran på inntektene og bak på marginen. Det er mulig å fikse, og "
            "jeg vil at vi gjør det sammen.\n\n"
            "## De tre prioriteringene\n\n"
            "1. Å få den nye returløsningen på plass i alle land.\n"
            "2. Å korte ned tiden fra ordre til levering med en dag.\n"
            "3. Å sørge for at hver nye kollega har en fadder den første måneden.\n\n"
            "Spørsmål? Still dem her, jeg svarer på alle. #strategi #ledelse",
        ),
    ),
}

# Company-wide announcements, oldest first: (author email, title, body, pinned must-read).
ANNOUNCEMENTS: tuple[tuple[str, str, str, bool], ...] = (
    (
        "comms@demo.townhall.example",
        "Welcome to Townhall",
        "Townhall is our new place to share, ask and celebrate, across every country and "
        "team.\n\n"
        "- Post updates in your team's group, or in the company group for everyone.\n"
        "- Ask questions: the best answer gets marked, so the next person finds it.\n"
        "- Follow colleagues, groups and #topics you care about.\n\n"
        "Questions? Ask them in the Townhall tips group. #townhalltips #onboarding",
        False,
    ),
    (
        "ceo@demo.townhall.example",
        "Our new strategy: closer to the customer",
        "Today we share the strategy for the next three years. The short version: fewer "
        "projects, closer to the customer, and more decisions made where the work is done.\n\n"
        "## What changes\n\n"
        "1. Every country gets its own customer service lead.\n"
        "2. Stores get a budget they decide on themselves.\n"
        "3. We publish our progress here, every month.\n\n"
        "I will answer your questions in the open hour on Thursday. #strategy #leadership",
        False,
    ),
    (
        "ceo@demo.townhall.example",
        "Must read: our updated code of conduct",
        "We have updated our code of conduct, and I ask every one of you to read it this "
        "month and confirm that you have.\n\n"
        "## What is new\n\n"
        "- Clear rules on gifts and hospitality from suppliers.\n"
        "- How to raise a concern, anonymously if you prefer.\n"
        "- What we expect from each other on Townhall and social media.\n\n"
        "Thank you for helping us keep Nordvik a place we are proud of. "
        "#codeofconduct #compliance",
        True,
    ),
    (
        "comms@demo.townhall.example",
        "Engagement survey: the results are in",
        "Thank you to the 81% of you who answered. The headline: people like their teams and "
        "want clearer priorities from leadership.\n\n"
        "Every leader will discuss the results with their team in the next two weeks. "
        "#engagement",
        False,
    ),
)
