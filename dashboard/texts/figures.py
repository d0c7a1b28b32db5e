"""Chart titles, axes, legends and their text summaries."""

TEXTS = {
    "fig.per_100k": ("pr. 100.000", "per 100,000"),
    "fig.no_group": ("ingen aktiv gruppe", "no active group"),
    "summary.map_without": ("Uden aktiv gruppe ({n}): {names}.",
                            "Without an active group ({n}): {names}."),
    "fig.attendance_count": ("Fremmøde (antal)", "Attendance (count)"),
    "fig.reached_pct": ("Nået inden 90 dage (%)", "Reached within 90 days (%)"),
    "fig.attendance_axis": ("Fremmøde (antal)", "Attendance (count)"),
    "fig.reached_axis": ("Nået (%)", "Reached (%)"),
    "fig.citizens_axis": ("Borgere (antal)", "Citizens (count)"),
    "fig.meetings_count": ("Møder holdt (antal)", "Meetings held (count)"),
    "fig.scheduled_count": ("Planlagte møder efter ugeplanen (antal)",
                            "Meetings scheduled by its weekly plan (count)"),
    "fig.attendance_per_meeting": ("Fremmøde pr. møde", "Attendance per meeting"),
    "fig.hours_count": ("Frivillige timer", "Volunteer hours"),
    "fig.meetings_axis": ("Møder (antal)", "Meetings (count)"),
    "fig.hours_axis": ("Timer", "Hours"),
    "fig.reach_interval": ("Andel nået med 95 %-interval", "Reach rate with 95% interval"),
    "fig.reach_axis": ("Andel nået inden 90 dage (%), med 95 %-interval",
                       "Share reached within 90 days (%), with 95% interval"),
    "fig.reach_axis_short": ("Andel nået (%)", "Share reached (%)"),
    "fig.rank_axis": ("Kommuner sorteret efter andel nået (navne ved mouse-over og i tabellen)",
                      "Municipalities by share reached (names on hover and in the table)"),
    "fig.national": ("Landstal {value}", "National {value}"),
    "fig.league_higher": ("▲ klart over landstallet", "▲ clearly above the national figure"),
    "fig.league_same": ("● kan ikke skelnes fra landstallet",
                        "● cannot be told apart from the national figure"),
    "fig.league_lower": ("▼ klart under landstallet", "▼ clearly below the national figure"),
    "fig.league_own": ("Dit område: {names}", "Your area: {names}"),
    "fig.league_side_above": ("{points} procentpoint over landstallet",
                              "{points} percentage points above the national figure"),
    "fig.league_side_below": ("{points} procentpoint under landstallet",
                              "{points} percentage points below the national figure"),
    "summary.map": (
        "Kortet viser aktive grupper pr. 100.000 indbyggere i {n} {n:kommune|kommuner}; "
        "{without} har ingen aktiv gruppe i perioden. Flest pr. indbygger: {top}.",
        "The map shows active groups per 100,000 inhabitants in {n} "
        "{n:municipality|municipalities}; {without} {without:has|have} no active group in the "
        "period. Most per inhabitant: {top}."),
    "summary.funnel": (
        "I perioden afsluttede {completed} borgere behandling; {offered} blev tilbudt "
        "efterbehandling, {attended} kom i en gruppe inden 90 dage, og {engaged} var stadig med "
        "efter 6 måneder.",
        "In the period {completed} citizens completed treatment; {offered} were offered "
        "aftercare, {attended} joined a group within 90 days, and {engaged} were still engaged "
        "after 6 months."),
    "summary.activity": (
        "I perioden blev der holdt {meetings} møder, og frivillige lagde {hours} timer.",
        "In the period {meetings} meetings were held, and volunteers gave {hours} hours."),
    "summary.benchmark": (
        "{name}: {rate} nået (95 %-interval {low} – {high}); landstallet er {national}, "
        "sammenlignelige kommuner {peer}. Forskellen fra landstallet er {verdict}.",
        "{name}: {rate} reached (95% interval {low} – {high}); the national figure is "
        "{national}, comparable municipalities {peer}. Compared with the national figure "
        "it is {verdict}."),
    "summary.benchmark_none": ("Der er ikke nok synlige tal til en sammenligning.",
                               "There are not enough visible figures for a comparison."),
    "summary.league": (
        "Grafen viser {n} {n:kommunes|kommuners} andel nået med 95 %-intervaller; {higher} "
        "ligger klart over landstallet ({national}), {lower} klart under, resten kan ikke "
        "skelnes fra det.",
        "The chart shows the reach of {n} {n:municipality|municipalities} with 95% intervals; "
        "{higher} {higher:lies|lie} clearly above the national figure ({national}), {lower} "
        "clearly below, the rest cannot be told apart from it."),
    "verdict_text.higher": ("klart højere", "clearly higher"),
    "verdict_text.lower": ("klart lavere", "clearly lower"),
    "verdict_text.same": ("ikke til at skelne fra landstallet",
                          "not distinguishable from the national figure"),
}
