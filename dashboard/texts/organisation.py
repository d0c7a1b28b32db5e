"""The organisation page."""

TEXTS = {
    "organisation.title": ("Organisation", "Organisation"),
    "organisation.municipalities": ("kommuner med grupper", "municipalities with groups"),
    "organisation.volunteers_title": ("Frivillige og uddannelse pr. kommune",
                                      "Volunteers and training per municipality"),
    "organisation.volunteers_intro": (
        "«Under uddannelse» er aktive frivillige, der endnu ikke er uddannet i metoden: "
        "organisationens kommende facilitatorer.",
        "'In training' are active volunteers not yet trained in the method: the "
        "organisation's future facilitators."),
    "organisation.groups_title": ("Organisationens grupper", "The organisation's groups"),
}
