"""Plain, accessible HTML tables of query rows, formatted by the shared column specs."""

from __future__ import annotations

from collections.abc import Iterable

from dash import html

from dashboard.tables import Column


def data_table(rows: Iterable[dict], columns: list[Column], caption: str,
               header: list | None = None, mark_own: bool = True) -> html.Table:
    """A table with a caption and column headers; the viewer's own rows are marked (bold and
    a ▶), never by colour alone. User-supplied text is rendered as text, never as HTML."""
    head = header or [html.Th(c.label(), scope="col") for c in columns]
    body = []
    for row in rows:
        cells = []
        for i, c in enumerate(columns):
            text = c.show(row.get(c.key))
            if i == 0 and mark_own and row.get("own"):
                text = "▶ " + text
            cells.append(html.Td(text, className="num" if c.numeric else None))
        body.append(html.Tr(cells, className="own" if mark_own and row.get("own") else None))
    return html.Table(
        [html.Caption(caption), html.Thead(html.Tr(head)), html.Tbody(body)],
        className="data-table",
    )
