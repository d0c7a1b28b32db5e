"""Issue 13: direction of travel (year on year), incomplete quarters, retention and the
evening, weekend and online groups."""

TEXTS = {
    # direction of travel
    "yoy.title": ("Udvikling: samme periode sidste år", "Direction: the same period last year"),
    "yoy.period": (
        "{now} sammenlignet med {before}.",
        "{now} compared with {before}."),
    "yoy.trimmed": (
        "Sammenligningen slutter med {last}, fordi {quarters} er ufuldstændig.",
        "The comparison ends with {last} because {quarters} is incomplete."),
    "yoy.newcomers": (
        "Nye deltagere i grupperne: {now} mod {before} samme periode sidste år",
        "Newcomers to the groups: {now} against {before} in the same period last year"),
    "yoy.reach_rate": (
        "Andel nået inden 90 dage: {now} mod {before} samme periode sidste år",
        "Share reached within 90 days: {now} against {before} in the same period last year"),
    "yoy.higher": ("højere end samme periode sidste år", "higher than the same period last year"),
    "yoy.lower": ("lavere end samme periode sidste år", "lower than the same period last year"),
    "yoy.same": ("ingen sikker ændring", "no reliable change"),
    "yoy.none": ("kan ikke sammenlignes (for få eller ingen tal)",
                 "cannot be compared (too few figures or none)"),
    "yoy.p": ("p = {p}", "p = {p}"),
    "yoy.note": (
        "Pil og ord siger, om forskellen er statistisk sikker (p < 0,05): nye deltagere med en "
        "eksakt Poisson-test, andelen nået med en z-test for to andele.",
        "The arrow and the words say whether the difference is statistically reliable "
        "(p < 0.05): newcomers by an exact Poisson test, the share reached by a two-proportion "
        "z-test."),
    "summary.trend_yoy": (
        "{newcomers}: {newcomers_verdict}. {reach}: {reach_verdict}.",
        "{newcomers}: {newcomers_verdict}. {reach}: {reach_verdict}."),
    # incomplete quarters
    "incomplete.note": (
        "{quarter} er ufuldstændig: {missing} af {partners} partnere mangler at indberette. "
        "Tallene for kvartalet er foreløbige; et lavere tal er ikke nødvendigvis et fald.",
        "{quarter} is incomplete: {missing} of {partners} partners have not reported yet. The "
        "quarter's figures are provisional; a lower figure is not necessarily a drop."),
    "incomplete.mark": ("ufuldstændig", "incomplete"),
    # key figures
    "kpi.evening_weekend": ("aften- eller weekendgrupper", "evening or weekend groups"),
    "kpi.online": ("onlinegrupper", "online groups"),
    "kpi.share_of_groups": ("af de aktive grupper", "of the active groups"),
    "kpi.retention_12m": ("frivillige stadig aktive efter 12 mdr.",
                          "volunteers still active after 12 months"),
    "kpi.retention_12m_note": ("af dem, der var aktive {day}", "of those active on {day}"),
    # columns of the tables and CSV files
    "col.evening_weekend_share": ("Andel aften/weekend", "Share evening/weekend"),
    "col.online_share": ("Andel online", "Share online"),
    "col.retention_12m": ("Frivillige fastholdt 12 mdr.", "Volunteers retained 12 months"),
    "col.partners_missing": ("Partnere uden indberetning", "Partners not reported"),
    "col.measure": ("Mål", "Measure"),
    "col.from": ("Fra", "From"),
    "col.to": ("Til", "To"),
    "col.before_from": ("Sidste år fra", "Last year from"),
    "col.before_to": ("Sidste år til", "Last year to"),
    "col.now": ("Perioden", "The period"),
    "col.before": ("Samme periode sidste år", "Same period last year"),
    "col.now_base": ("Grundlag (afsluttede)", "Base (completed)"),
    "col.before_base": ("Grundlag sidste år", "Base last year"),
    "col.test": ("Test", "Test"),
    "col.statistic": ("Teststørrelse (z)", "Test statistic (z)"),
    "col.p_value": ("p-værdi", "p-value"),
    "col.change": ("Ændring", "Change"),
    "change.higher": ("højere end samme periode sidste år",
                      "higher than the same period last year"),
    "change.lower": ("lavere end samme periode sidste år", "lower than the same period last year"),
    "change.same": ("ingen sikker ændring", "no reliable change"),
    "measure.newcomers": ("nye deltagere", "newcomers"),
    "measure.reach_rate": ("andel nået inden 90 dage", "share reached within 90 days"),
    "test.poisson_exact": ("eksakt Poisson-test (betinget binomial)",
                           "exact Poisson test (conditional binomial)"),
    "test.two_proportion_z": ("z-test for to andele", "two-proportion z-test"),
}
