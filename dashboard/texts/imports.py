"""Import: the upload page, results, and every reason a file or a row can be refused."""

TEXTS = {
    "import.where_row": ("Række {row}", "Row {row}"),
    "import.where_column": ("kolonne «{column}»", "column '{column}'"),
    "import.where_value": ("værdi «{value}»", "value '{value}'"),
    "import.status_imported": (
        "Indlæst: {rows} {rows:række|rækker} ({replaced} tidligere {replaced:række|rækker} "
        "erstattet).",
        "Imported: {rows} {rows:row|rows} ({replaced} earlier {replaced:row|rows} replaced)."),
    "import.status_unchanged": ("Filen er allerede indlæst; intet er ændret.",
                                "The file has already been imported; nothing changed."),
    "import.status_rejected": ("Filen er afvist: {problems} fejl. Intet er indlæst.",
                               "The file was rejected: {problems} {problems:problem|problems}. "
                               "Nothing was imported."),
    "import.status_checked": ("Filen er i orden: {rows} {rows:række|rækker} kan indlæses.",
                              "The file is fine: {rows} {rows:row|rows} can be imported."),
    "import.replaces": ("Indlæsningen erstatter de {replaced} rækker, der er gemt for {quarter}, "
                        "med filens {rows}.",
                        "Importing replaces the {replaced} rows stored for {quarter} with the "
                        "file's {rows}."),
    "import.replaces_none": ("Der er ingen gemte rækker for {quarter}; intet erstattes.",
                             "No rows are stored for {quarter}; nothing is replaced."),
    "import.updates": ("Indlæsningen ændrer {replaced} eksisterende med samme reference.",
                       "Importing changes {replaced} existing entries with the same "
                       "reference."),
    "import.title_lines_skipped": ("{count} {count:titellinje|titellinjer} over overskriften er "
                                   "sprunget over.",
                                   "{count} {count:title line|title lines} above the header "
                                   "{count:was|were} skipped."),
    "import.areas_skipped": ("Sprunget over, fordi det ikke er kommuner: {areas}.",
                             "Skipped because they are not municipalities: {areas}."),
    "import.periods_kept": ("Alle perioder er gemt som historik: {periods}; siderne bruger tallet "
                            "for den viste periode.",
                            "Every period is kept as history: {periods}; the pages use the "
                            "figure for the period shown."),
    "import.too_small": ("er for lille til at være en kommunes befolkning (under {limit})",
                         "is too small for a municipality's population (under {limit})"),
    "import.not_period": ("ikke en periode som 2024K1 eller 2024",
                          "not a period such as 2024K1 or 2024"),
    "import.unknown_kind": ("ukendt slags data", "unknown kind of data"),
    "import.organisation_needed": ("angiv organisationen, der indberetter",
                                   "say which organisation delivers the file"),
    "import.unknown_organisation": ("organisationen findes ikke", "no such organisation"),
    "import.municipality_needed": ("angiv en gyldig kommune, der indberetter",
                                   "say which (valid) municipality delivers the file"),
    "import.outside_scope": ("du kan kun indberette for din egen organisation eller kommune",
                             "you can only submit data for your own organisation or "
                             "municipality"),
    "import.too_large": ("filen er større end {limit} MB", "the file is larger than {limit} MB"),
    "import.too_many_rows": ("filen har flere end {limit} rækker",
                             "the file has more than {limit} rows"),
    "import.empty_file": ("filen er tom", "the file is empty"),
    "import.not_csv": ("filen kan ikke læses som CSV", "the file cannot be read as CSV"),
    "import.missing_column": ("kolonnen mangler i overskriften", "the column is missing from "
                              "the header"),
    "import.no_rows": ("filen har ingen datarækker", "the file has no data rows"),
    "import.no_quarter": ("kvartalet kan ikke bestemmes; angiv det", "the quarter cannot be "
                          "told; give it"),
    "import.empty": ("feltet skal udfyldes", "the field must be filled in"),
    "import.not_integer": ("skal være et helt tal", "must be a whole number"),
    "import.negative": ("må ikke være negativt", "must not be negative"),
    "import.too_big": ("er for stort (højst 9 cifre)", "is too large (at most 9 digits)"),
    "import.not_number": ("skal være et tal (decimalkomma er i orden)",
                          "must be a number (a decimal comma is fine)"),
    "import.not_date": ("skal være en dato (ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ)",
                        "must be a date (YYYY-MM-DD or DD-MM-YYYY)"),
    "import.not_month": ("skal være en måned (ÅÅÅÅ-MM)", "must be a month (YYYY-MM)"),
    "import.not_quarter": ("skal være et kvartal (fx 2024K1)", "must be a quarter (e.g. 2024K1)"),
    "import.not_time": ("skal være et klokkeslæt (TT:MM)", "must be a time (HH:MM)"),
    "import.unknown_choice": ("er ikke en af de tilladte værdier (se Dataformater)",
                              "is not one of the allowed values (see Data formats)"),
    "import.not_weekday": ("skal være en ugedag (mandag … søndag eller 0-6)",
                           "must be a weekday (Monday … Sunday or 0-6)"),
    "import.not_yes_no": ("skal være ja eller nej", "must be yes or no"),
    "import.too_long": ("teksten er for lang", "the text is too long"),
    "import.unknown_municipality": ("ukendt kommunekode", "unknown municipality code"),
    "import.unknown_group": ("gruppen findes ikke; indberet grupperne først",
                             "the group does not exist; submit the groups first"),
    "import.unknown_volunteer": ("den frivillige findes ikke; indberet de frivillige først",
                                 "the volunteer does not exist; submit the volunteers first"),
    "import.ref_unavailable": ("referencen kan ikke bruges; vælg en anden",
                               "the reference cannot be used; choose another"),
    "import.end_before_start": ("slutdatoen ligger før startdatoen",
                                "the end date lies before the start date"),
    "import.outside_quarter": ("ligger uden for kvartalet {quarter}",
                               "lies outside the quarter {quarter}"),
    "import.more_than": ("er større end {other}", "is larger than {other}"),
    "import.implausible": ("er urimeligt stort (over {limit})",
                           "is implausibly large (over {limit})"),
    "import.duplicate": ("rækken gentager række {first}", "the row repeats row {first}"),
    "import.too_many_problems": ("mere end {limit} fejl; resten er ikke tjekket",
                                 "more than {limit} problems; the rest was not checked"),
    "upload.title": ("Indberet data", "Submit data"),
    "upload.lead": (
        "Send kvartalets tal som en CSV-fil. Filen tjekkes række for række; er der fejl, "
        "indlæses intet, og du får en liste over, hvad der skal rettes. En rettet fil for "
        "samme kvartal erstatter den tidligere.",
        "Send the quarter's figures as a CSV file. The file is checked row by row; if "
        "anything is wrong, nothing is imported and you get a list of what to correct. A "
        "corrected file for the same quarter replaces the earlier one."),
    "upload.kind": ("Slags data", "Kind of data"),
    "upload.quarter": ("Kvartal", "Quarter"),
    "upload.file": ("Fil", "File"),
    "upload.drop": ("Træk en CSV-fil hertil, eller vælg en fil", "Drag a CSV file here, or "
                    "choose a file"),
    "upload.chosen": ("Valgt fil: {name}", "Chosen file: {name}"),
    "upload.check": ("Tjek filen", "Check the file"),
    "upload.import": ("Indlæs filen", "Import the file"),
    "upload.no_file": ("Vælg først en fil.", "Choose a file first."),
    "upload.not_allowed": ("Indberetning er for koordinatorer og kommunale ledere.",
                           "Submitting data is for coordinators and municipal managers."),
    "upload.formats": ("Hvordan filerne skal se ud", "What the files must look like"),
    "upload.templates": ("Skabeloner at udfylde", "Templates to fill in"),
    "formats.title": ("Dataformater", "Data formats"),
    "formats.lead": ("Sådan skal filerne se ud, som partnerne indberetter hvert kvartal. "
                     "Beskrivelsen nedenfor er på engelsk; kolonnenavne må skrives på dansk "
                     "eller engelsk.",
                     "What the files partners submit each quarter must look like. Column "
                     "names may be written in Danish or English."),
    "formats.templates": ("Skabeloner", "Templates"),
    "formats.template": ("Skabelon: {kind} (CSV)", "Template: {kind} (CSV)"),
    "formats.missing": ("Formatbeskrivelsen (docs/data-formats.md) findes ikke i denne "
                        "installation.",
                        "The format description (docs/data-formats.md) is missing from this "
                        "installation."),
    "upload.history": ("Tidligere indberetninger", "Earlier submissions"),
    "kind.groups": ("Grupper", "Groups"),
    "kind.volunteers": ("Frivillige", "Volunteers"),
    "kind.population": ("Befolkningstal (FOLK1A)", "Population (FOLK1A)"),
    "col.filename": ("Fil", "File"),
    "col.submitted_by": ("Indberettet af", "Submitted by"),
    "col.row_count": ("Rækker", "Rows"),
    "col.superseded": ("Erstattet", "Replaced"),
}
