"""Browser-tab titles of the pages, `title.<page module>` (see i18n.translate_page_titles),
and the words of Dash's dropdowns, which Dash itself only has in English."""

TEXTS = {
    "title.overview": ("Oversigt · Overblik", "Overview · Overblik"),
    "title.municipality": ("Kommune · Overblik", "Municipality · Overblik"),
    "title.organisation": ("Organisation · Overblik", "Organisation · Overblik"),
    "title.groups": ("Grupper · Overblik", "Groups · Overblik"),
    "title.status": ("Datastatus · Overblik", "Data status · Overblik"),
    "title.upload": ("Indberet · Overblik", "Submit data · Overblik"),
    "title.admin": ("Administration · Overblik", "Administration · Overblik"),
    "title.about": ("Om · Overblik", "About · Overblik"),
    "title.definitions": ("Definitioner · Overblik", "Definitions · Overblik"),
    "title.accessibility": ("Tilgængelighed · Overblik", "Accessibility · Overblik"),
    "dropdown.search": ("Søg", "Search"),
    "dropdown.clear": ("Ryd søgningen", "Clear the search"),
    "dropdown.select_all": ("Vælg alle", "Select all"),
    "dropdown.deselect_all": ("Fravælg alle", "Deselect all"),
    "dropdown.selected_count": ("{num_selected} valgt", "{num_selected} selected"),
    "dropdown.clear_selection": ("Ryd valget", "Clear the selection"),
    "dropdown.no_options_found": ("Ingen valgmuligheder passer", "No options found"),
    "dropdown.options": ("Valgmuligheder", "Options"),
}
