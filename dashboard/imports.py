"""Import results and problems in words, for the upload page and the `overblik import` command."""

from __future__ import annotations

from dashboard.i18n import t
from queries.importer import ImportResult, Problem


def describe_problem(problem: Problem, lang: str | None = None) -> str:
    """"Række 7, kolonne attendance, værdi '-2': tallet må ikke være negativt." and so on."""
    where = []
    if problem.row:
        where.append(t("import.where_row", lang, row=problem.row))
    if problem.column:
        where.append(t("import.where_column", lang, column=problem.column))
    if problem.value:
        where.append(t("import.where_value", lang, value=problem.value))
    reason = t(f"import.{problem.code}", lang, **problem.params)
    return (", ".join(where) + ": " if where else "") + reason


def describe_result(result: ImportResult, lang: str | None = None) -> str:
    """The outcome in one line, then what was skipped on purpose (regions in a FOLK1A file)."""
    text = t(f"import.status_{result.status}", lang, rows=result.rows,
             problems=len(result.problems), replaced=result.replaced or 0)
    notes = [t(f"import.{n.code}", lang, **n.params) for n in result.notes]
    return " ".join([text, *notes])
