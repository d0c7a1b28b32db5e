"""The definitions page and the links to it from cards and charts."""

TEXTS = {
    "definitions.title": ("Definitioner", "Definitions"),
    "definitions.lead": (
        "Hvad hvert tal i Overblik betyder, hvordan det regnes ud, og hvordan tal om andre "
        "beskyttes. Teksten er den samme som projektets dokumentation og er skrevet på "
        "engelsk med de danske betegnelser ved siden af.",
        "What every figure in Overblik means, how it is computed, and how figures about "
        "others are protected: the project's own documentation."),
    "definitions.contents": ("Indhold", "Contents"),
    "definitions.link": ("Definition", "Definition"),
    "definitions.link_label": ("Definition: {title}", "Definition: {title}"),
}
