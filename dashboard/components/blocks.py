"""Filled panels for pages whose content is drawn whole by one callback (municipality,
organisation): a chart with summary, table and CSV link; a table with its CSV link."""

from __future__ import annotations

from dash import dcc, html

from dashboard.components.panels import GRAPH_CONFIG, definition_link, table_wrap
from dashboard.components.tables import data_table
from dashboard.definitions import panel_anchor
from dashboard.i18n import t
from dashboard.tables import Column


def chart_block(pid: str, title: str, figure: dict, summary: str, rows: list[dict],
                columns: list[Column], download: str | None, note: str | None = None,
                wide: bool = False) -> html.Section:
    return html.Section(
        [
            html.H2(title, id=f"{pid}-title"),
            definition_link(panel_anchor(pid), title),
            html.Div(dcc.Graph(id=f"{pid}-graph", figure=figure, config=GRAPH_CONFIG),
                     role="img", **{"aria-label": title, "aria-describedby": f"{pid}-summary"}),
            html.P(summary, id=f"{pid}-summary", className="summary"),
            html.P(note, className="source") if note else None,
            html.Details([html.Summary(t("note.chart_table")),
                          table_wrap(title, data_table(rows, columns, title))]),
            html.A(t("download.chart"), href=download, id=f"{pid}-download",
                   className="download") if download else None,
        ],
        className="panel wide" if wide else "panel",
        **{"aria-labelledby": f"{pid}-title"},
    )


def table_block(pid: str, title: str, rows: list[dict], columns: list[Column], download: str,
                intro: str | None = None, mark_own: bool = False) -> html.Section:
    return html.Section(
        [
            html.H2(title, id=f"{pid}-title"),
            definition_link(panel_anchor(pid), title),
            html.P(intro, className="lead-small") if intro else None,
            html.A(t("download.table"), href=download, id=f"{pid}-download",
                   className="download"),
            table_wrap(title, data_table(rows, columns, title, mark_own=mark_own) if rows
                       else html.P(t("note.no_data")), id=f"{pid}-table"),
        ],
        className="panel wide",
        **{"aria-labelledby": f"{pid}-title"},
    )
