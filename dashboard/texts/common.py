"""Texts of the frame, the filter bar, figures and columns shared by several pages."""

TEXTS = {
    # frame
    "app.name": ("Overblik", "Overblik"),
    "app.tagline": ("Efterbehandling og selvhjælpsgrupper på tværs af kommuner og organisationer",
                    "Aftercare and self-help groups across municipalities and organisations"),
    "shell.skip": ("Spring til indhold", "Skip to content"),
    "shell.menu": ("Hovedmenu", "Main menu"),
    "shell.logout": ("Log ud", "Log out"),
    "shell.switch": ("English", "Dansk"),
    "shell.switch_label": ("Switch to English", "Skift til dansk"),
    "shell.footer": (
        "Data: partnernes indberetninger. Befolkningstal er omtrentlige (1. januar 2024). Tal "
        "under {threshold} for personer uden for ens eget område vises som «<{threshold}».",
        "Data: the partners' reports. Population figures are approximate (1 January 2024). "
        "Counts below {threshold} of people outside one's own area are shown as "
        "'<{threshold}'."),
    "shell.demo": ("Demodata: tallene er opdigtede, men følger pilotprojektets forløb.",
                   "Demo data: the figures are invented but follow the pilot's course."),
    "nav.overview": ("Oversigt", "Overview"),
    "nav.municipality": ("Min kommune", "My municipality"),
    "nav.organisation": ("Min organisation", "My organisation"),
    "nav.groups": ("Grupper", "Groups"),
    "nav.status": ("Datastatus", "Data status"),
    "nav.upload": ("Indberet", "Submit data"),
    "nav.admin": ("Administration", "Administration"),
    "nav.about": ("Om", "About"),
    "role.national": ("national leder", "national manager"),
    "role.municipal": ("kommunal leder", "municipal manager"),
    "role.ngo": ("koordinator", "coordinator"),
    "role.admin": ("administrator", "administrator"),
    "role.none": ("ingen rolle", "no role"),
    # filter bar
    "filters.label": ("Filtre", "Filters"),
    "filters.from": ("Fra kvartal", "From quarter"),
    "filters.to": ("Til kvartal", "To quarter"),
    "filters.region": ("Region", "Region"),
    "filters.municipality": ("Kommune", "Municipality"),
    "filters.organisation": ("Organisation", "Organisation"),
    "filters.method": ("Metode", "Method"),
    "filters.all_regions": ("Alle regioner", "All regions"),
    "filters.all_municipalities": ("Alle kommuner", "All municipalities"),
    "filters.all_organisations": ("Alle organisationer", "All organisations"),
    "filters.all_methods": ("Alle metoder", "All methods"),
    "filters.peers": ("Sammenlign med", "Compare with"),
    "filters.presets": ("Hurtigvalg", "Quick choice"),
    "filters.preset_four": ("Seneste 4 kvartaler", "Last four quarters"),
    "filters.preset_year": ("Sidste hele år", "Last full year"),
    "filters.preset_ytd": ("Året til dato", "Year to date"),
    "filters.nearest_peers": ("De 10 nærmeste i indbyggertal", "The 10 nearest in population"),
    "filters.error": ("Filtrene kan ikke bruges: {error}", "The filters cannot be used: {error}"),
    "filters.link_skipped": ("Linket indeholdt noget, der ikke kan bruges, og det er sprunget "
                             "over: {error}.",
                             "The link held something that cannot be used, and it was left "
                             "out: {error}."),
    "filters.link_quarters": ("Filtrene viser hele kvartaler: linkets datoer er vist som "
                              "{start} – {end}.",
                              "The filters show whole quarters: the link's dates are shown as "
                              "{start} – {end}."),
    "filters.chosen": ("Valgt: {summary}", "Selected: {summary}"),
    "filters.period": ("Periode {start} – {end}", "Period {start} – {end}"),
    "filter.bad_date": ("{param}: '{value}' er ikke en dato (ÅÅÅÅ-MM-DD)",
                        "{param}: '{value}' is not a date (YYYY-MM-DD)"),
    "filter.bad_code": ("{param}: '{value}' er ikke en gyldig kode",
                        "{param}: '{value}' is not a valid code"),
    "filter.order": ("perioden starter ({value}) efter den slutter; vælg et senere til-kvartal",
                     "the period starts ({value}) after it ends; choose a later end quarter"),
    "filter.range": ("from/to: perioden skal ligge mellem år 2000 og 2100",
                     "from/to: the period must lie between the years 2000 and 2100"),
    "filter.bad_method": ("method: '{value}' er ikke en metode",
                          "method: '{value}' is not a method"),
    "filter.bad_organisation": ("organisation: '{value}' er ikke en organisation",
                                "organisation: '{value}' is not an organisation"),
    "method.smart": ("SMART Recovery", "SMART Recovery"),
    "method.na": ("NA (12 trin)", "NA (12 steps)"),
    "method.other": ("Andet", "Other"),
    "weekday.0": ("mandag", "Monday"),
    "weekday.1": ("tirsdag", "Tuesday"),
    "weekday.2": ("onsdag", "Wednesday"),
    "weekday.3": ("torsdag", "Thursday"),
    "weekday.4": ("fredag", "Friday"),
    "weekday.5": ("lørdag", "Saturday"),
    "weekday.6": ("søndag", "Sunday"),
    # common words and notes
    "word.yes": ("ja", "yes"),
    "word.no": ("nej", "no"),
    "word.hidden": ("skjult", "hidden"),
    "word.online": ("online", "online"),
    "word.in_person": ("fremmøde", "in person"),
    "word.page": ("Side {page} af {pages}", "Page {page} of {pages}"),
    "word.previous": ("Forrige", "Previous"),
    "word.next": ("Næste", "Next"),
    "download.table": ("Hent tabellen (CSV)", "Download the table (CSV)"),
    "download.chart": ("Hent tallene bag grafen (CSV)",
                       "Download the figures behind the chart (CSV)"),
    "download.bad_filter": ("Ugyldigt filter: {error}", "Invalid filter: {error}"),
    "download.unknown": ("Ukendt datasæt.", "Unknown dataset."),
    "note.protected": (
        "Tal for personer uden for dit eget område er afrundede (højst 2 fra det sande tal pr. "
        "gruppe af borgere) og kan ikke trækkes fra hinanden til et lille tal. «<{threshold}»: "
        "1-{below} personer. «..»: ikke vist, fordi tallet bygger på færre end 3 grupper, "
        "frivillige eller koordinatorer, eller ville afsløre et sådant tal. «–»: intet at "
        "regne ud fra. Metoden står under «Om» › «Definitioner».",
        "Counts of people outside your own area are rounded (at most 2 from the true figure "
        "per group of citizens) and cannot be subtracted from each other to reach a small "
        "count. '<{threshold}': 1-{below} people. '..': not shown, as it rests on fewer than "
        "3 groups, volunteers or coordinators, or would reveal such a figure. '–': nothing to "
        "compute from. The method is described under 'About' › 'Definitions'."),
    "note.chart_table": ("Tallene bag grafen", "The figures behind the chart"),
    "note.no_data": ("Ingen data for de valgte filtre.", "No data for the chosen filters."),
    "scope.outside_title": ("Uden for dit område", "Outside your area"),
    "scope.not_found_title": ("Ikke fundet", "Not found"),
    "scope.outside_municipality": (
        "Kommunesiden for {name} viser detaljer, som kun brugere med adgang til {name} må se. "
        "Beskyttede summer for {name} kan du se på oversigten.",
        "The municipality page for {name} shows detail that only users with access to {name} "
        "may see. Protected totals for {name} are on the overview."),
    "scope.outside_organisation": (
        "Organisationssiden for {name} er kun for organisationens egne koordinatorer og "
        "nationale ledere. Beskyttede summer for {name} kan du se på oversigten.",
        "The organisation page for {name} is only for the organisation's own coordinators and "
        "national managers. Protected totals for {name} are on the overview."),
    "scope.see_overview": ("Se beskyttede summer på oversigten",
                           "See protected totals on the overview"),
    "scope.go_own": ("Gå til din egen side", "Go to your own page"),
    "scope.unknown_municipality": ("Der findes ingen kommune med koden {code}.",
                                   "There is no municipality with the code {code}."),
    "scope.unknown_organisation": ("Der findes ingen organisation «{slug}».",
                                   "There is no organisation '{slug}'."),
    "source.map": ("Kommunegrænser: Geodatastyrelsen & Danske Kommuner, FOT 2014 (1:500.000). "
                   "Indbyggertal er omtrentlige (2024).",
                   "Municipal boundaries: Geodatastyrelsen & Danske Kommuner, FOT 2014 "
                   "(1:500,000). Population figures are approximate (2024)."),
    "print.made": ("Udskrevet {date} fra Overblik · {filters} · Data: partnernes indberetninger",
                   "Printed {date} from Overblik · {filters} · Data: the partners' reports"),
    "print.button": ("Udskriv siden", "Print this page"),
}
