"""The groups page."""

TEXTS = {
    "groups.title": ("Grupper", "Groups"),
    "groups.lead": (
        "Alle grupper, der var åbne i perioden, med møder holdt og, for dine egne grupper, "
        "fremmøde og facilitatorer.",
        "Every group open in the period, with meetings held and, for your own groups, "
        "attendance and facilitators."),
    "groups.search": ("Søg", "Search"),
    "groups.search_hint": ("gruppe, kommune eller organisation",
                           "group, municipality or organisation"),
    "groups.sort": ("Sortér efter", "Sort by"),
    "groups.order": ("Rækkefølge", "Order"),
    "groups.ascending": ("stigende", "ascending"),
    "groups.descending": ("faldende", "descending"),
    "groups.count": ("{total} grupper", "{total} groups"),
    "groups.caption": ("Grupper i perioden", "Groups in the period"),
    "groups.meetings_download": ("Hent alle møder i perioden (CSV)",
                                 "Download every meeting in the period (CSV)"),
}
