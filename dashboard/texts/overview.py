"""The overview page and the key figures of the three questions."""

TEXTS = {
    "overview.title": ("Oversigt over efterbehandling", "Aftercare overview"),
    "overview.lead": (
        "Selvhjælpsgrupper, frivillige og efterbehandling på tværs af kommuner og "
        "organisationer.",
        "Self-help groups, volunteers and aftercare across municipalities and organisations."),
    "overview.map_title": ("Aktive grupper pr. 100.000 indbyggere",
                           "Active groups per 100,000 inhabitants"),
    "overview.trend_title": ("Fremmøde og andel nået pr. kvartal",
                             "Attendance and share reached per quarter"),
    "overview.league_title": ("Andel nået inden 90 dage pr. kommune, med usikkerhed",
                              "Share reached within 90 days by municipality, with uncertainty"),
    "overview.league_note": (
        "Linjerne er 95 %-intervaller (Wilson). En kommune ligger kun klart over eller under "
        "landstallet, når dens interval ikke rører den stiplede linje; små kommuner har brede "
        "intervaller, så rækkefølgen alene siger ikke meget.",
        "The lines are 95% intervals (Wilson). A municipality is clearly above or below the "
        "national figure only when its interval does not touch the dashed line; small "
        "municipalities have wide intervals, so the order alone says little."),
    "overview.table_title": ("Kommuner", "Municipalities"),
    "overview.table_caption": ("Nøgletal pr. kommune for perioden",
                               "Key figures per municipality for the period"),
    "q.coverage": ("Gruppedækning", "Group coverage"),
    "q.capacity": ("Frivillig kapacitet", "Volunteer capacity"),
    "q.reach": ("Efterbehandlingens rækkevidde", "Aftercare reach"),
    "kpi.active_groups": ("aktive grupper", "active groups"),
    "kpi.meetings": ("møder holdt", "meetings held"),
    "kpi.avg_attendance": ("fremmøde pr. møde", "attendance per meeting"),
    "kpi.without_group": ("kommuner uden gruppe", "municipalities without a group"),
    "kpi.covered": ("{share} bor i en kommune med gruppe",
                    "{share} live in a municipality with a group"),
    "kpi.volunteers": ("aktive frivillige", "active volunteers"),
    "kpi.trained": ("uddannede facilitatorer", "trained facilitators"),
    "kpi.pipeline": ("under uddannelse", "in training"),
    "kpi.per_group": ("facilitatorer pr. gruppe", "facilitators per group"),
    "kpi.single": ("grupper med kun én facilitator", "groups with only one facilitator"),
    "kpi.none": ("grupper uden uddannet facilitator", "groups without a trained facilitator"),
    "kpi.hours": ("frivillige timer", "volunteer hours"),
    "kpi.completed": ("afsluttede behandling", "completed treatment"),
    "kpi.offered": ("tilbudt efterbehandling", "offered aftercare"),
    "kpi.reached": ("i gruppe inden 90 dage", "in a group within 90 days"),
    "kpi.retained": ("stadig med efter 6 mdr.", "still engaged after 6 months"),
    "kpi.retained_note": ("af dem, der kom i gruppe", "of those who joined a group"),
    "kpi.national": ("landstal {value}", "national {value}"),
}
