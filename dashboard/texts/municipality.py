"""The municipality page."""

TEXTS = {
    "municipality.title": ("Kommune", "Municipality"),
    "municipality.heading": ("Efterbehandling i {name}", "Aftercare in {name}"),
    "municipality.lead_official": ("{region} · {population} indbyggere pr. {date} (kilde: "
                                   "{source})",
                                   "{region} · {population} inhabitants on {date} (source: "
                                   "{source})"),
    "municipality.lead": ("{region} · ca. {population} indbyggere (omtrentligt tal, 2024)",
                          "{region} · approx. {population} inhabitants (approximate, 2024)"),
    "municipality.funnel_title": ("Efterbehandlingens tragt pr. kvartal (antal borgere)",
                                  "The aftercare funnel per quarter (number of citizens)"),
    "municipality.aftercare_whole": (
        "Efterbehandlingstallene gælder hele kommunen: kommunen indberetter dem samlet, så de "
        "afhænger ikke af organisation og metode.",
        "The aftercare figures are the whole municipality's: the municipality reports them "
        "as one, so they do not depend on organisation or method."),
    "municipality.benchmark_title": (
        "Andel nået sammenlignet med sammenlignelige kommuner",
        "Share reached compared with comparable municipalities"),
    "municipality.benchmark_note": (
        "Andel af borgere, der afsluttede behandling, og som kom i en gruppe inden 90 dage, med "
        "95 %-interval. Stiplet linje: landstallet. Sammenligningen bruger alle metoder og "
        "organisationer.",
        "Share of citizens who completed treatment and joined a group within 90 days, with a "
        "95% interval. Dashed line: the national figure. The comparison uses all methods and "
        "organisations."),
    "municipality.activity_title": ("Møder og frivillige timer pr. kvartal",
                                    "Meetings and volunteer hours per quarter"),
    "municipality.risks_title": ("Grupper med kun én uddannet facilitator",
                                 "Groups with only one trained facilitator"),
    "municipality.risks_intro": (
        "Disse grupper står uden leder, hvis den ene facilitator stopper eller bliver syg.",
        "These groups are left without a leader if their one facilitator stops or falls ill."),
    "municipality.groups_title": ("Kommunens grupper", "The municipality's groups"),
}
