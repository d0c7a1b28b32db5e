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
    "group.title": ("Gruppe", "Group"),
    "group.heading": ("{name}", "{name}"),
    "group.label": ("{name} · {municipality} · {weekday} kl. {time}",
                    "{name} · {municipality} · {weekday} at {time}"),
    "group.facts": (
        "{method}, {organisation} i {municipality}, hver {weekday} kl. {time}{online}. "
        "Gruppens nummer: {ref}. Åben fra {start}{end}.",
        "{method}, {organisation} in {municipality}, every {weekday} at {time}{online}. "
        "Group number: {ref}. Open from {start}{end}."),
    "group.online": (", online", ", online"),
    "group.until": (" til {date}", " until {date}"),
    "group.see_municipality": ("Kommunens side", "The municipality's page"),
    "group.see_organisation": ("Organisationens side", "The organisation's page"),
    "group.all_groups": ("Alle grupper", "All groups"),
    "group.meetings": ("møder holdt", "meetings held"),
    "group.scheduled": ("planlagt efter ugeplanen", "scheduled by its weekly plan"),
    "group.regularity": ("regelmæssighed (holdt af planlagte)", "regularity (held of scheduled)"),
    "group.avg_attendance": ("fremmøde pr. møde", "attendance per meeting"),
    "group.newcomers": ("nye deltagere", "newcomers"),
    "group.facilitators": ("aktive facilitatorer", "active facilitators"),
    "group.trained": ("heraf uddannede", "of whom trained"),
    "group.coverage": ("Møder og regelmæssighed", "Meetings and regularity"),
    "group.people": ("Deltagere og facilitatorer", "Participants and facilitators"),
    "group.chart_title": ("Møder holdt og planlagt, og fremmøde pr. kvartal",
                          "Meetings held and scheduled, and attendance, per quarter"),
    "group.chart_title_public": ("Møder holdt og planlagt pr. kvartal",
                                 "Meetings held and scheduled per quarter"),
    "group.summary": (
        "I perioden holdt gruppen {meetings} af {scheduled} planlagte møder ({regularity}).",
        "In the period the group held {meetings} of {scheduled} scheduled meetings "
        "({regularity})."),
    "group.facilitator_note": (
        "Facilitatorer tælles, aldrig navngives: data rummer ingen navne.",
        "Facilitators are counted, never named: the data holds no names."),
    "group.outside": (
        "Gruppen hører ikke under dit område. Du ser det, gruppelisten viser alle: hvad "
        "gruppen er, og hvornår den mødtes. Fremmøde, nye deltagere og facilitatorer vises "
        "kun for grupper i dit område.",
        "This group is not in your scope. You see what the group list shows everyone: what "
        "the group is and when it met. Attendance, newcomers and facilitators are shown only "
        "for groups in your scope."),
    "group.unknown": ("Der findes ingen gruppe med nummeret {ref}.",
                      "There is no group with the number {ref}."),
    "group.same_name": ("Andre grupper med samme navn: {others}.",
                        "Other groups with the same name: {others}."),
}
