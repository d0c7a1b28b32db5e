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
        "Antal personer fra 1 til 4 vises som «<5», når de ligger uden for ens eget område, "
        "som i Danmarks Statistiks officielle statistik; der beregnes ingen andel af et skjult "
        "tal, og skjules én del af en total, skjules endnu en.",
        "Counts of people from 1 to 4 are shown as '<5' when they lie outside one's own "
        "area, as in Statistics Denmark's official statistics; no rate is computed from a "
        "hidden count, and when one part of a total is hidden, a second one is too."),
    "about.cells": (
        "Uden for ens eget område vises tal kun i faste celler (kommune × kvartal), aldrig pr. "
        "gruppe eller for frit valgte datoer, så to udsnit ikke kan trækkes fra hinanden.",
        "Outside one's own area, figures are shown only in fixed cells (municipality × "
        "quarter), never per group or for freely chosen dates, so two views cannot be "
        "subtracted from each other."),
    "about.metrics_title": ("Definitioner", "Definitions"),
    "about.metrics": (
        "Hvert tal er defineret ét sted og beregnes på samme måde i tabeller, grafer, kort og "
        "CSV-filer. Definitionerne står i projektets docs/metrics.md.",
        "Every figure is defined once and computed the same way in tables, charts, maps and "
        "CSV files. The definitions are in the project's docs/metrics.md."),
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
