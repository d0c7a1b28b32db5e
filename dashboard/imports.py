"""Import results and problems in words, for the upload page and the `overblik import` command."""

from __future__ import annotations

from dashboard.format import quarter as quarter_label
from dashboard.i18n import t
from queries.importer import ImportResult, Problem


def describe_problem(problem: Problem, lang: str | None = None) -> str:
    """"Række 7, kolonne «fremmøde», værdi «-2»: må ikke være negativt." and so on: the column
    and value as written in the sender's file, so they can find the cell in their sheet."""
    where = []
    if problem.row:
        where.append(t("import.where_row", lang, row=problem.row))
    if problem.header or problem.column:
        where.append(t("import.where_column", lang, column=problem.header or problem.column))
    if problem.value:
        where.append(t("import.where_value", lang, value=problem.value))
    reason = t(f"import.{problem.code}", lang, **problem.params)
    return (", ".join(where) + ": " if where else "") + reason


def describe_result(result: ImportResult, lang: str | None = None) -> str:
    """The outcome in one line, then what was skipped on purpose (regions in a FOLK1A file)."""
    text = t(f"import.status_{result.status}", lang, rows=result.rows,
             problems=len(result.problems), replaced=result.replaced or 0)
    notes = [t(f"import.{n.code}", lang, **n.params) for n in result.notes]
    return " ".join([text, *replacement(result, lang), *notes])


def replacement(result: ImportResult, lang: str | None = None) -> list[str]:
    """Before importing, what the import would do to stored rows: "Erstatter 117 rækker for
    2024 K2 med 2." A quarterly file replaces the quarter; a register updates by reference."""
    if result.status != "checked" or result.replaced is None:
        return []
    if result.quarter is not None:
        key = "import.replaces" if result.replaced else "import.replaces_none"
        return [t(key, lang, replaced=result.replaced, rows=result.rows,
                  quarter=quarter_label(result.quarter))]
    return [t("import.updates", lang, replaced=result.replaced)] if result.replaced else []
