"""Plain, accessible HTML tables of query rows, formatted by the shared column specs."""

from __future__ import annotations

from dash import html

from dashboard.tables import Column


def data_table(rows: list[dict], columns: list[Column], caption: str, lang: str = "da"
               ) -> html.Table:
    numeric = {c.key for c in columns if c.kind not in ("text",)}
    return html.Table(
        [
            html.Caption(caption),
            html.Thead(html.Tr([html.Th(c.label(lang), scope="col") for c in columns])),
            html.Tbody(
                [
                    html.Tr(
                        [
                            html.Td(c.show(row.get(c.key), lang),
                                    className="num" if c.key in numeric else None)
                            for c in columns
                        ],
                        className="own" if row.get("own") else None,
                    )
                    for row in rows
                ]
            ),
        ],
        className="data-table",
    )
