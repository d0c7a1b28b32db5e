"""The about page and the accessibility statement."""

TEXTS = {
    "about.title": ("Om Overblik", "About Overblik"),
    "about.intro": (
        "Overblik samler kommunernes og de frivillige organisationers tal om efterbehandling "
        "efter stofmisbrugsbehandling: selvhjælpsgrupper som SMART Recovery, de frivillige, "
        "der leder dem, og hvor mange borgere efterbehandlingen når.",
        "Overblik brings together the municipalities' and the voluntary organisations' "
        "figures on aftercare after drug-abuse treatment: self-help groups such as SMART "
        "Recovery, the volunteers who lead them, and how many citizens aftercare reaches."),
    "about.questions_title": ("Tre spørgsmål", "Three questions"),
    "about.q1": ("Gruppedækning: hvor mødes grupperne, hvor ofte, hvor mange kommer, og hvor "
                 "er hullerne?",
                 "Group coverage: where do groups meet, how often, how many come, and where "
                 "are the gaps?"),
    "about.q2": ("Frivillig kapacitet: er der nok uddannede facilitatorer til at holde "
                 "grupperne i live?",
                 "Volunteer capacity: are there enough trained facilitators to keep the "
                 "groups alive?"),
    "about.q3": ("Efterbehandlingens rækkevidde: hvor mange af dem, der afslutter behandling, "
                 "når efterbehandlingen, og hvor mange bliver?",
                 "Aftercare reach: of those who complete treatment, how many does aftercare "
                 "reach, and keep?"),
    "about.sources_title": ("Datakilder", "Data sources"),
    "about.source1": ("Grupper, møder, frivillige og timer: organisationernes kvartalsvise "
                      "indberetninger.",
                      "Groups, meetings, volunteers and hours: the organisations' quarterly "
                      "reports."),
    "about.source2": ("Efterbehandlingens tragt: kommunernes kvartalsvise indberetninger.",
                      "The aftercare funnel: the municipalities' quarterly reports."),
    "about.source3": ("Kommuner, regioner og indbyggertal: Danmarks Statistik (omtrentlige tal "
                      "pr. 1. januar 2024, til de officielle tal er indlæst).",
                      "Municipalities, regions and population: Statistics Denmark "
                      "(approximate figures for 1 January 2024, until the official ones are "
                      "loaded)."),
    "about.source4": ("Kommunegrænser: Geodatastyrelsen og Danske Kommuner, FOT 2014, "
                      "1:500.000, forenklet til visning.",
                      "Municipal boundaries: Geodatastyrelsen and Danske Kommuner, FOT 2014, "
                      "1:500,000, simplified for display."),
    "about.privacy_title": ("Privatliv og diskretion", "Privacy and disclosure control"),
    "about.privacy": ("Overblik indeholder ingen navne og ingen CPR-numre: kun antal pr. møde "
                      "og pr. kommune og kvartal, og pseudonyme referencer til frivillige.",
                      "Overblik holds no names and no CPR numbers: only counts per meeting and "
                      "per municipality and quarter, and pseudonymous volunteer references."),
    "about.disclosure": (
        "Tal for personer uden for ens eget område kommer fra løbende totaler, der er afrundet "
        "med en hemmelig nøgle: hvert tal ligger højst 2 fra det sande pr. gruppe af borgere, "
        "samme tal ser altid ens ud, og ingen kombination af perioder, filtre eller summer kan "
        "fastslå et antal fra 1 til 4. Sådanne antal vises som «<5», som i Danmarks Statistiks "
        "officielle statistik.",
        "Counts of people outside one's own area come from running totals rounded with a "
        "secret key: each is at most 2 from the truth per group of citizens, the same figure "
        "always reads the same, and no combination of periods, filters or sums can establish "
        "a count from 1 to 4. Such counts are shown as '<5', as in Statistics Denmark's "
        "official statistics."),
    "about.cells": (
        "Tal om grupper, frivillige og timer uden for ens eget område vises kun, hvor de "
        "bygger på mindst 3 grupper, frivillige eller koordinatorer («..» ellers), og aldrig "
        "opdelt på organisation eller metode.",
        "Figures on others' groups, volunteers and hours are shown only where they rest on at "
        "least 3 groups, volunteers or coordinators ('..' otherwise), and never broken down "
        "by organisation or method."),
    "about.metrics_title": ("Definitioner", "Definitions"),
    "about.metrics": (
        "Hvert tal er defineret ét sted og beregnes på samme måde i tabeller, grafer, kort og "
        "CSV-filer. Definitionerne står under «Definitioner».",
        "Every figure is defined once and computed the same way in tables, charts, maps and "
        "CSV files. The definitions are under 'Definitions'."),
    "a11y.link": ("Tilgængelighedserklæring", "Accessibility statement"),
    "a11y.public": ("Erklæringen kan også læses uden login.",
                    "The statement can also be read without logging in."),
    "a11y.title": ("Tilgængelighedserklæring", "Accessibility statement"),
    "a11y.intro": (
        "Overblik skal kunne bruges af alle, også med skærmlæser, kun tastatur, forstørrelse "
        "eller på en telefon. Løsningen er omfattet af lov om tilgængelighed af offentlige "
        "organers websteder og mobilapplikationer.",
        "Overblik must be usable by everyone, also with a screen reader, the keyboard alone, "
        "magnification or on a phone. It falls under the Danish act on the accessibility of "
        "public sector websites and mobile applications."),
    "a11y.status_title": ("Overholdelse", "Compliance status"),
    "a11y.status": ("Overblik overholder delvist WCAG 2.1 niveau AA; de kendte undtagelser "
                    "står nedenfor.",
                    "Overblik partially conforms to WCAG 2.1 level AA; the known exceptions "
                    "are listed below."),
    "a11y.done_title": ("Det har vi gjort", "What we have done"),
    "a11y.done1": ("Alle sider testes automatisk med axe-core for hver brugerrolle.",
                   "Every page is tested automatically with axe-core for each user role."),
    "a11y.done2": ("Alt kan betjenes med tastaturet, og fokus er altid synligt.",
                   "Everything works with the keyboard, and focus is always visible."),
    "a11y.done3": ("Hver graf har et tekstresumé og en tabel med tallene bag.",
                   "Every chart has a text summary and a table with the figures behind it."),
    "a11y.done4": ("Farverne er sikre for farveblinde og bærer aldrig betydning alene.",
                   "Colours are safe for colour-blind readers and never carry meaning alone."),
    "a11y.done5": ("Alle tekster findes på dansk og engelsk.",
                   "All texts are available in Danish and English."),
    "a11y.done6": ("Kommunesiden kan udskrives på A4 med filtre, dato og datakilde.",
                   "The municipality page prints on A4 with its filters, date and data "
                   "source."),
    "a11y.limits_title": ("Kendte begrænsninger", "Known limitations"),
    "a11y.limit1": ("Kortet og graferne kan ikke udforskes punkt for punkt med skærmlæser; brug "
                    "tekstresuméet og tabellen under hver graf.",
                    "The map and charts cannot be explored point by point with a screen "
                    "reader; use the summary and the table under each chart."),
    "a11y.limit2": ("Rullemenuerne i filterlinjen kommer fra Dash og annoncerer ikke altid "
                    "antallet af valgmuligheder.",
                    "The filter bar's dropdowns come from Dash and do not always announce the "
                    "number of options."),
    "a11y.limit3": ("CSV-filerne er beregnet til regneark og har ingen beskrivelse af "
                    "kolonnerne ud over overskrifterne.",
                    "The CSV files are meant for spreadsheets and describe their columns only "
                    "by their headers."),
    "a11y.contact_title": ("Kontakt", "Contact"),
    "a11y.contact": ("Oplever du problemer med tilgængeligheden, så skriv til Overbliks "
                     "driftsansvarlige i din kommune eller organisation.",
                     "If you meet an accessibility problem, write to the person responsible "
                     "for Overblik in your municipality or organisation."),
    "a11y.complaint": ("Du kan klage til Digitaliseringsstyrelsen, som fører tilsyn med "
                       "offentlige websteders tilgængelighed.",
                       "You can complain to the Danish Agency for Digital Government, which "
                       "supervises the accessibility of public websites."),
    "a11y.updated": ("Erklæringen er senest opdateret {date}.",
                     "The statement was last updated {date}."),
}
