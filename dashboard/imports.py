"""Import results and problems in words, for the upload page and the `overblik import` command."""

from __future__ import annotations

from pathlib import Path

from dash import html

from dashboard.format import quarter as quarter_label
from dashboard.i18n import t
from dashboard.resources import project_path
from queries.importer import ImportResult, Problem

# Shipped beside the packages, as the assets are (dashboard/resources.py); the page says so
# if a deployment lacks them.
FORMATS_DOC = project_path("docs", "data-formats.md")
EXAMPLES = project_path("examples")
# What partners send; population (FOLK1A) comes from Danmarks Statistik, not a template.
TEMPLATE_KINDS = ("groups", "volunteers", "meetings", "hours", "aftercare")


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


def template_path(kind: str) -> str:
    return f"/download/template/{kind}.csv"


def template(kind: str, examples: Path = EXAMPLES) -> str | None:
    """A file to fill in: the example's header row and its first data row, or None for a kind
    without a template. Only the fixed kinds are read, never a path from the request."""
    if kind not in TEMPLATE_KINDS:
        return None
    source = examples / f"{kind}.csv"
    if not source.is_file():
        return None
    lines = [line for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    return "\r\n".join(lines[:2]) + "\r\n"


def template_links(kinds: tuple[str, ...] = TEMPLATE_KINDS) -> html.Ul:
    """One download link per kind: all on the formats page, the sender's own on upload."""
    return html.Ul([html.Li(html.A(t("formats.template", kind=t(f"kind.{kind}")),
                                   href=template_path(kind), download=f"skabelon-{kind}.csv"))
                    for kind in kinds if kind in TEMPLATE_KINDS], className="templates")
