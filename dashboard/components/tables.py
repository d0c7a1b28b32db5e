"""Accessible tables of query rows, formatted by the shared column specs.

A table is drawn as one Markdown component rather than one Dash component per cell: a
municipality table has some 2,000 cells, and the renderer's cost per component made
such pages freeze the browser for seconds. Markdown gives a plain <table> with a header
row; every cell is escaped, so text from partners' files can never become markup or a
link, and raw HTML is never allowed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote

from dash import dcc, html

from dashboard.i18n import current_lang
from dashboard.tables import Column

SPECIAL = re.compile(r"([\\`*_\[\]()|<>~!#{}])")


def cell(text: str) -> str:
    """One cell's text, inert: Markdown's special characters escaped, no line breaks."""
    return SPECIAL.sub(r"\\\1", " ".join(str(text).split())) or " "


def _numeric_cell(text: str) -> str:
    """A number's cell: digits, separators, «–», «..» and « %» need no escaping; only the
    «<» of a hidden count does (most of a table's cells, so this is the fast path)."""
    return cell(text) if "<" in text or not text else text


def markdown_table(rows: Iterable[dict], columns: list[Column], mark_own: bool = True) -> str:
    rows = list(rows)
    head = "| " + " | ".join(cell(c.label()) for c in columns) + " |"
    rule = "|" + "|".join("--:" if c.numeric else ":--" for c in columns) + "|"
    lang = current_lang()  # once per table, not once per cell (a table has thousands)
    # Column by column: one formatting call per column instead of several per cell.
    texts = []
    for c in columns:
        shown = c.texts([r.get(c.key) for r in rows], lang)
        texts.append([_numeric_cell(x) for x in shown] if c.numeric and not c.link
                     else [_linked(c, r, x) for r, x in zip(rows, shown, strict=True)])
    lines = [head, rule]
    for row, line in zip(rows, zip(*texts, strict=True) if texts else [()] * len(rows),
                         strict=True):
        if mark_own and row.get("own"):
            line = (f"**▶ {line[0]}**", *line[1:])  # marked by symbol and weight, not colour alone
        lines.append("| " + " | ".join(line) + " |")
    return "\n".join(lines)


def _linked(column: Column, row: dict, shown: str) -> str:
    """A cell's Markdown from its shown text; a linking column's cell links to the row's own
    page. The address is built here from the row's ref, every character but letters and
    digits percent-encoded, so a ref from a partner's file can only ever name a page of
    this site."""
    text = cell(shown)
    ref = row.get("ref")
    if column.link and ref:
        return f"[{text}]({column.link}{quote(str(ref), safe='')})"
    return text


def data_table(rows: Iterable[dict], columns: list[Column], caption: str,
               mark_own: bool = True) -> html.Figure:
    """A captioned table; the viewer's own rows are marked (▶ and bold)."""
    return html.Figure(
        [html.Figcaption(caption, className="table-caption"),
         dcc.Markdown(markdown_table(rows, columns, mark_own), className="data-table")],
        className="table-figure",
    )
